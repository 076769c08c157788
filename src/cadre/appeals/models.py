"""Appeals against a pay line (``docs/pay.md``, decision 0019): filed by the person within a
window of working days, decided by a panel that excludes their manager and the run's
proposer, with reasons, before a deadline; an upheld or amended appeal produces a correction
run. Appeals carry amounts: they are in the ``pay`` data class; the panel reaches the
appeals it sits on by membership, the person their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.permissions import DataClass
from cadre.core.scoping import ScopedModel
from cadre.pay.models import Run, RunLine


def evidence_storage() -> FileSystemStorage:
    """Evidence is kept under the data directory, never served as public media."""
    return FileSystemStorage(location=Path(settings.DATA_DIR) / "appeal-evidence", base_url=None)


class AppealState(models.TextChoices):
    FILED = "filed", _("Filed")
    ADMITTED = "admitted", _("Admitted")
    UPHELD = "upheld", _("Upheld")
    AMENDED = "amended", _("Amended")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATES = (AppealState.FILED, AppealState.ADMITTED)


class Appeal(ScopedModel):
    """A person's appeal against their line of an approved run."""

    data_class: ClassVar[str | None] = DataClass.PAY
    scope_org_path: ClassVar[str | None] = "line__organisation__path"
    scope_self_field: ClassVar[str | None] = "line__employee__user"
    scope_member_field: ClassVar[str | None] = "panel__user"
    scope_many: ClassVar[bool] = True

    line = models.ForeignKey(
        RunLine, verbose_name=_("pay line"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=AppealState.choices, default=AppealState.FILED
    )
    grounds = models.TextField(_("grounds"))
    evidence = models.FileField(
        _("evidence"), upload_to="%Y/%m/", storage=evidence_storage, blank=True
    )
    filed_at = models.DateTimeField(_("filed at"))
    window_ends = models.DateField(_("appeal window ends"))
    admitted_at = models.DateTimeField(_("admitted at"), null=True, blank=True)
    decide_by = models.DateField(_("decision due by"), null=True, blank=True)
    # When the panel was reminded that the decision is overdue (once per appeal).
    reminded_at = models.DateTimeField(_("reminded of the overdue decision"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)
    amended_achievement = models.DecimalField(
        _("achievement as amended"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    correction = models.ForeignKey(
        Run,
        verbose_name=_("correction run"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["line"],
                condition=Q(state__in=["filed", "admitted"]),
                name="appeal_one_open_per_line",
                violation_error_message=_("This pay line already has an appeal under way."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} · {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def get_absolute_url(self) -> str:
        return reverse("appeals:appeal_detail", args=[self.pk])


class PanelMember(models.Model):
    """A member of the panel that decides an appeal."""

    appeal = models.ForeignKey(
        Appeal, verbose_name=_("appeal"), on_delete=models.CASCADE, related_name="panel"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(fields=["appeal", "user"], name="appeal_panel_member_once")
        ]

    def __str__(self) -> str:
        return str(self.user)
