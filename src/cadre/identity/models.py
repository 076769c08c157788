"""Which Cadre user an identity provider's subject is (docs/identity.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentityLink(models.Model):
    """A provider's subject (``sub``) bound to a user at their first sign-in, by the
    verified claim the provider is configured to match on. Later sign-ins use the link only;
    it grants nothing: roles come from Cadre's role assignments."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="identity_links",
    )
    provider = models.CharField(_("identity provider"), max_length=40)
    subject = models.CharField(_("subject"), max_length=255)
    matched_on = models.CharField(_("matched on"), max_length=40)
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    last_sign_in_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity link")
        verbose_name_plural = _("identity links")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"],
                name="identity_link_unique_subject",
                violation_error_message=_("This identity is already linked to a user."),
            ),
            models.UniqueConstraint(
                fields=["provider", "user"],
                name="identity_link_unique_user",
                violation_error_message=_("This user already has an identity at this provider."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.subject}"
