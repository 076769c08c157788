"""Every model with pages has generated CRUD × scope tests."""

from __future__ import annotations

import importlib
import pkgutil

from django.apps import apps

import cadre
from cadre.core.testing.crud import REGISTRY


def test_every_model_with_pages_has_scope_tests() -> None:
    for module in pkgutil.walk_packages(cadre.__path__, "cadre."):
        if ".tests.test_" in module.name:
            importlib.import_module(module.name)
    missing = [
        model._meta.label_lower
        for model in apps.get_models()
        if model.__module__.startswith("cadre.")
        and hasattr(model, "get_absolute_url")
        and model._meta.label_lower not in REGISTRY
        and model._meta.label_lower != "accounts.apitoken"  # own tokens: test_tokens.py
    ]
    assert missing == []
