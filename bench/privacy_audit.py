"""What erasure costs the audit log (decision 0034): ``audit_verify`` over a chain of
``--events`` events before any redaction (the baseline: verification as it was) and after
the events of ``--erased`` people were redacted (each with its own redaction event), and
the redaction itself (events per second, one person at a time as an erasure job does).
SQLite by default (``var/bench/privacy.sqlite3``, rebuilt), PostgreSQL with
``DATABASE_URL``. Targets: verification after redaction ≤ 1.2 × the baseline; a person's
events redacted at ≥ 1,000 events/s."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
os.environ.setdefault("CADRE_DATA_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'privacy.sqlite3'}")
os.environ["CADRE_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--erased", type=int, default=100)
    args = parser.parse_args()
    db = Path(ROOT / "var" / "bench" / "privacy.sqlite3")
    if os.environ["DATABASE_URL"].startswith("sqlite") and db.exists():
        db.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from cadre.core.audit import (
        REDACTED,
        AuditEntry,
        audit_record_many,
        audit_redact,
        audit_verify,
        redact_value,
    )
    from cadre.core.models import AuditEvent

    call_command("migrate", "--no-input", verbosity=0)
    chain = f"bench-{time.time_ns()}"
    entries = [
        AuditEntry(
            action="update",
            object_type="bench.person",
            object_id=str(i % args.people),
            object_repr=f"Person {i % args.people}",
            organisation_path="/1/",
            changes={"last_name": [f"Old{i}", f"New{i}"], "birth_date": ["1980-01-01", None]},
        )
        for i in range(args.events)
    ]
    with transaction.atomic():
        audit_record_many(actor=None, entries=entries, chain=chain)

    def verify() -> float:
        start = time.perf_counter()
        report = audit_verify(chain=chain)
        took = time.perf_counter() - start
        assert report.ok, report
        return took

    baseline = min(verify() for _ in range(3))

    def redact(event: AuditEvent) -> bool:
        event.changes = redact_value(event.changes)
        event.object_repr = REDACTED
        return True

    redacted = 0
    start = time.perf_counter()
    for person in range(args.erased):
        with transaction.atomic():
            events = AuditEvent.objects.filter(
                chain=chain, object_type="bench.person", object_id=str(person)
            ).order_by("id")
            redacted += audit_redact(actor=None, events=events, redact=redact)
    took = time.perf_counter() - start
    after = min(verify() for _ in range(3))
    print(f"chain: {args.events:,} events; {args.erased} of {args.people:,} people erased")
    print(
        f"verify before: {baseline * 1000:.0f} ms   after: {after * 1000:.0f} ms   "
        f"ratio {after / baseline:.2f} (target ≤ 1.2)"
    )
    print(
        f"redaction: {redacted:,} events in {took:.2f} s = {redacted / took:,.0f} events/s "
        f"(target ≥ 1,000), {took / args.erased * 1000:.0f} ms a person"
    )


if __name__ == "__main__":
    main()
