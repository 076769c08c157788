"""Jobs: progress the UI can poll, failures recorded, work runs after commit."""

from __future__ import annotations

import pytest

from cadre.core.errors import ApplicationError
from cadre.core.models import Job
from cadre.core.services import job_create
from cadre.core.tasks import job_handler
from cadre.core.testing.world import World


@job_handler("test.count")
def _count(job: Job, progress) -> dict:
    n = job.params["n"]
    for i in range(1, n + 1):
        progress(i, n, f"step {i}")
    return {"counted": n}


@job_handler("test.fail")
def _fail(job: Job, progress) -> dict:
    progress(1, 4)
    raise ValueError("the file ended in the middle of row 3")


def test_a_job_runs_after_commit_and_records_progress(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_create(actor=world.users["hr_a"], kind="test.count", params={"n": 3})
    job.refresh_from_db()
    assert job.status == "queued"
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert (job.status, job.progress_done, job.progress_total, job.percent) == (
        "succeeded",
        3,
        3,
        100,
    )
    assert job.message == "step 3"
    assert job.result == {"counted": 3}


def test_a_failing_job_says_why(world: World, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(actor=world.users["hr_a"], kind="test.fail")
    job.refresh_from_db()
    assert job.status == "failed"
    assert job.message == "the file ended in the middle of row 3"
    assert job.finished_at is not None


def test_an_unknown_job_kind_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError) as info:
        job_create(actor=world.users["hr_a"], kind="test.nope")
    assert info.value.errors == {"kind": ["Unknown job kind: test.nope"]}
    assert not Job.objects.exists()


def test_the_progress_fragment_polls_until_done(as_user, world: World) -> None:
    job = job_create(actor=world.users["hr_a"], kind="test.count", params={"n": 2})
    client = as_user("hr_a")
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    Job.objects.filter(pk=job.pk).update(status="succeeded")
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert as_user("hr_b").get(job.get_absolute_url()).status_code == 404


def test_health_check(client, db: None) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_own_static_assets_are_served(client, db: None) -> None:
    for path in (
        "/static/cadre/cadre.css",
        "/static/cadre/favicon.svg",
        "/static/django_htmx/htmx-2.min.js",
    ):
        assert client.get(path).status_code == 200, path


@pytest.mark.django_db(transaction=True)
def test_in_the_embedded_mode_a_job_runs_in_a_thread_after_commit(settings) -> None:
    import time

    from cadre.accounts.services import national_admin_bootstrap

    settings.CADRE_TASKS = "thread"
    admin = national_admin_bootstrap(username="root", password="a-long-enough-password")
    job = job_create(actor=admin, kind="test.count", params={"n": 5})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.05)
    assert (job.status, job.result) == ("succeeded", {"counted": 5})
