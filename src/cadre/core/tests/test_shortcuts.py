"""An id that cannot name an object — ``abc`` where a number is expected — is "not found"
(404) wherever a page or the API looks an object up by it, never a server error."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

import cadre
from cadre.accounts.models import ApiToken
from cadre.competencies.models import Crosswalk
from cadre.competencies.tests.factories import published_framework

NOT_FOUND = {
    "status": 404,
    "errors": [{"field": None, "code": "not_found", "message": "Not found."}],
}


@pytest.mark.parametrize("key", ["abc", "1.5", "99999"])
def test_deleting_a_crosswalk_by_an_id_that_names_none_is_404(api_as, world, key) -> None:
    admin = world.users["admin"]
    published_framework(admin, code="T")
    published_framework(admin, code="SFIA")
    client = api_as("admin")
    made = client.post(
        reverse("v1:crosswalk-list"),
        {"source": "T:A.1", "source_level": 3, "target": "SFIA:A.2", "target_level": 2},
        format="json",
    )
    assert made.status_code == 201
    response = client.delete(f"/api/v1/crosswalks/{key}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == NOT_FOUND
    assert Crosswalk.objects.count() == 1


def test_revoking_a_token_by_an_id_that_names_none_is_404(as_user, api_as, world) -> None:
    api_as("hr_a")  # one token
    response = as_user("hr_a").post(reverse("accounts:profile"), {"revoke": "abc"})
    assert response.status_code == 404
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_no_view_uses_djangos_get_object_or_404() -> None:
    """Django's shortcut turns ``pk="abc"`` into a 500; ``cadre.core.shortcuts`` has the one
    that answers 404."""
    offenders = [
        str(path)
        for path in Path(cadre.__file__).parent.rglob("*.py")
        if path.name != "shortcuts.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
        and node.module == "django.shortcuts"
        and any(alias.name == "get_object_or_404" for alias in node.names)
    ]
    assert offenders == []
