"""`cadre createadmin`: a national administrator from the command line."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cadre.accounts.models import User


def test_createadmin_makes_a_national_administrator(db: None, monkeypatch, capsys) -> None:
    monkeypatch.setenv("CADRE_ADMIN_PASSWORD", "a-long-enough-password")
    call_command("cadre_createadmin", "chief", "--email", "chief@gov.example")
    user = User.objects.get(username="chief")
    assert list(user.role_assignments.values_list("role", "organisation")) == [
        ("national_admin", None)
    ]
    assert user.check_password("a-long-enough-password")
    assert "Created national administrator chief" in capsys.readouterr().out


def test_createadmin_refuses_a_weak_password_and_creates_nobody(db: None, monkeypatch) -> None:
    monkeypatch.setenv("CADRE_ADMIN_PASSWORD", "short")
    with pytest.raises(CommandError, match="password: This password is too short"):
        call_command("cadre_createadmin", "chief")
    assert not User.objects.filter(username="chief").exists()
