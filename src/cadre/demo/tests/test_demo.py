"""The demo that `cadre up` loads: every role present, idempotent, audited."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from cadre.accounts.choices import Role
from cadre.accounts.models import RoleAssignment
from cadre.core.audit import audit_verify
from cadre.core.models import AuditEvent
from cadre.demo.data import demo_load
from cadre.orgs.models import Organisation


def test_demo_has_a_user_for_every_role_and_a_second_load_changes_nothing(db: None) -> None:
    assert demo_load() == {"organisations": 9, "users": 7, "roles": 7}
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    events = AuditEvent.objects.count()
    assert demo_load() == {"organisations": 0, "users": 0, "roles": 0}
    assert AuditEvent.objects.count() == events
    assert audit_verify().ok
    assert Organisation.objects.get(code="KZ-MDAI-IT").path.count("/") == 4


def test_every_demo_user_can_sign_in_with_the_printed_password(db: None) -> None:
    demo_load()
    for username in ("admin", "hr", "manager", "employee", "auditor", "provider", "akimat_hr"):
        client = Client()
        response = client.post(
            "/accounts/login/", {"username": username, "password": settings.CADRE_DEMO_PASSWORD}
        )
        assert response.status_code == 302, username


def test_the_akimat_hr_officer_sees_only_the_akimat(db: None) -> None:
    demo_load()
    from cadre.accounts.models import User

    user = User.objects.get(username="akimat_hr")
    codes = set(Organisation.objects.restrict(user).values_list("code", flat=True))
    assert codes == {"KZ-ALM-AKIMAT", "KZ-ALM-AKIMAT-IT"}
