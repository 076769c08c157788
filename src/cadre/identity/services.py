"""Signing in through an identity provider: the link between the provider's subject and a
Cadre user, made at the first sign-in by one verified claim, and the audit of every
sign-in, link and refusal (docs/identity.md, decision 0026)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cadre.core.audit import audit_record
from cadre.core.choices import AuditSource
from cadre.identity.config import Provider
from cadre.identity.models import IdentityLink
from cadre.identity.oidc import SignInError
from cadre.people.selectors import user_ids_by_personal_id


def identity_refusal_record(
    *, provider: str, reason: str, subject: str = "", address: str = "", **details: Any
) -> None:
    """Write a refused sign-in to the audit log (in its own transaction: nothing else is
    written when a sign-in is refused)."""
    with transaction.atomic():
        audit_record(
            actor=None,
            action="identity.refused",
            object_type="identity.provider",
            object_id=provider,
            object_repr=provider,
            changes={"subject": subject, "address": address, **details},
            reason=reason,
            source=AuditSource.WEB,
        )


def _candidates(provider: Provider, claims: dict[str, Any]) -> tuple[list[int], str]:
    """The active users the configured claim points to, or a refusal."""
    label = provider.label
    if provider.match == "email":
        email = claims.get("email")
        if not isinstance(email, str) or not email:
            raise SignInError(
                _(
                    "%(provider)s did not send your e-mail address, so your Cadre account "
                    "cannot be found."
                )
                % {"provider": label},
                reason="no email claim",
            )
        if claims.get("email_verified") is not True:
            raise SignInError(
                _(
                    "%(provider)s has not verified your e-mail address, so it cannot be used "
                    "to find your Cadre account."
                )
                % {"provider": label},
                reason="email not verified",
            )
        users = get_user_model().objects.filter(email__iexact=email, is_active=True)
        return list(users.values_list("pk", flat=True)[:3]), "email"
    value = claims.get(provider.personal_id_claim)
    if not isinstance(value, str) or not value:
        raise SignInError(
            _(
                "%(provider)s did not send your national identifier, so your Cadre account "
                "cannot be found."
            )
            % {"provider": label},
            reason=f"no {provider.personal_id_claim} claim",
        )
    return user_ids_by_personal_id(value), provider.personal_id_claim


def identity_sign_in(
    *, provider: Provider, claims: dict[str, Any], address: str = ""
) -> tuple[Any, IdentityLink]:
    """The user a verified ID token's claims sign in as: by their link, or — at the first
    sign-in — by the one active user the configured claim matches, linked now. Refused
    (``SignInError``, audited) when the claim is missing or unverified, or matches nobody or
    more than one user, or the linked user is switched off."""
    subject = str(claims["sub"])
    try:
        return _sign_in(provider=provider, subject=subject, claims=claims, address=address)
    except SignInError as exc:
        identity_refusal_record(
            provider=provider.name, reason=exc.reason, subject=subject, address=address
        )
        raise


@transaction.atomic
def _sign_in(
    *, provider: Provider, subject: str, claims: dict[str, Any], address: str
) -> tuple[Any, IdentityLink]:
    link = (
        IdentityLink.objects.select_related("user")
        .filter(provider=provider.name, subject=subject)
        .first()
    )
    if link is None:
        ids, matched_on = _candidates(provider, claims)
        if not ids:
            raise SignInError(
                _(
                    "No Cadre account matches your %(provider)s identity. Ask your HR officer "
                    "to record your details in Cadre, then try again."
                )
                % {"provider": provider.label},
                reason=f"{matched_on} matches no user",
            )
        if len(ids) > 1:
            raise SignInError(
                _(
                    "Your %(provider)s identity matches more than one Cadre account, so you "
                    "were not signed in. Ask your HR officer to correct the accounts."
                )
                % {"provider": provider.label},
                reason=f"{matched_on} matches {len(ids)} users",
            )
        user = get_user_model().objects.get(pk=ids[0])
        try:
            with transaction.atomic():
                link = IdentityLink.objects.create(
                    user=user, provider=provider.name, subject=subject, matched_on=matched_on
                )
        except IntegrityError as exc:
            raise SignInError(
                _(
                    "Your Cadre account is already linked to another %(provider)s identity. "
                    "Ask your HR officer to check it."
                )
                % {"provider": provider.label},
                reason="user already linked to another subject",
            ) from exc
        audit_record(
            actor=user,
            action="identity.link",
            obj=link,
            object_repr=f"{user.get_username()} ← {link}",
            changes={"provider": provider.name, "subject": subject, "matched_on": matched_on},
            source=AuditSource.WEB,
        )
    user = link.user
    if not user.is_active:
        raise SignInError(
            _("Your Cadre account is switched off."), reason="linked user is not active"
        )
    link.last_sign_in_at = timezone.now()
    link.save(update_fields=["last_sign_in_at"])
    audit_record(
        actor=user,
        action="identity.sign_in",
        obj=link,
        object_repr=f"{user.get_username()} ← {link}",
        changes={"provider": provider.name, "address": address},
        source=AuditSource.WEB,
    )
    return user, link
