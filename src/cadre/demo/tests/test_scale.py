"""The national-scale generator makes a consistent country (tested small)."""

from __future__ import annotations

from cadre.core.audit import audit_verify
from cadre.core.fields import subtree_q
from cadre.demo.scale import generate
from cadre.orgs.models import Organisation
from cadre.people.models import Assignment, Employee
from cadre.people.selectors import indicators


def test_generate_builds_a_consistent_country(db: None) -> None:
    from cadre.accounts.services import national_admin_bootstrap

    admin = national_admin_bootstrap(username="root", password="a-long-enough-password")
    counts = generate(actor=admin, people=2000)
    country = Organisation.objects.get(code="SYN")
    assert counts["people"] == Employee.objects.count() == 2000
    assert (
        Organisation.objects.filter(subtree_q("path", country.path)).count()
        == counts["organisations"]
    )
    for org in Organisation.objects.select_related("parent").filter(parent__isnull=False)[:200]:
        assert org.path == f"{org.parent.path}{org.pk}/"
    assert Assignment.objects.filter(kind="main").count() == 2000
    figures = indicators(user=admin, root=country)
    assert figures.headcount == 2000
    assert 0 < figures.it_headcount < 2000
    assert audit_verify().ok
