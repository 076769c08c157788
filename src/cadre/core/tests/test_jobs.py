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
def test_in_the_embedded_mode_a_job_runs_in_a_thread_after_commit(thread_runner) -> None:
    import time

    from cadre.accounts.services import national_admin_bootstrap

    admin = national_admin_bootstrap(username="root", password="a-long-enough-password")
    job = job_create(actor=admin, kind="test.count", params={"n": 5})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.05)
    assert (job.status, job.result) == ("succeeded", {"counted": 5})


# --- heartbeat, time limit, the reaper, live progress, the requester's language ----------


@job_handler("test.forever", time_limit=1)
def _forever(job: Job, progress) -> dict:
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # a handler that reports progress as it should
        progress(1, 2, "still going")
        time.sleep(0.05)
    return {}


def test_a_job_past_its_time_limit_is_stopped_with_the_reason(
    world: World, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_create(actor=world.users["hr_a"], kind="test.forever")
    job.refresh_from_db()
    assert (job.status, job.time_limit) == ("failed", 1)
    assert job.message == "Stopped: the job ran past its time limit of 1 s."


def _running(world: World, *, kind: str, started_ago: int, heard_ago: int | None, **kw) -> Job:
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    return Job.objects.create(
        kind=kind,
        status="running",
        created_by=world.users["hr_a"],
        started_at=now - dt.timedelta(seconds=started_ago),
        heartbeat_at=None if heard_ago is None else now - dt.timedelta(seconds=heard_ago),
        language="en",
        **kw,
    )


def test_the_reaper_fails_silent_and_overrunning_jobs_and_removes_their_files(
    world: World, tmp_path, settings
) -> None:
    settings.CADRE_JOB_STALE_SECONDS = 300
    upload = tmp_path / "people.csv"
    upload.write_text("personal_id\n")
    silent = _running(
        world,
        kind="core.import",
        started_ago=900,
        heard_ago=301,
        params={"path": str(upload)},
    )
    overran = _running(world, kind="test.count", started_ago=3600 + 121, heard_ago=1)
    alive = _running(world, kind="test.count", started_ago=900, heard_ago=10)
    import datetime as dt

    from django.utils import timezone

    queued = Job.objects.create(kind="test.count", language="en")
    Job.objects.filter(pk=queued.pk).update(created_at=timezone.now() - dt.timedelta(hours=7))

    from cadre.core.services import job_reap

    assert job_reap() == {"silent": 1, "overran": 1, "never_started": 1}
    for job in (silent, overran, alive, queued):
        job.refresh_from_db()
    assert silent.status == "failed"
    assert silent.message.startswith("Stopped: the worker running this job stopped answering at ")
    assert not upload.exists()
    assert (overran.status, overran.message) == (
        "failed",
        "Stopped: the job ran past its time limit of 60 min.",
    )
    assert alive.status == "running"
    assert (queued.status, queued.message) == ("failed", "Stopped: no worker picked this job up.")
    assert job_reap() == {"silent": 0, "overran": 0, "never_started": 0}


def test_the_reaper_believes_a_heartbeat_in_the_cache(world: World, settings) -> None:
    """On SQLite the row cannot be written while an import holds the writer; the runner's
    heartbeat in the cache keeps the job alive."""
    import time

    from django.core.cache import cache

    from cadre.core.jobrun import live_key
    from cadre.core.services import job_reap

    job = _running(world, kind="test.count", started_ago=900, heard_ago=600)
    cache.set(live_key(job.pk), {"done": 3, "total": 9, "message": "Writing", "beat": time.time()})
    assert job_reap()["silent"] == 0
    job.refresh_from_db()
    assert job.status == "running"


@job_handler("test.holds_a_transaction")
def _holds(job: Job, progress) -> dict:
    """Reports progress inside its own transaction, then waits until someone saw it."""
    import time

    from django.db import transaction
    from django.db.models import F

    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(progress_total=F("progress_total"))  # a write
        progress(5, 10, "Writing")
        deadline = time.monotonic() + 20
        while not job.params.get("seen") and time.monotonic() < deadline:
            job.params["seen"] = _SEEN.is_set()
            time.sleep(0.02)
    return {"seen": job.params.get("seen", False)}


import threading  # noqa: E402

_SEEN = threading.Event()


@pytest.mark.django_db(transaction=True)
def test_progress_inside_a_transaction_is_seen_while_the_job_runs(
    thread_runner, api_as, world
) -> None:
    """What a page polls shows the progress of a job whose work is still uncommitted (on
    PostgreSQL through the job row, on SQLite through the cache)."""
    import time

    _SEEN.clear()
    client = api_as("hr_a")
    client.get("/api/v1/jobs/")  # the token's first use is written now, not during the job
    job = job_create(actor=world.users["hr_a"], kind="test.holds_a_transaction")
    deadline = time.monotonic() + 20
    body: dict = {}
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job.pk}/").json()
        if (body["progress_done"], body["progress_total"], body["message"]) == (5, 10, "Writing"):
            _SEEN.set()
            break
        time.sleep(0.02)
    assert _SEEN.is_set(), body
    while time.monotonic() < deadline and body["status"] == "running":
        body = client.get(f"/api/v1/jobs/{job.pk}/").json()
        time.sleep(0.05)
    assert (body["status"], body["result"]) == ("succeeded", {"seen": True})


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Chain main checked"), ("ru", "Цепочка main проверена")],
)
def test_a_job_answers_in_the_language_of_its_request(
    thread_runner, api_as, world, language: str, message: str
) -> None:
    import time

    client = api_as("admin")
    started = client.post("/api/v1/audit-events/verify/", HTTP_ACCEPT_LANGUAGE=language)
    assert started.status_code == 202
    deadline = time.monotonic() + 20
    body = started.json()
    while body["status"] not in {"succeeded", "failed"} and time.monotonic() < deadline:
        time.sleep(0.05)
        body = client.get(f"/api/v1/jobs/{body['id']}/").json()
    # The message is told in the reader's language (``core.jobmessages``): read it in the
    # language the job was started in.
    body = client.get(f"/api/v1/jobs/{body['id']}/", HTTP_ACCEPT_LANGUAGE=language).json()
    assert (body["status"], body["message"]) == ("succeeded", message)


def test_the_embedded_scheduler_runs_the_reaper_when_it_is_due(world: World, settings) -> None:
    """Without a broker the periodic jobs still run: the reaper fails a silent job."""
    import datetime as dt

    from django.utils import timezone

    from cadre.core.scheduler import Scheduler

    clock = [timezone.now()]
    scheduler = Scheduler(
        {"reap": {"task": "cadre.core.tasks.jobs_reap_scheduled", "schedule": 60}},
        now=lambda: clock[0],
    )
    silent = _running(world, kind="test.count", started_ago=3000, heard_ago=1000)
    assert scheduler.tick()[0] == []
    silent.refresh_from_db()
    assert silent.status == "running"
    clock[0] += dt.timedelta(seconds=61)
    # celery's schedule compares with its own clock; step the entry's last run back instead
    scheduler.last_run["reap"] -= dt.timedelta(seconds=61)
    assert scheduler.tick()[0] == ["reap"]
    silent.refresh_from_db()
    assert silent.status == "failed"
