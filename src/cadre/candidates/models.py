"""An external candidate's profile: what they tell about themselves beyond their account."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.models import TimeStampedModel
from cadre.core.permissions import DataClass
from cadre.orgs.choices import OrgKind

PHONE = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{4,30}$",
    _("Enter a telephone number: digits, spaces, brackets and dashes, optionally after +."),
    code="phone",
)
CV_MAX = 4000


class CandidateProfile(TimeStampedModel):
    """One per external candidate, made at sign-up (the account then inactive) and verified
    when they open the link mailed to them. Only its owner reaches it (decision 0033); the
    apps that run contests and competitions read it through their own grants."""

    scope_self_field: ClassVar[str | None] = "user"
    data_fields: ClassVar[dict[str, tuple[str, ...]]] = {DataClass.PERSONAL: ("phone",)}

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="candidate_profile",
    )
    phone = models.CharField(_("contact phone"), max_length=32, blank=True, validators=[PHONE])
    region = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("preferred region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind__in": [OrgKind.COUNTRY, OrgKind.REGION]},
        help_text=_("Where you would like to work."),
    )
    willing_to_relocate = models.BooleanField(_("willing to relocate"), default=False)
    cv = models.TextField(
        _("short CV"),
        max_length=CV_MAX,
        blank=True,
        help_text=_("Education, experience, skills: at most 4000 characters."),
    )
    verified_at = models.DateTimeField(_("address verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate profile")
        verbose_name_plural = _("candidate profiles")
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(verified_at__isnull=True),
                name="candidate_unverified_idx",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("candidates:profile")

    @property
    def verified(self) -> bool:
        return self.verified_at is not None
