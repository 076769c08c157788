"""Generated read-only scope tests for the audit log and jobs."""

from __future__ import annotations

import itertools
from typing import Any

from cadre.core.models import AuditEvent, Job
from cadre.core.services import job_create
from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.orgs.services import organisation_create

_seq = itertools.count(1)


class TestAuditEventRead(crud.UIList, crud.APIRead):
    model = AuditEvent
    url_prefix = "core:auditevent"
    api_basename = "auditevent"
    writer = "auditor_a"  # nobody writes the audit log; auditor_a reads body A only

    def make(self, world: World, where: str) -> AuditEvent:
        n = next(_seq)
        org = organisation_create(
            actor=world.users["admin"],
            name=f"Audited {n}",
            code=f"AUD-{n}",
            kind="unit",
            parent=world.orgs[f"body_{where}"],
        )
        return AuditEvent.objects.get(object_type="orgs.organisation", object_id=str(org.pk))

    def export_key(self, obj: AuditEvent) -> str:
        return str(obj.pk)


class TestJobRead(crud.UIList, crud.APIRead):
    model = Job
    url_prefix = "core:job"
    api_basename = "job"
    export_column = -1

    def make(self, world: World, where: str) -> Job:
        return job_create(
            actor=world.users["admin"],
            kind="core.audit_verify",
            organisation_path=world.orgs[f"body_{where}"].path,
        )

    def export_key(self, obj: Any) -> str:
        return str(obj.pk)
