"""Every model a user can reach — through pages or the API, whether or not it has
``get_absolute_url`` — has the generated CRUD × scope cases for each action it offers
(cadre.core.testing.crud): ``UIList``/``UIAdd``/``UIEdit``/``UIDelete`` for its
``<model>_list|_add|_edit|_delete`` pages, ``APIRead`` for an API route, ``APIWrite`` when
that route writes. A class that names the model without mixing in the cases does not count.

``DEBT`` lists the cases missing when this test came in (issue 16 item 7). It may only
shrink: a case missing and not listed fails, and so does a listed case that now exists
(remove it from the list).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.module_loading import import_string

import cadre
from cadre.core.registry import APPS
from cadre.core.testing.crud import REGISTRY

DEBT: dict[str, set[str]] = {
    # the edit page's generated case fails on its form (to fix: decision 0043's follow-up)
    "accounts.user": {"APIWrite"},
    "assessments.campaign": {"APIWrite"},
    "assessments.gapcell": {"APIRead"},
    "competencies.crosswalk": {"APIRead", "APIWrite"},
    "competencies.framework": {"APIRead", "UIList"},
    "competencies.frameworkversion": {"APIRead"},
    "competencies.profileversion": {"UIAdd"},
    "learning.course": {"APIRead", "APIWrite", "UIList"},
    "learning.enrolment": {"APIWrite"},
    "learning.learningplan": {"APIRead", "APIWrite"},
    "learning.session": {"APIRead", "UIAdd"},
    "learning.trainingtarget": {"APIWrite", "UIAdd"},
    "people.assignment": {"UIAdd"},
    "people.certification": {"UIAdd", "UIDelete"},
    "people.education": {"UIAdd", "UIDelete"},
    "ratings.employeescore": {"APIRead"},
    "ratings.servicetype": {"APIRead", "APIWrite", "UIAdd", "UIDelete", "UIEdit", "UIList"},
}

# Models a user reaches only their own rows of — no reader sees everyone's, so the
# generated cases do not apply; each has its own tests of who reaches what.
OWN_ONLY = {
    "accounts.apitoken",  # one's own tokens: accounts/tests/test_tokens.py
    "analytics.report",  # one's own reports: analytics/tests/test_api.py
}

PAGE_CASES = {"_list": "UIList", "_add": "UIAdd", "_edit": "UIEdit", "_delete": "UIDelete"}


def _offered() -> dict[str, set[str]]:
    """``{model label: the cases its pages and API routes call for}``."""
    needed: dict[str, set[str]] = {}
    for parts in APPS.values():
        for _prefix, dotted, _basename in parts.api_routes:
            viewset = import_string(dotted)
            model = (
                getattr(viewset, "scoped_model", None)
                or getattr(viewset.queryset, "model", None)
                or viewset.serializer_class.Meta.model
            )
            cases = needed.setdefault(model._meta.label_lower, set())
            cases.add("APIRead")
            if any(hasattr(viewset, name) for name in ("create", "update", "destroy")):
                cases.add("APIWrite")

    def walk(patterns: Any, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and p.name and namespace and namespace != "v1":
                for suffix, case in PAGE_CASES.items():
                    if p.name.endswith(suffix):
                        label = f"{namespace}.{p.name[: -len(suffix)]}"
                        try:
                            apps.get_model(label)
                        except LookupError:
                            continue
                        needed.setdefault(label, set()).add(case)

    walk(get_resolver().url_patterns, "")
    return needed


def test_every_model_users_reach_has_its_generated_cases() -> None:
    for module in pkgutil.walk_packages(cadre.__path__, "cadre."):
        if ".tests.test_" in module.name:
            importlib.import_module(module.name)
    offered = _offered()
    for model in apps.get_models():  # a model with its own page is reached too
        if model.__module__.startswith("cadre.") and hasattr(model, "get_absolute_url"):
            offered.setdefault(model._meta.label_lower, set())
    missing = {
        label: cases - REGISTRY.get(label, set())
        for label, cases in offered.items()
        if label not in OWN_ONLY
    }
    missing = {label: cases for label, cases in missing.items() if cases}
    no_cases = sorted(
        label
        for label in offered
        if label not in REGISTRY and label not in OWN_ONLY and label not in DEBT
    )
    assert no_cases == [], "models users reach with no generated cases at all"
    new = {k: sorted(v - DEBT.get(k, set())) for k, v in missing.items() if v - DEBT.get(k, set())}
    assert new == {}, "cases missing (add them to the model's test class)"
    paid = {
        k: sorted(v - missing.get(k, set())) for k, v in DEBT.items() if v - missing.get(k, set())
    }
    assert paid == {}, "cases now covered: remove them from DEBT"
