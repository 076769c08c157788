"""Access helpers (issue 16, item 5): a custom page looks an object up through
``cadre.core.access``, which answers the one "not found" for a missing, an out-of-scope and a
malformed id alike, and 403 for an object seen but not to be acted on — as the generic views
and the API do."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

import cadre
from cadre.accounts.models import ApiToken
from cadre.core.access import access, access_or_403, may
from cadre.orgs.models import Organisation


@pytest.mark.parametrize("key", ["body_b", 999999, "abc", "1.5", None, True, ""])
def test_out_of_scope_missing_and_malformed_are_the_same_not_found(world: Any, key: Any) -> None:
    pk = world.orgs[key].pk if key == "body_b" else key
    with pytest.raises(Http404):
        access(Organisation, world.users["hr_a"], pk)


def test_an_object_in_scope_is_returned_and_a_queryset_keeps_its_joins(world: Any) -> None:
    body = world.orgs["body_a"]
    hr = world.users["hr_a"]
    assert access(Organisation, hr, body.pk) == body
    assert access(Organisation, hr, str(body.pk)) == body
    found = access(Organisation.objects.select_related("parent"), hr, body.pk)
    assert found.parent == world.orgs["country"]


def test_seen_but_not_to_be_changed_is_403_unseen_is_404(world: Any) -> None:
    manager = world.users["manager_a1"]
    unit = world.orgs["unit_a1"]
    assert access_or_403(Organisation, manager, unit.pk, "view") == unit
    assert not may(manager, unit, "change")
    with pytest.raises(PermissionDenied):
        access_or_403(Organisation, manager, unit.pk, "change")
    with pytest.raises(Http404):
        access(Organisation, manager, unit.pk, "change")
    with pytest.raises(Http404):
        access_or_403(Organisation, manager, world.orgs["body_b"].pk, "change")


def test_revoking_someone_elses_token_is_not_found_and_revokes_nothing(
    as_user: Any, api_as: Any
) -> None:
    api_as("hr_b")  # hr_b's token
    theirs = ApiToken.objects.get()
    response = as_user("hr_a").post(reverse("accounts:profile"), {"revoke": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


VIEW_MODULES = [
    path
    for path in Path(cadre.__file__).parent.rglob("*.py")
    if "tests" not in path.parts
    and (path.name.startswith("views") or (path.parent.name == "api" and path.name == "views.py"))
]


def _calls_restrict(node: ast.AST) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "restrict"
        for n in ast.walk(node)
    )


def test_custom_views_look_objects_up_through_the_access_helpers() -> None:
    """No view narrows a restricted queryset to one pk by hand (``get_object_or_404(
    X.objects.restrict(...), pk=...)`` or ``X.objects.restrict(...).filter(pk=...)``):
    ``access``/``access_or_403`` look it up, ``may`` asks whether an action is allowed."""
    offenders = []
    for path in VIEW_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            by_pk = any(k.arg == "pk" for k in node.keywords)
            name = (
                node.func.attr
                if isinstance(node.func, ast.Attribute)
                else getattr(node.func, "id", "")
            )
            if (name == "get_object_or_404" and node.args and _calls_restrict(node.args[0])) or (
                name in ("filter", "get") and by_pk and _calls_restrict(node.func)
            ):
                offenders.append(f"{path}:{node.lineno}")
    assert offenders == []
