"""The generated CRUD × scope cases of the privacy app (cadre.core.testing.crud): legal
holds, erasure requests and data exports are scoped by the person's organisation. The
national pages (retention policies, the breach register) have their own cases in
test_retention.py and test_breaches.py."""

from __future__ import annotations

import itertools
from typing import Any, ClassVar

from cadre.core.testing import crud
from cadre.core.testing.world import World
from cadre.privacy import services
from cadre.privacy.models import DataExport, ErasureRequest, LegalHold, RetentionPolicy
from cadre.privacy.tests.conftest import person

SEQ = itertools.count(1)


def someone(world: World, where: str) -> Any:
    n = next(SEQ)
    return person(world, f"{where.upper()}9{n:04d}", f"Person{n}", f"unit_{where}1")


class TestLegalHoldCrud(crud.UIList, crud.UIAdd, crud.UIEdit, crud.APIRead, crud.APIWrite):
    model = LegalHold
    url_prefix = "privacy:legalhold"
    api_basename = "legalhold"
    api_can_delete: ClassVar[bool] = False  # released, never deleted

    def export_key(self, obj: Any) -> str:
        return str(obj.employee)

    def make(self, world: World, where: str) -> LegalHold:
        return services.legal_hold_create(
            actor=world.users["admin"], employee=someone(world, where), grounds="Court case 9"
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {"employee": someone(world, where).pk, "grounds": "Tax inspection 2026"}

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return {"employee": someone(world, where).pk, "grounds": "Tax inspection 2026"}

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"employee": obj.employee_id, "grounds": obj.grounds + " (v2)"}

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return {"grounds": obj.grounds + " (v2)"}

    def changed(self, obj: Any) -> bool:
        return str(obj.grounds).endswith("(v2)")


class TestErasureRequestCrud(crud.UIList, crud.UIAdd, crud.APIRead, crud.APIWrite):
    model = ErasureRequest
    url_prefix = "privacy:erasurerequest"
    api_basename = "erasurerequest"
    api_can_update: ClassVar[bool] = False  # reviewed (``review``), not edited
    api_can_delete: ClassVar[bool] = False

    def export_key(self, obj: Any) -> str:
        return str(obj.employee)

    def make(self, world: World, where: str) -> ErasureRequest:
        return services.erasure_request_create(
            actor=world.users["admin"], employee=someone(world, where), grounds="Left in 2019"
        )

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        return {"employee": someone(world, where).pk, "grounds": "The person asked"}

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return self.form_data(world, where)


class TestDataExportCrud(crud.UIList, crud.APIRead):
    model = DataExport
    url_prefix = "privacy:dataexport"
    api_basename = "dataexport"

    def export_key(self, obj: Any) -> str:
        return str(obj.employee)

    def make(self, world: World, where: str) -> DataExport:
        return services.data_export_create(
            actor=world.users["admin"], employee=someone(world, where)
        )


class TestRetentionPolicyCases(crud.CrudBase):
    """National: one per category, kept by national administrators; the page and API
    cases are in test_retention.py (``test_only_national_administrators_change_policies``
    and below)."""

    model = RetentionPolicy

    def test_the_api_reads_and_sets_a_policy(self, api_as: Any, world: World) -> None:
        rows = api_as("auditor").get("/api/v1/retention-policies/").json()
        assert [r["category"] for r in rows] == [
            "closed_breaches",
            "data_exports",
            "former_employees",
        ]
        assert api_as("auditor_a").get("/api/v1/retention-policies/").status_code == 403
        policy = RetentionPolicy.objects.get(category="data_exports")
        url = f"/api/v1/retention-policies/{policy.pk}/"
        refused = api_as("admin").patch(url, {"period_months": 0}, format="json")
        assert refused.status_code == 400
        assert refused.json()["errors"] == [
            {
                "field": "period_months",
                "code": "invalid",
                "message": "The period must be at least one month.",
            }
        ]
        assert api_as("auditor").patch(url, {"period_months": 2}, format="json").status_code == 403
        done = api_as("admin").patch(
            url, {"period_months": 2}, format="json", HTTP_X_CADRE_REASON="DPO"
        )
        assert done.status_code == 200, done.json()
        assert done.json()["period_months"] == 2
        policy.refresh_from_db()
        assert policy.period_months == 2
