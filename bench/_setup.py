"""Shared set-up of the benchmarks: Django on the database named by DATABASE_URL."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
os.environ.setdefault("CADRE_DATA_DIR", str(ROOT / "var" / "bench"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cadre_bench")
os.environ["CADRE_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ.setdefault("CADRE_TASKS", "eager")


def setup(people: int) -> None:
    """Migrate, load the demo and generate a synthetic country of ``people`` (once)."""
    import django

    django.setup()
    from django.core.management import call_command

    from cadre.accounts.models import User
    from cadre.demo.data import demo_load
    from cadre.demo.scale import generate
    from cadre.orgs.models import Organisation

    call_command("migrate", "--no-input", verbosity=0)
    demo_load()
    syn = Organisation.objects.filter(code="SYN").first()
    if syn is not None and not syn.name.startswith(f"Synthetic country ({people:,} "):
        sys.exit(
            f"{os.environ['DATABASE_URL']} holds another synthetic country ({syn.name}); "
            "use a fresh database"
        )
    if syn is None:
        started = time.perf_counter()
        counts = generate(actor=User.objects.get(username="admin"), people=people)
        print(f"generated {counts} in {time.perf_counter() - started:.1f} s", flush=True)
    from cadre.people.models import OrganisationFigures
    from cadre.people.selectors import figures_refresh

    if not OrganisationFigures.objects.filter(organisation__code="SYN").exists():
        started = time.perf_counter()
        written = figures_refresh()
        print(f"figures of {written} organisations in {time.perf_counter() - started:.1f} s")


def measure_pages(
    clients: dict[str, Any], pages: list[tuple[str, str, str]], runs: int, target_ms: int
) -> None:
    """p50/p95 of each ``(client, label, url)`` over ``runs`` requests after 2 warm-ups,
    through the whole Django stack in process; prints whether p95 is under ``target_ms``."""
    import statistics

    print(f"{'page':<36} {'p50 ms':>8} {'p95 ms':>8}  p95<{target_ms}ms")
    for who, label, url in pages:
        client = clients[who]
        timings = []
        for i in range(runs + 2):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if i >= 2:
                timings.append(elapsed)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{label:<36} {statistics.median(timings):8.0f} {p95:8.0f}  "
            f"{'yes' if p95 < target_ms else 'NO'}",
            flush=True,
        )
