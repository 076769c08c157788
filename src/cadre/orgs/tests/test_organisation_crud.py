"""Generated CRUD × scope tests for organisations."""

from __future__ import annotations

import itertools
from typing import Any

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.orgs.models import Organisation
from cadre.orgs.services import organisation_create

_seq = itertools.count(1)


class TestOrganisationCrud(
    crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete, crud.APIRead, crud.APIWrite
):
    model = Organisation
    url_prefix = "orgs:organisation"
    api_basename = "organisation"

    def export_key(self, obj: Organisation) -> str:
        return obj.code  # the export is the import's file: the code first

    def _body(self, world: World, where: str) -> Organisation:
        return world.orgs[f"body_{where}"]

    def make(self, world: World, where: str) -> Organisation:
        n = next(_seq)
        return organisation_create(
            actor=world.users["admin"],
            name=f"Department {where.upper()}-{n}",
            code=f"DEP-{where.upper()}-{n}",
            kind="unit",
            parent=self._body(world, where),
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        n = next(_seq)
        return {
            "name": f"New department {n}",
            "code": f"NEW-{n}",
            "kind": "unit",
            "parent": self._body(world, where).pk,
        }

    def edit_data(self, world: World, obj: Organisation) -> dict[str, Any]:
        return {
            "name": f"{obj.name} (renamed)",
            "code": obj.code,
            "kind": obj.kind,
            "parent": obj.parent_id,
        }

    def api_edit_data(self, world: World, obj: Organisation) -> dict[str, Any]:
        return {"name": f"{obj.name} (renamed)"}

    def changed(self, obj: Organisation) -> bool:
        return obj.name.endswith("(renamed)")
