"""Cadre's own lint rule: views, the API, forms and serializers read through selectors and
access helpers, never ``Model.objects`` (CONVENTIONS 5; `cadre lint`).

The rule finds every ``<Name>.objects`` in ``views.py``, ``views_*.py``, ``forms.py``,
``serializers.py``, ``views/`` and ``api/`` modules. The uses that were there when the rule
came in are counted per file in ``lint_baseline.json``: a file may have fewer, never more,
and a file not listed may have none. Remove a file's entry as you move its reads into selectors.
"""

from __future__ import annotations

import ast
import json
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # src/cadre
BASELINE = Path(__file__).resolve().parent / "lint_baseline.json"


def _checked(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    if "tests" in parts or "testing" in parts or "migrations" in parts:
        return False
    name = path.name
    return (
        "api" in parts
        or "views" in parts  # a views module grown into a package
        or name in {"views.py", "forms.py", "serializers.py"}
        or name.startswith("views_")
    )


def model_objects_uses(root: Path = ROOT) -> Counter[str]:
    """``{file: number of <Name>.objects}`` over the files the rule checks."""
    found: Counter[str] = Counter()
    for path in sorted(root.rglob("*.py")):
        if not _checked(path, root):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "objects"
                and isinstance(node.value, ast.Name)
                and node.value.id[:1].isupper()
            ):
                found[str(path.relative_to(root))] += 1
    return found


def model_objects_problems(root: Path = ROOT) -> list[str]:
    """One line per file with more ``Model.objects`` than its baseline allows."""
    baseline: dict[str, int] = json.loads(BASELINE.read_text(encoding="utf-8"))
    problems = []
    for name, count in sorted(model_objects_uses(root).items()):
        allowed = baseline.get(name, 0)
        if count > allowed:
            problems.append(
                f"src/cadre/{name}: {count} uses of Model.objects (allowed {allowed}); read "
                "through a selector or an access helper instead"
            )
    return problems
