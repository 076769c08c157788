"""The job list and the audit log name kinds and actions in the user's language, not by
their codes (issue 18, item 5)."""

from __future__ import annotations

from django.urls import reverse

from cadre.accounts.services import role_assignment_create
from cadre.core.choices import Role
from cadre.core.models import AuditEvent, Job
from cadre.core.services import job_create
from cadre.core.testing.world import World


def test_the_job_list_names_the_kind_in_the_users_language(
    as_user, world: World, django_capture_on_commit_callbacks
) -> None:
    job_create(actor=world.users["hr_a"], kind="people.figures_refresh")
    client = as_user("hr_a")
    for lang, name in [
        ("ru", "Пересчёт показателей реестра"),
        ("kk", "Тізілім көрсеткіштерін қайта есептеу"),
        ("vi", "Tính lại số liệu sổ đăng ký"),
        ("en", "Registry figures recount"),
    ]:
        page = client.get(reverse("core:job_list"), HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert name in page, lang
        assert ">people.figures_refresh<" not in page, lang  # the code is only a value
    # the kind filter is a list of kinds by name, not a box to type a code in
    page = client.get(reverse("core:job_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="people.figures_refresh">Registry figures recount</option>' in page
    listed = client.get(reverse("core:job_list") + "?kind=people.figures_refresh")
    assert len(listed.context["rows"]) == 1
    other = client.get(reverse("core:job_list") + "?kind=core.audit_verify")
    assert len(other.context["rows"]) == 0
    unknown = client.get(reverse("core:job_list") + "?kind=nope", HTTP_ACCEPT_LANGUAGE="en")
    assert len(unknown.context["rows"]) == 0
    assert "Select a valid choice. nope is not one of the available choices." in (
        unknown.content.decode()
    )
    job = Job.objects.get()
    detail = client.get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Тізілім көрсеткіштерін қайта есептеу" in detail


def test_the_audit_log_names_the_action_in_the_users_language(as_user, world: World) -> None:
    admin = world.users["admin"]
    role_assignment_create(
        actor=admin, user=world.users["hr_b"], role=Role.MANAGER, organisation=world.orgs["body_b"]
    )
    event = AuditEvent.objects.filter(action="role.grant").latest("id")
    client = as_user("admin")
    url = reverse("core:auditevent_list") + "?action=role.grant"
    listing = client.get(url, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "рөл берілді" in listing
    detail = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "роль назначена" in detail
    # An action nobody named is shown as its code; the API keeps the code.
    assert event.action_label != "role.grant"
    assert AuditEvent(action="x.unnamed").action_label == "x.unnamed"
