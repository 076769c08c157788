"""Base models shared by every app, the audit log and the job table."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.choices import AuditSource, JobStatus
from cadre.core.fields import PathField
from cadre.core.labels import action_label, job_kind_label
from cadre.core.scoping import ScopedModel


class TimeStampedModel(ScopedModel):
    """Abstract base: creation and update time and user, filled in by the services."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never searched by; one index less to keep on every insert
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        abstract = True


class AuditHead(models.Model):
    """The newest event of each audit chain; locked while an event is appended."""

    chain = models.CharField(max_length=40, primary_key=True)
    last_event_id = models.BigIntegerField(null=True)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"{self.chain}@{self.last_event_id}"


class AuditEvent(ScopedModel):
    """One append-only entry of the audit log: who did what to which object, when and why.

    Each event carries the SHA-256 of its own content and of the previous event of its
    chain (``prev_hash``), so editing or deleting any event breaks the chain at that event;
    ``cadre audit-verify`` names the first broken one. A database trigger refuses UPDATE and
    DELETE on this table.
    """

    scope_org_path: ClassVar[str | None] = "organisation_path"

    chain = models.CharField(_("chain"), max_length=40, default="main")
    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_repr = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    organisation_path = PathField(_("organisation"), blank=True, db_index=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=AuditSource.choices, default=AuditSource.SYSTEM
    )
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    @property
    def action_label(self) -> str:
        """The action as the user's language says it (``core/labels.py``)."""
        return action_label(self.action)

    def get_absolute_url(self) -> str:
        return reverse("core:auditevent_detail", args=[self.pk])

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValueError("audit events are append-only")


class Job(ScopedModel):
    """A piece of long work (an import, a recomputation, a report) and its progress."""

    scope_self_field: ClassVar[str | None] = "created_by"
    scope_org_path: ClassVar[str | None] = "organisation_path"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=255, blank=True)
    # The message's source text and parameters, to show it in each reader's language
    # (``core.jobmessages``); empty for an error's text and for jobs written before.
    message_key = models.JSONField(_("message source"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
    )
    organisation_path = PathField(_("organisation"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The runner writes a heartbeat while the job runs; one that stops answering, or runs
    # past its time limit, is marked failed by ``job_reap`` (decision 0005).
    heartbeat_at = models.DateTimeField(_("last heard from"), null=True, blank=True)
    time_limit = models.PositiveIntegerField(_("time limit (seconds)"), default=3600)
    # The requester's language: progress messages and results are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_done__lte=models.F("progress_total"))
                | models.Q(progress_total=0),
                name="job_progress_within_total",
                violation_error_message=_("Progress cannot exceed the total."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} ({self.get_status_display()})"

    @property
    def kind_label(self) -> str:
        """The kind as the user's language says it (``core/labels.py``)."""
        return job_kind_label(self.kind)

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", args=[self.pk])

    @property
    def display_message(self) -> str:
        """The message in the reader's language (``core.jobmessages``)."""
        from cadre.core.jobmessages import render

        return render(self.message, self.message_key)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(100 * self.progress_done / self.progress_total))

    @property
    def finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}
