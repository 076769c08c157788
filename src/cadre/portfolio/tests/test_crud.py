"""The generated CRUD × scope cases of the portfolio (cadre.core.testing.crud)."""

from __future__ import annotations

import itertools
from typing import Any

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.portfolio.detection import overlaps_for_system
from cadre.portfolio.models import Overlap, System
from cadre.portfolio.tests.conftest import register

SEQ = itertools.count(1)


class TestSystemCrud(
    crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete, crud.APIRead, crud.APIWrite
):
    model = System
    url_prefix = "portfolio:system"
    api_basename = "portfoliosystem"

    def make(self, world: World, where: str) -> System:
        return register(world, f"body_{where}", name=f"Fleet registry {next(SEQ)}")

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {
            "kind": "project",
            "name": f"Tender portal {next(SEQ)}",
            "owner": world.orgs[f"body_{where}"].pk,
            "description": "Publishes the body's tenders.",
            "language": "en",
            "capabilities": ["procurement", "portal"],
            "stage": "idea",
            "cost": "1500000",
            "currency": "KZT",
            "data_sets": "tenders\nsuppliers",
        }

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        data = self.form_data(world, where)
        return {**data, "cost": 1500000, "data_sets": ["tenders", "suppliers"]}

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {
            "kind": obj.kind,
            "name": obj.name + " (v2)",
            "owner": obj.owner_id,
            "description": obj.description,
            "language": obj.language,
            "capabilities": ["registry"],
            "stage": obj.stage,
        }

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"name": obj.name + " (v2)"}

    def changed(self, obj: Any) -> bool:
        return str(obj.name).endswith("(v2)")


class TestOverlapCrud(crud.UIList, crud.APIRead):
    model = Overlap
    url_prefix = "portfolio:overlap"
    api_basename = "portfoliooverlap"

    def make(self, world: World, where: str) -> Overlap:
        """Two alike entries of two organisations of body ``where``."""
        n = next(SEQ)
        text = f"Tracks the vehicles of the fleet, number {n}, with GPS and fuel cards."
        first = register(
            world, f"body_{where}", name=f"Fleet {n}", description=text, capabilities=["gis"]
        )
        other = register(
            world, f"unit_{where}1", name=f"Fleet {n}", description=text, capabilities=["gis"]
        )
        overlaps_for_system(system=other)
        return Overlap.objects.get(system_a=first, system_b=other)

    def export_key(self, obj: Any) -> str:
        return str(obj.system_a.name)
