"""A job's messages in the reader's language (issue 18, item 5): the runner keeps the source
of a ``job_message`` beside the text it wrote in the requester's language."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from cadre.core.audit import audit_chains
from cadre.core.jobmessages import job_message
from cadre.core.models import Job
from cadre.core.services import job_create
from cadre.core.testing.world import World


def test_a_job_started_in_kazakh_reads_in_each_readers_language(
    world: World, as_user: Any, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with translation.override("kk"), django_capture_on_commit_callbacks(execute=True):
        job = job_create(actor=world.users["admin"], kind="core.audit_verify")
    job.refresh_from_db()
    assert job.status == "succeeded"
    chain = audit_chains()[-1]  # the last chain checked ("main" in this world)
    # Stored as its requester wrote it, with the source beside it.
    assert job.message == f"{chain} тізбегі тексерілді"
    assert job.message_key == {"msgid": "Chain %(chain)s checked", "params": {"chain": chain}}
    expected = {
        "en": f"Chain {chain} checked",
        "ru": f"Цепочка {chain} проверена",
        "kk": f"{chain} тізбегі тексерілді",
        "vi": f"Đã kiểm tra chuỗi {chain}",
    }
    for lang, text in expected.items():
        page = as_user("admin").get(job.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=lang)
        assert f"<p>{text}</p>" in page.content.decode(), lang
        answer = api_as("admin").get(f"/api/v1/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE=lang)
        assert answer.json()["message"] == text, lang


def test_a_job_written_before_or_a_plain_message_is_shown_as_stored(
    world: World, as_user: Any
) -> None:
    old = Job.objects.create(kind="core.import", status="failed", message="Проверка строк")
    assert old.message_key == {}
    with translation.override("vi"):
        assert old.display_message == "Проверка строк"
        # A source whose parameters do not fit falls back to the stored text.
        old.message_key = {"msgid": "Chain %(chain)s checked", "params": {"x": 1}}
        assert old.display_message == "Проверка строк"


def test_a_job_message_is_text_in_the_active_language() -> None:
    with translation.override("ru"):
        message = job_message("Checking rows")
    assert message == "Проверка строк"
    assert message.key() == {"msgid": "Checking rows", "params": {}}
    with translation.override("vi"):
        assert job_message("Writing") != "Writing"
