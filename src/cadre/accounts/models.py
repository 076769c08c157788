"""Users, their role assignments (scoped to an organisation subtree) and API tokens."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadre.accounts.choices import NATIONAL_ROLES, Role
from cadre.core.i18n_names import person_name
from cadre.core.scoping import ScopedModel, ScopedQuerySet


class UserQuerySet(ScopedQuerySet):
    pass


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    def get_by_natural_key(self, username: str | None) -> User:
        """The account signing in, whatever the case typed (an external candidate's username
        is their e-mail address): the exact name first, else the one account equal to it
        without case; two such accounts (made before names were unique without case) find
        neither, as an unknown name."""
        try:
            return self.get(username=username)
        except self.model.DoesNotExist:
            matches = list(self.filter(username__iexact=username)[:2])
            if len(matches) == 1:
                return matches[0]
            raise


class User(AbstractUser):
    """A person who signs in: staff of a body, an auditor, a training provider.

    Users are never deleted (the audit log points at them); they are deactivated.
    A user is seen by those whose scope covers one of the user's role assignments.
    """

    scope_org_path: ClassVar[str | None] = "role_assignments__organisation__path"
    scope_self_field: ClassVar[str | None] = "pk"
    scope_many: ClassVar[bool] = True

    objects: ClassVar[UserManager] = UserManager()

    # Set when the user switches language; their e-mail notices are written in it.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        default="",
        help_text=_("Notices are written in it; blank: the site's default language."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username

    def get_full_name(self) -> str:
        """The account's name family name first, as every person's name in Cadre
        (``person_name``): "Nguyễn Thị Lan", "Ахметов Данияр", whatever the reader's
        language (issue 18); blank when neither name is set."""
        return person_name(self.last_name or "", self.first_name or "")

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])


class LoginThrottle(models.Model):
    """Failed sign-ins counted under one key: a network, an account (the username as typed,
    whether or not it exists) or an account from one network (decision 0013).

    The key holds only a keyed hash, never the address or the username typed (which is
    sometimes a password). ``strikes`` counts the pauses imposed so far; each pause is
    twice as long as the one before, and strikes are forgotten after a quiet day."""

    key = models.CharField(_("key"), max_length=80, unique=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    strikes = models.PositiveSmallIntegerField(_("pauses so far"), default=0)
    last_failure_at = models.DateTimeField(_("last failure"))
    blocked_until = models.DateTimeField(_("paused until"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")
        indexes = [models.Index(fields=["last_failure_at"], name="login_throttle_last_idx")]

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.failures}/{self.strikes}"


class RoleAssignment(ScopedModel):
    """A role held by a user over an organisation and everything under it.

    No organisation means the whole country; only national roles may be held that way.
    """

    scope_org_path: ClassVar[str | None] = "organisation__path"

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text=_("The role reaches this organisation and everything under it."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                name="role_assignment_unique",
                violation_error_message=_("This user already holds this role here."),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(organisation__isnull=True),
                name="role_assignment_unique_national",
                violation_error_message=_("This user already holds this role nationally."),
            ),
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False)
                | models.Q(role__in=[r.value for r in NATIONAL_ROLES]),
                name="role_assignment_org_required",
                violation_error_message=_("This role must be given over an organisation."),
            ),
        ]

    def __str__(self) -> str:
        where = self.organisation or _("whole country")
        return f"{self.user.username}: {self.get_role_display()} — {where}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:roleassignment_detail", args=[self.pk])


def hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(ScopedModel):
    """A secret for API clients. Only its SHA-256 is stored; the key is shown once."""

    scope_self_field: ClassVar[str | None] = "user"

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
