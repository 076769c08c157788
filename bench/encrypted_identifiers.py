"""Encrypted personal identifiers (decision 0038) at ``--people`` people (1,000,000):

1. lookup by the exact identifier through the ORM (``Employee.objects.get(personal_id=…)``:
   the blind index, then the token decrypted), p50/p95 over ``--lookups`` random people,
   beside a bare SQL read of the same row by its index column;
2. the people list API searched by the identifier (``/api/v1/employees/?q=…``) as a
   national administrator, p50/p95;
3. the key rotation (``keyrotation.rotate``: the read-only check of every value, then the
   re-encryption in batches of ``--batch``), the new key put first, the old one kept.

Targets (issue 23): lookup p95 ≤ 50 ms at 1,000,000 people; re-encrypting 1,000,000
identifiers ≤ 5 min. The people are written once by ``COPY`` (tokens and indexes computed
here) into their own organisation; PostgreSQL by default (``cadre_bench_crypto``)."""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
os.environ.setdefault("CADRE_DATA_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadre_bench_crypto")
os.environ["CADRE_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ.setdefault("CADRE_TASKS", "eager")
os.environ.setdefault("CADRE_MFA_REQUIRED", "false")  # the API as a signed-in session

LOOKUP_TARGET_MS = 50.0
ROTATE_TARGET_S = 300.0


def _pid(n: int) -> str:
    return f"BEN{n:09d}"


def build(admin: object, people: int) -> None:
    from django.db import connection

    from cadre.core.encryption import blind_index, encrypt
    from cadre.orgs.choices import OrgKind
    from cadre.orgs.models import Organisation
    from cadre.orgs.services import organisation_create
    from cadre.people.models import Employee

    org = Organisation.objects.filter(code="BENCH-CRYPTO").first()
    if org is None:
        org = organisation_create(
            actor=admin, name="Bench (crypto)", code="BENCH-CRYPTO", kind=OrgKind.COUNTRY
        )
    have = Employee.objects.filter(organisation=org).count()
    if have >= people:
        return
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY people_employee (created_at, updated_at, personal_id, personal_id_index, "
            "last_name, first_name, middle_name, birth_date, gender, email, phone, "
            "organisation_id, is_active) FROM STDIN"
        ) as copy,
    ):
        for n in range(have, people):
            pid = _pid(n)
            copy.write_row(
                (
                    "2026-01-01T00:00:00Z",
                    "2026-01-01T00:00:00Z",
                    encrypt(pid),
                    blind_index(pid),
                    f"Person{n}",
                    "Bench",
                    "",
                    "1980-01-01",
                    "F",
                    "",
                    "",
                    org.pk,
                    True,
                )
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_employee")
    print(f"wrote {people - have:,} people in {time.perf_counter() - started:.1f} s")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def line(label: str, samples: list[float], target: float) -> None:
    p50, p95 = statistics.median(samples), pct(samples, 0.95)
    print(
        f"{label:<44} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  target ≤ {target:.0f} ms  "
        f"ratio {p95 / target:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--no-rotate", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from cryptography.fernet import Fernet
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings

    from cadre.core import keyrotation
    from cadre.core.encryption import blind_index
    from cadre.people.models import Employee

    call_command("migrate", "--no-input", verbosity=0)
    from cadre.accounts import services as accounts
    from cadre.accounts.models import User

    admin = User.objects.filter(username="bench-admin").first()
    if admin is None:
        admin = accounts.national_admin_bootstrap(username="bench-admin", password="x" * 24)
    build(admin, args.people)
    total = Employee.objects.count()
    print(f"{total:,} people on {connection.vendor}")
    rng = random.Random(23)
    picks = [_pid(rng.randrange(args.people)) for _ in range(args.lookups)]

    orm, bare = [], []
    for pid in picks[:5]:
        Employee.objects.get(personal_id=pid)
    for pid in picks:
        start = time.perf_counter()
        found = Employee.objects.get(personal_id=pid)
        orm.append((time.perf_counter() - start) * 1000)
        assert found.personal_id == pid
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, personal_id FROM people_employee WHERE personal_id_index = %s",
                [blind_index(pid)],
            )
            cursor.fetchone()
        bare.append((time.perf_counter() - start) * 1000)
    line("lookup, ORM (index + decrypt)", orm, LOOKUP_TARGET_MS)
    line("lookup, bare SQL by the index (baseline)", bare, LOOKUP_TARGET_MS)
    print(f"  ORM / bare SQL p95: {pct(orm, 0.95) / pct(bare, 0.95):.2f}")

    client = Client()
    client.force_login(admin)
    api = []
    for pid in picks[: max(50, args.lookups // 5)]:
        start = time.perf_counter()
        response = client.get("/api/v1/employees/", {"q": pid})
        api.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        assert [r["personal_id"] for r in response.json()["results"]] == [pid]
    line("people API searched by the identifier", api, LOOKUP_TARGET_MS)

    if args.no_rotate:
        return
    new = Fernet.generate_key().decode()
    keys = [new, *settings.CADRE_FIELD_KEYS]
    with override_settings(CADRE_FIELD_KEYS=keys):
        start = time.perf_counter()
        keyrotation.check(args.batch)
        checked = time.perf_counter() - start
        start = time.perf_counter()
        counts = keyrotation.rotate(args.batch)
        took = time.perf_counter() - start
    rotated = sum(c.rotated for c in counts)
    print(
        f"{'rotation: check of every value (read only)':<44} {checked:7.1f} s "
        f"({total / checked:,.0f} values/s)"
    )
    print(
        f"{'rotation: check + re-encryption':<44} {took:7.1f} s for {rotated:,} values "
        f"({rotated / took:,.0f}/s)  target ≤ {ROTATE_TARGET_S:.0f} s at 1,000,000  "
        f"ratio {took / ROTATE_TARGET_S * 1_000_000 / max(rotated, 1):.3f} (scaled to 1M)"
    )
    # Back under the configured key, so that the database serves the next run.
    with override_settings(CADRE_FIELD_KEYS=[*settings.CADRE_FIELD_KEYS, new]):
        start = time.perf_counter()
        back = sum(c.rotated for c in keyrotation.rotate(args.batch))
        took = time.perf_counter() - start
    print(f"{'rotation back to the configured key':<44} {took:7.1f} s for {back:,} values")


if __name__ == "__main__":
    main()
