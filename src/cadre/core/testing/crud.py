"""Generated CRUD × role-scope tests, in the style of NetBox's ViewTestCases.

A model's test class mixes in the cases that apply and says how to make its objects::

    class TestOrganisationViews(crud.UIList, crud.UIAdd, crud.UIEdit, crud.UIDelete,
                                crud.APIRead, crud.APIWrite):
        model = Organisation
        ...

Every case runs against the same world (``cadre.core.testing.world``): ``writer`` may write in
body A only, ``reader`` may read everything and write nothing, ``scoped_reader`` may read
body A only; objects "a" lie in body A, objects "b" in body B. Out of scope is 404, in scope
without the right is 403, anonymous is sent to the login page (401 on the API).

``REGISTRY`` collects the models so covered; a meta-test fails for a model with pages that
has none.

Every write sends a reason (the form's ``reason`` field, the API's ``X-Cadre-Reason``
header) and checks that it lands in the audit event; where the model needs a reason for the
action (``cadre.core.reasons``), the same write without one is answered 400, naming
``reason``, and changes nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db.models import Model
from django.urls import reverse

from cadre.core.models import AuditEvent
from cadre.core.reasons import reason_required
from cadre.core.testing.world import World

REGISTRY: dict[str, set[str]] = {}
# The reason every write of the matrix gives, non-ASCII as users write it.
REASON = "Приказ № 17: исправление"
REASON_HEADER = {"HTTP_X_CADRE_REASON": REASON.encode().decode("latin-1")}


class CrudBase:
    model: ClassVar[type[Model]]
    url_prefix: ClassVar[str]  # e.g. "orgs:organisation"
    api_basename: ClassVar[str] = ""  # e.g. "organisation"
    writer: ClassVar[str] = "hr_a"
    reader: ClassVar[str] = "auditor"
    scoped_reader: ClassVar[str] = "auditor_a"
    create_action: ClassVar[str] = "create"  # the audited actions of a create, a delete
    delete_action: ClassVar[str] = "delete"
    update_action: ClassVar[str] = "update"  # … and of an update

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "model" in cls.__dict__:
            REGISTRY.setdefault(cls.model._meta.label_lower, set()).update(
                c.__name__ for c in cls.__mro__ if c.__module__ == __name__
            )

    # --- what each model's test class provides ------------------------------------------
    def make(self, world: World, where: str) -> Any:
        """An object in body ``where`` ("a" or "b")."""
        raise NotImplementedError

    def form_data(self, world: World, where: str) -> dict[str, Any]:
        """Add-form data for a new object in body ``where``."""
        raise NotImplementedError

    def edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        raise NotImplementedError

    def api_data(self, world: World, where: str) -> dict[str, Any]:
        return self.form_data(world, where)

    def api_edit_data(self, world: World, obj: Any) -> dict[str, Any]:
        return self.edit_data(world, obj)

    def changed(self, obj: Any) -> bool:
        """Whether ``edit_data`` took effect on the reloaded object."""
        raise NotImplementedError

    # --- helpers -------------------------------------------------------------------------
    def url(self, view: str, obj: Any = None) -> str:
        return reverse(f"{self.url_prefix}_{view}", args=[obj.pk] if obj is not None else [])

    def api_url(self, obj: Any = None) -> str:
        if obj is None:
            return reverse(f"v1:{self.api_basename}-list")
        return reverse(f"v1:{self.api_basename}-detail", args=[obj.pk])

    def count(self) -> int:
        return self.model._default_manager.count()

    def exists(self, obj: Any) -> bool:
        return self.model._default_manager.filter(pk=obj.pk).exists()

    def audited(self, action: str, obj: Any, reason: str | None = None) -> bool:
        """Whether ``action`` on ``obj`` was audited (with ``reason``, when given)."""
        events = AuditEvent.objects.filter(
            object_type=self.model._meta.label_lower, object_id=str(obj.pk), action=action
        )
        if reason is not None:
            events = events.filter(reason=reason)
        return events.exists()

    def needs_reason(self, action: str) -> bool:
        return reason_required(self.model, action)


def _assert_reason_refused(response: Any, *, api: bool) -> None:
    """400, naming ``reason`` (its "required" code on the API)."""
    assert response.status_code == 400, response.content.decode()[:2000]
    if api:
        assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
            ("reason", "required")
        ]
    else:
        assert response.context["form"].errors["reason"]


def _assert_login_redirect(response: Any) -> None:
    assert response.status_code == 302, response.status_code
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
class UIList(CrudBase):
    def test_anonymous_is_sent_to_login(self, client: Any, world: World) -> None:
        obj = self.make(world, "a")
        _assert_login_redirect(client.get(self.url("list")))
        _assert_login_redirect(client.get(self.url("detail", obj)))

    def test_list_shows_only_objects_in_scope(self, as_user: Any, world: World) -> None:
        a, b = self.make(world, "a"), self.make(world, "b")
        response = as_user(self.writer).get(self.url("list") + "?per_page=250")
        assert response.status_code == 200
        body = response.content.decode()
        assert a.get_absolute_url() in body
        assert b.get_absolute_url() not in body

    def test_detail_out_of_scope_is_not_found(self, as_user: Any, world: World) -> None:
        a, b = self.make(world, "a"), self.make(world, "b")
        client = as_user(self.writer)
        assert client.get(self.url("detail", a)).status_code == 200
        assert client.get(self.url("detail", b)).status_code == 404

    def test_reader_reads_everything(self, as_user: Any, world: World) -> None:
        a, b = self.make(world, "a"), self.make(world, "b")
        client = as_user(self.reader)
        assert client.get(self.url("list")).status_code == 200
        assert client.get(self.url("detail", a)).status_code == 200
        assert client.get(self.url("detail", b)).status_code == 200

    def test_scoped_reader_reads_only_own_subtree(self, as_user: Any, world: World) -> None:
        a, b = self.make(world, "a"), self.make(world, "b")
        client = as_user(self.scoped_reader)
        assert client.get(self.url("detail", a)).status_code == 200
        assert client.get(self.url("detail", b)).status_code == 404

    def test_export_holds_only_objects_in_scope(self, as_user: Any, world: World) -> None:
        a, b = self.make(world, "a"), self.make(world, "b")
        response = as_user(self.writer).get(self.url("list") + "?export=csv")
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        import csv

        keys = [row[self.export_column] for row in list(csv.reader(text.splitlines()))[1:]]
        assert self.export_key(a) in keys
        assert self.export_key(b) not in keys

    export_column: ClassVar[int] = 0

    def export_key(self, obj: Any) -> str:
        return str(obj)


@pytest.mark.django_db
class UIAdd(CrudBase):
    def test_add_anonymous_is_sent_to_login(self, client: Any, world: World) -> None:
        _assert_login_redirect(client.get(self.url("add")))

    def test_reader_may_not_add(self, as_user: Any, world: World) -> None:
        client = as_user(self.reader)
        before = self.count()
        assert client.get(self.url("add")).status_code == 403
        assert client.post(self.url("add"), self.form_data(world, "a")).status_code == 403
        assert self.count() == before

    def test_writer_adds_in_scope_and_it_is_audited(self, as_user: Any, world: World) -> None:
        before = self.count()
        data = {**self.form_data(world, "a"), "reason": REASON}
        response = as_user(self.writer).post(self.url("add"), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        assert self.count() == before + 1
        obj = self.model._default_manager.order_by("-pk").first()
        assert self.audited(self.create_action, obj, reason=REASON)

    def test_writer_may_not_add_out_of_scope(self, as_user: Any, world: World) -> None:
        before = self.count()
        response = as_user(self.writer).post(self.url("add"), self.form_data(world, "b"))
        assert response.status_code == 400
        assert self.count() == before

    create_action: ClassVar[str] = "create"


@pytest.mark.django_db
class UIEdit(CrudBase):
    def test_edit_out_of_scope_is_not_found(self, as_user: Any, world: World) -> None:
        b = self.make(world, "b")
        client = as_user(self.writer)
        assert client.get(self.url("edit", b)).status_code == 404
        assert client.post(self.url("edit", b), self.edit_data(world, b)).status_code == 404
        b.refresh_from_db()
        assert not self.changed(b)

    def test_reader_may_not_edit(self, as_user: Any, world: World) -> None:
        a = self.make(world, "a")
        client = as_user(self.reader)
        assert client.get(self.url("edit", a)).status_code == 403
        assert client.post(self.url("edit", a), self.edit_data(world, a)).status_code == 403
        a.refresh_from_db()
        assert not self.changed(a)

    def test_writer_edits_in_scope_and_it_is_audited(self, as_user: Any, world: World) -> None:
        a = self.make(world, "a")
        data = {**self.edit_data(world, a), "reason": REASON}
        response = as_user(self.writer).post(self.url("edit", a), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        a.refresh_from_db()
        assert self.changed(a)
        assert self.audited(self.update_action, a, reason=REASON)

    def test_edit_without_a_required_reason_changes_nothing(
        self, as_user: Any, world: World
    ) -> None:
        a = self.make(world, "a")
        client = as_user(self.writer)
        page = client.get(self.url("edit", a)).content.decode()
        assert 'name="reason"' in page
        if not self.needs_reason("change"):
            return
        data = {**self.edit_data(world, a), "reason": " "}
        events = AuditEvent.objects.count()
        response = client.post(self.url("edit", a), data)
        _assert_reason_refused(response, api=False)
        a.refresh_from_db()
        assert not self.changed(a)
        assert AuditEvent.objects.count() == events


@pytest.mark.django_db
class UIDelete(CrudBase):
    delete_action: ClassVar[str] = "delete"

    def test_delete_out_of_scope_is_not_found(self, as_user: Any, world: World) -> None:
        b = self.make(world, "b")
        client = as_user(self.writer)
        assert client.get(self.url("delete", b)).status_code == 404
        assert client.post(self.url("delete", b)).status_code == 404
        assert self.exists(b)

    def test_reader_may_not_delete(self, as_user: Any, world: World) -> None:
        a = self.make(world, "a")
        assert as_user(self.reader).post(self.url("delete", a)).status_code == 403
        assert self.exists(a)

    def test_writer_deletes_in_scope_and_it_is_audited(self, as_user: Any, world: World) -> None:
        a = self.make(world, "a")
        assert 'name="reason"' in as_user(self.writer).get(self.url("delete", a)).content.decode()
        response = as_user(self.writer).post(self.url("delete", a), {"reason": "duplicate"})
        assert response.status_code == 302
        assert not self.exists(a)
        event = AuditEvent.objects.get(
            object_type=self.model._meta.label_lower,
            object_id=str(a.pk),
            action=self.delete_action,
        )
        assert event.reason == "duplicate"

    def test_delete_without_a_required_reason_changes_nothing(
        self, as_user: Any, world: World
    ) -> None:
        if not self.needs_reason("delete"):
            return
        a = self.make(world, "a")
        events = AuditEvent.objects.count()
        response = as_user(self.writer).post(self.url("delete", a), {"reason": ""})
        _assert_reason_refused(response, api=False)
        assert self.exists(a)
        assert AuditEvent.objects.count() == events

    def test_delete_refuses_a_reason_too_long(self, as_user: Any, world: World) -> None:
        a = self.make(world, "a")
        response = as_user(self.writer).post(self.url("delete", a), {"reason": "x" * 501})
        assert response.status_code == 400
        assert response.context["form"].errors["reason"]
        assert self.exists(a)


@pytest.mark.django_db
class APIRead(CrudBase):
    def test_api_anonymous_is_unauthorised(self, world: World) -> None:
        from rest_framework.test import APIClient

        response = APIClient().get(self.api_url())
        assert response.status_code == 401
        assert response.json()["errors"][0]["code"] == "not_authenticated"

    def test_api_list_and_detail_are_scoped(self, api_as: Any, world: World) -> None:
        a, b = self.make(world, "a"), self.make(world, "b")
        client = api_as(self.writer)
        rows = client.get(self.api_url(), {"page_size": 1000}).json()["results"]
        keys = {self.api_row_key(row) for row in rows}
        assert self.api_key(a) in keys
        assert self.api_key(b) not in keys
        assert client.get(self.api_url(a)).status_code == 200
        response = client.get(self.api_url(b))
        assert response.status_code == 404
        assert response.json() == {
            "status": 404,
            "errors": [
                {
                    "field": None,
                    "code": "not_found",
                    "message": response.json()["errors"][0]["message"],
                }
            ],
        }

    def api_row_key(self, row: dict[str, Any]) -> str:
        """What tells a row of the list apart (its ``id``, unless the body has none)."""
        return str(row["id"])

    def api_key(self, obj: Any) -> str:
        return str(obj.pk)

    def test_api_reader_reads_everything(self, api_as: Any, world: World) -> None:
        a, b = self.make(world, "a"), self.make(world, "b")
        client = api_as(self.reader)
        assert client.get(self.api_url(a)).status_code == 200
        assert client.get(self.api_url(b)).status_code == 200


@pytest.mark.django_db
class APIWrite(CrudBase):
    api_can_update: ClassVar[bool] = True
    api_can_delete: ClassVar[bool] = True  # False: the API offers no DELETE (405)

    def test_api_reader_may_not_write(self, api_as: Any, world: World) -> None:
        a = self.make(world, "a")
        client = api_as(self.reader)
        before = self.count()
        assert (
            client.post(self.api_url(), self.api_data(world, "a"), format="json").status_code == 403
        )
        if self.api_can_update:
            response = client.patch(self.api_url(a), self.api_edit_data(world, a), format="json")
            assert response.status_code == 403
        assert client.delete(self.api_url(a)).status_code == 403  # offered or not: no right
        assert self.count() == before
        assert self.exists(a)

    def test_api_out_of_scope_is_not_found(self, api_as: Any, world: World) -> None:
        b = self.make(world, "b")
        client = api_as(self.writer)
        if self.api_can_update:
            response = client.patch(self.api_url(b), self.api_edit_data(world, b), format="json")
            assert response.status_code == 404
        if self.api_can_delete:
            assert client.delete(self.api_url(b)).status_code == 404
        assert self.exists(b)

    def test_api_create_out_of_scope_is_refused(self, api_as: Any, world: World) -> None:
        before = self.count()
        response = api_as(self.writer).post(
            self.api_url(), self.api_data(world, "b"), format="json"
        )
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] is not None
        assert self.count() == before

    def test_api_create_update_delete_in_scope(self, api_as: Any, world: World) -> None:
        client = api_as(self.writer)
        response = client.post(
            self.api_url(), self.api_data(world, "a"), format="json", **REASON_HEADER
        )
        assert response.status_code == 201, response.json()
        obj = self.model._default_manager.get(pk=response.json()["id"])
        assert self.audited(self.create_action, obj, reason=REASON)
        if self.api_can_update:
            response = client.patch(
                self.api_url(obj), self.api_edit_data(world, obj), format="json", **REASON_HEADER
            )
            assert response.status_code == 200, response.json()
            obj.refresh_from_db()
            assert self.changed(obj)
            assert self.audited(self.update_action, obj, reason=REASON)
        if not self.api_can_delete:
            return
        assert client.delete(self.api_url(obj), **REASON_HEADER).status_code == 204
        assert not self.exists(obj)
        assert self.audited(self.delete_action, obj, reason=REASON)

    def test_api_write_without_a_required_reason_changes_nothing(
        self, api_as: Any, world: World
    ) -> None:
        a = self.make(world, "a")
        client = api_as(self.writer)
        data = self.api_edit_data(world, a) if self.api_can_update else {}
        events = AuditEvent.objects.count()
        if self.api_can_update and self.needs_reason("change"):
            response = client.patch(self.api_url(a), data, format="json")
            _assert_reason_refused(response, api=True)
            a.refresh_from_db()
            assert not self.changed(a)
        if self.api_can_delete and self.needs_reason("delete"):
            _assert_reason_refused(client.delete(self.api_url(a)), api=True)
            assert self.exists(a)
        assert AuditEvent.objects.count() == events

    def test_api_refuses_a_reason_too_long(self, api_as: Any, world: World) -> None:
        client, data = api_as(self.writer), self.api_data(world, "a")
        before, events = self.count(), AuditEvent.objects.count()
        response = client.post(
            self.api_url(),
            data,
            format="json",
            HTTP_X_CADRE_REASON="x" * 501,
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 400
        assert response.json()["errors"] == [
            {
                "field": "reason",
                "code": "max_length",
                "message": "Ensure this field has no more than 500 characters.",
            }
        ]
        assert (self.count(), AuditEvent.objects.count()) == (before, events)

    def test_api_writes_answer_as_a_following_read(self, api_as: Any, world: World) -> None:
        """A create or update answers the object as ``GET`` does, every field included
        (annotations of the list such as ``filled`` too)."""
        client = api_as(self.writer)
        created = client.post(self.api_url(), self.api_data(world, "a"), format="json")
        assert created.status_code == 201, created.json()
        obj = self.model._default_manager.get(pk=created.json()["id"])
        assert created.json() == client.get(self.api_url(obj)).json()
        if self.api_can_update:
            updated = client.patch(
                self.api_url(obj), self.api_edit_data(world, obj), format="json", **REASON_HEADER
            )
            assert updated.status_code == 200, updated.json()
            assert updated.json() == client.get(self.api_url(obj)).json()

    def test_api_empty_partial_update_is_answered(self, api_as: Any, world: World) -> None:
        """``PATCH {}`` changes nothing, or names what is missing; never a server error."""
        if not self.api_can_update:
            return
        a = self.make(world, "a")
        response = api_as(self.writer).patch(self.api_url(a), {}, format="json")
        assert response.status_code in (200, 400), response.content
        if response.status_code == 400:
            assert all(e["code"] == "required" for e in response.json()["errors"])
        assert self.exists(a)

    def test_api_refuses_unknown_fields_and_saves_nothing(self, api_as: Any, world: World) -> None:
        before = self.count()
        data = {**self.api_data(world, "a"), "colour": "blue"}
        response = api_as(self.writer).post(self.api_url(), data, format="json")
        assert response.status_code == 400
        assert {"field": "colour", "code": "unknown_field"}.items() <= response.json()["errors"][
            0
        ].items()
        assert self.count() == before
