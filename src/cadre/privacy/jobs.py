"""The privacy app's jobs: a person's data export, an approved erasure, and the periodic
retention run and breach reminders."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import gettext_noop

from cadre.core.jobmessages import job_message
from cadre.core.tasks import job_handler
from cadre.privacy.models import DataExport


@job_handler("privacy.export", time_limit=900, label=_l("personal data export"))
def run_export(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    from cadre.privacy.erasure import sections
    from cadre.privacy.retention import export_dir, export_files
    from cadre.privacy.xlsx import write_xlsx

    export = DataExport.objects.select_related("employee").filter(pk=job.params["export"]).first()
    if export is None:  # removed before it ran
        return {"sections": 0, "rows": 0}
    person = export.employee
    out: dict[str, Any] = {
        "person": {"id": person.pk, "name": str(person)},
        "exported_at": timezone.now(),
        "sections": {},
    }
    from cadre.core.registry import personal_records

    total = len(personal_records())
    rows = 0
    for done, (spec, section) in enumerate(sections(person), start=1):
        out["sections"][spec.model] = section
        rows += len(section)
        progress(
            done,
            total,
            job_message(gettext_noop("Read %(n)s of %(total)s sections"), n=done, total=total),
        )
    export_dir().mkdir(parents=True, exist_ok=True)
    json_path, xlsx_path = export_files(export)
    json_path.write_text(json.dumps(out, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1))
    write_xlsx(xlsx_path, out)
    export.file_name = json_path.name
    export.save(update_fields=["file_name"])
    return {"sections": len(out["sections"]), "rows": rows}


@job_handler("privacy.erase", time_limit=1800, label=_l("erasure of a person's data"))
def run_erase(job: Any, progress: Callable[..., None]) -> dict[str, Any]:
    from cadre.privacy.services import erasure_execute

    request = erasure_execute(request_id=job.params["request"])
    return {"state": request.state, **request.outcome}


@shared_task(name="cadre.privacy.jobs.retention_apply_scheduled")
def retention_apply_scheduled() -> dict[str, Any]:
    from cadre.privacy.retention import apply

    return apply()


@shared_task(name="cadre.privacy.jobs.breach_reminders_scheduled")
def breach_reminders_scheduled() -> int:
    from cadre.privacy.breaches import breach_reminders_send

    return breach_reminders_send()
