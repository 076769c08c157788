"""List pages and the dashboard at national scale: p50/p95 per page (target p95 < 300 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre_bench \\
        .venv/bin/python bench/registry_pages.py --people 1000000

Requests go through the whole Django stack in-process (middleware, session auth, scoping,
templates), without a network server, 2 warm-up + 20 measured requests each.
"""

from __future__ import annotations

import argparse

from _setup import measure_pages, setup


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
        ("admin", "headcount drill-down", f"/people/?within={region.pk}&figure=headcount"),
        ("admin", "IT-unit staff drill-down", f"/people/?within={region.pk}&figure=it_headcount"),
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
    measure_pages(clients, pages, args.runs, target_ms=300)


if __name__ == "__main__":
    main()
