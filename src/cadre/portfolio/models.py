"""The IT portfolio (docs/projects.md, decision 0024): the IT projects and information
systems of every body with what they do, and the overlaps between bodies' entries that the
overlap detection finds and IT coordinators decide."""

from __future__ import annotations

import hashlib
import json
from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cadre.core.fields import subtree_q
from cadre.core.scoping import ScopedModel
from cadre.core.translated import pick
from cadre.orgs.choices import Currency
from cadre.orgs.models import Organisation
from cadre.portfolio.choices import Decision, OverlapState, Stage, SystemKind


class Capability(ScopedModel):
    """What a system does, from the shared taxonomy (document flow, CRM, payments…): a
    code and a name in each UI language. Seeded by a migration; every role reads it."""

    scope_reference: ClassVar[bool] = True

    code = models.SlugField(_("code"), max_length=40, unique=True)
    names = models.JSONField(_("names"), default=dict)

    class Meta:
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        ordering = ["code"]

    def __str__(self) -> str:
        return pick(self.names) or self.code


class System(ScopedModel):
    """An IT project or an information system of a body: what it does (capabilities, the
    description in its author's language, the data sets it keeps), its technology, cost
    and lifecycle stage. ``fingerprint`` digests what the overlap score reads: a decided
    overlap re-opens when it changes."""

    scope_org_path: ClassVar[str | None] = "owner__path"

    kind = models.CharField(_("kind"), max_length=10, choices=SystemKind.choices)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"))
    language = models.CharField(
        _("language of the description"), max_length=8, choices=settings.LANGUAGES
    )
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner body"), on_delete=models.PROTECT, related_name="+"
    )
    capabilities = models.ManyToManyField(
        Capability, verbose_name=_("capabilities"), related_name="systems"
    )
    data_sets = models.JSONField(_("data sets kept"), default=list, blank=True)
    technology = models.CharField(_("technology"), max_length=255, blank=True)
    cost = models.BigIntegerField(
        _("cost, minor units"), validators=[MinValueValidator(1)], null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    start_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("start approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    start_approved_at = models.DateTimeField(_("start approved at"), null=True, blank=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("IT portfolio entry")
        verbose_name_plural = _("IT portfolio")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["updated_at"], name="portfolio_system_updated")]
        constraints = [
            models.CheckConstraint(
                condition=Q(cost__isnull=True) | Q(cost__gt=0),
                name="portfolio_system_cost_positive",
                violation_error_message=_("The cost must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portfolio:system_detail", args=[self.pk])

    def score_text(self) -> str:
        """What the description similarity reads: name, description, data sets, technology."""
        return " ".join([self.name, self.description, *self.data_sets, self.technology])


def fingerprint(
    *, kind: str, name: str, description: str, codes: Any, data_sets: Any, technology: str
) -> str:
    """The digest of an entry's content that an overlap decision rests on."""
    content = [kind, name, description, sorted(codes), list(data_sets), technology]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()


class Overlap(ScopedModel):
    """Two entries of different bodies that may do the same thing (``system_a`` has the
    smaller id): the score, its components and what matched; the coordinator's decision
    with its reason and the fingerprints of both entries when it was taken."""

    scope_org_path: ClassVar[str | None] = "system_a__owner__path"

    @staticmethod
    def scope_subtree_extra(path: str, action: str) -> Q:
        """A pair is seen from either body (deciding it asks more: services.overlap_decide)."""
        return subtree_q("system_b__owner__path", path)

    system_a = models.ForeignKey(
        System, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="+"
    )
    system_b = models.ForeignKey(
        System, verbose_name=_("other entry"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"))
    capability_similarity = models.FloatField(_("shared capabilities (Jaccard)"))
    text_similarity = models.FloatField(_("description similarity (cosine)"))
    shared_capabilities = models.JSONField(_("shared capabilities"), default=list)
    shared_terms = models.JSONField(_("matching words"), default=list)
    found_at = models.DateTimeField(_("found at"))
    state = models.CharField(
        _("state"), max_length=10, choices=OverlapState.choices, default=OverlapState.OPEN
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_fingerprint = models.CharField(max_length=129, blank=True, editable=False)

    class Meta:
        verbose_name = _("overlap")
        verbose_name_plural = _("overlaps")
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["system_a", "system_b"],
                name="portfolio_overlap_once",
                violation_error_message=_("This pair is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(system_a__lt=models.F("system_b")), name="portfolio_overlap_ordered"
            ),
        ]
        indexes = [models.Index(fields=["state", "-score"], name="portfolio_overlap_queue")]

    def __str__(self) -> str:
        return f"{self.system_a} ↔ {self.system_b}"

    def get_absolute_url(self) -> str:
        return reverse("portfolio:overlap_detail", args=[self.pk])


class StartPolicy(ScopedModel):
    """A body's own rule, over its subtree, whether an IT project's start (idea →
    development) needs an IT coordinator's approval. A body without one follows the
    nearest body above it with one, else the national ``CADRE_PORTFOLIO_START_APPROVAL``."""

    scope_org_path: ClassVar[str | None] = "organisation__path"

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("body"), on_delete=models.CASCADE, related_name="+"
    )
    approval_required = models.BooleanField(_("the start needs a coordinator's approval"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("start approval policy")
        verbose_name_plural = _("start approval policies")
        ordering = ["organisation__path"]

    def __str__(self) -> str:
        return str(self.organisation)
