"""List pages and the dashboard at national scale: p50/p95 per page (target p95 < 300 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench \\
        .venv/bin/python bench/registry_pages.py --people 1000000

Requests go through the whole Django stack in-process (middleware, session auth, scoping,
templates), without a network server, 2 warm-up + 20 measured requests each.
"""

from __future__ import annotations

import argparse
import statistics
import time

from _setup import setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    setup(args.people)

    from django.test import Client

    from cadre.accounts.models import RoleAssignment, User
    from cadre.accounts.services import user_create
    from cadre.orgs.models import Organisation

    admin = User.objects.get(username="admin")
    country = Organisation.objects.get(code="SYN")
    region = Organisation.objects.get(code="SYN-R01")
    hr = User.objects.filter(username="bench_hr").first()
    if hr is None:
        from django.db import transaction

        with transaction.atomic():
            hr = user_create(actor=admin, username="bench_hr", password="bench-password-123")
            RoleAssignment.objects.create(user=hr, role="hr_officer", organisation=region)
    pages = [
        ("admin", "people list, page 1", "/people/"),
        ("admin", "people list, page 200", "/people/?page=200"),
        ("admin", "people search by name", "/people/?q=Surname42"),
        ("admin", "people in IT units", f"/people/?within={region.pk}&it_staff=true"),
        ("admin", "posts with vacancies", f"/orgs/posts/?within={region.pk}&vacant=true"),
        ("admin", "organisations in a region", f"/orgs/?within={region.pk}"),
        ("admin", "API employees, 50", "/api/v1/employees/?page_size=50"),
        ("hr", "people list (region HR)", "/people/"),
        ("hr", "dashboard, region (region HR)", f"/people/dashboard/?within={region.pk}"),
        ("admin", "dashboard, region", f"/people/dashboard/?within={region.pk}"),
        ("admin", "dashboard, country", f"/people/dashboard/?within={country.pk}"),
    ]
    clients = {"admin": Client(), "hr": Client()}
    clients["admin"].force_login(admin)
    clients["hr"].force_login(hr)
    print(f"{'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  p95<300ms")
    for who, label, url in pages:
        client = clients[who]
        timings = []
        for i in range(args.runs + 2):
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (url, response.status_code)
            if i >= 2:
                timings.append(elapsed)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{label:<34} {statistics.median(timings):8.0f} {p95:8.0f} {timings[-1]:8.0f}  "
            f"{'yes' if p95 < 300 else 'NO'}",
            flush=True,
        )


if __name__ == "__main__":
    main()
