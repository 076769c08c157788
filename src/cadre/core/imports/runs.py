"""Running an import: from the upload to the stored file, the job, the report."""

from __future__ import annotations

import errno
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cadre.core.errors import ApplicationError
from cadre.core.imports.files import check_workbook, count_rows, read_table
from cadre.core.imports.spec import IMPORTS, MODES, ImportReport, validate_rows
from cadre.core.jobmessages import job_message


def import_run(
    *,
    actor: Any,
    kind: str,
    path: Path,
    name: str,
    mode: str,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportReport:
    """Validate the whole file, then write according to ``mode`` in one transaction:
    ``check`` writes nothing, ``all`` writes only if every row is good, ``good`` writes the
    good rows. Bad input never leaves anything half-written."""
    from django.db import transaction

    if kind not in IMPORTS:
        raise ApplicationError(_("Unknown import kind."), field="kind", code="unknown_kind")
    if mode not in MODES:
        raise ApplicationError(_("Unknown import mode."), field="mode", code="unknown_mode")
    spec = IMPORTS[kind](actor=actor)
    report = ImportReport()
    if spec.run_bulk(path, name, mode, report, progress):
        return report
    total = count_rows(path, name)

    def validating(done: int) -> None:
        if progress is not None:
            progress(done, max(total, done), job_message(gettext_noop("Checking rows")))

    rows = validate_rows(spec, read_table(path, name), report, validating)
    if not report.rows:
        raise ApplicationError(
            _("The file has a header but no rows to import."), field="file", code="empty"
        )
    if progress is not None:
        progress(report.rows, report.rows, job_message(gettext_noop("Checking references")))
    good = [row for row in spec.resolve(rows, report) if row.ok]
    report.good_rows = len(good)
    if mode == "check" or (mode == "all" and report.error_count) or not good:
        return report

    def writing(done: int) -> None:
        if progress is not None:
            progress(done, len(good), job_message(gettext_noop("Writing")))

    writing(0)
    with transaction.atomic():
        spec.write(good, report, writing)
    # Only a file that changed something counts as written (and starts the recounts).
    report.written = report.unchanged < report.good_rows
    return report


def import_model(kind: str) -> Any:
    """The model whose ``add`` permission an import of ``kind`` needs."""
    from django.apps import apps

    return apps.get_model(IMPORTS[kind].model)


def store_upload(upload: Any, *, json_too: bool = False) -> Path:
    """Keep an uploaded file where a worker can read it; refuse files over the limit and of
    other types than CSV and XLSX (and JSON when ``json_too``)."""
    import uuid

    from django.conf import settings

    limit = settings.CADRE_IMPORT_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ApplicationError(
            _("The file is larger than %(mb)s MB; split it into several files.")
            % {"mb": settings.CADRE_IMPORT_MAX_MB},
            field="file",
            code="too_large",
        )
    suffix = Path(upload.name).suffix.lower()
    if json_too and suffix not in {".json", ".csv", ".txt", ".xlsx"}:
        raise ApplicationError(
            _("The file must be JSON (.json), CSV (.csv) or Excel (.xlsx)."),
            field="file",
            code="file_type",
        )
    if not json_too and suffix not in {".csv", ".txt", ".xlsx"}:
        raise ApplicationError(
            _("The file must be CSV (.csv) or Excel (.xlsx)."), field="file", code="file_type"
        )
    folder = Path(settings.DATA_DIR) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}{suffix}"
    try:
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    except OSError as exc:
        # A full disk (or quota) for the upload folder: nothing is kept, no job is made.
        path.unlink(missing_ok=True)
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        raise ApplicationError(
            _(
                "The server has no room left to keep the file; nothing was imported. "
                "Please try again later or tell the administrator."
            ),
            field="file",
            code="disk_full",
        ) from exc
    path.chmod(0o600)
    if suffix == ".xlsx":
        try:
            check_workbook(path)  # refused now, with the reason, not later in the job
        except ApplicationError:
            path.unlink(missing_ok=True)
            raise
    return path


def import_start(*, actor: Any, kind: str, mode: str, upload: Any) -> Any:
    """Check the request, keep the file, and start the import as a job."""

    from cadre.core.permissions import can
    from cadre.core.services import job_create

    if kind not in IMPORTS:
        raise ApplicationError(_("Unknown import kind."), field="kind", code="unknown_kind")
    if mode not in MODES:
        raise ApplicationError(_("Unknown import mode."), field="mode", code="unknown_mode")
    if not can(actor, import_model(kind)._meta.label_lower, "add"):
        raise ApplicationError(
            _("You may not import this kind of record."), field="kind", code="scope"
        )
    path = store_upload(upload)
    return job_create(
        actor=actor,
        kind="core.import",
        params={
            "kind": kind,
            "mode": mode,
            "path": str(path),
            "name": Path(upload.name).name[:200],
        },
    )


def template_rows(kind: str) -> tuple[list[str], list[str], list[tuple[str, str, str]]]:
    """Header, an example row, and (column, required, help) for the template of ``kind``."""
    spec = IMPORTS[kind]
    header = [c.name for c in spec.columns]
    example = [c.example for c in spec.columns]
    help_rows = [
        (c.name, _("required") if c.required else _("optional"), str(c.help)) for c in spec.columns
    ]
    return header, example, help_rows
