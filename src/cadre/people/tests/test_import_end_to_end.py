"""Imports as users run them: a file posted to ``/api/v1/imports/``, the job run by the real
runner (a thread of the server in the embedded mode, a Celery worker on Redis), its progress
polled through the API until it finishes, at sizes on both sides of the set-based threshold.
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cadre.core.models import Job
from cadre.core.tasks import threads_join
from cadre.core.testing.celery import REDIS_URL
from cadre.core.testing.world import World
from cadre.orgs.models import Organisation, Post
from cadre.orgs.services import post_create
from cadre.people.models import Assignment, Employee

pytestmark = pytest.mark.django_db(transaction=True)


def people_csv(n: int, *, start: int = 0) -> str:
    lines = [
        "personal_id,last_name,first_name,birth_date,gender,organisation_code,post_code,"
        "post_start,education_level,specialty_code"
    ]
    for i in range(start, start + n):
        post = "P-A,2024-01-15" if i % 3 == 0 else ","
        lines.append(f"ID{i:08d},Family{i},Name{i},1985-03-{1 + i % 28:02d},F,UNIT_A1,{post},,")
    return "\n".join(lines) + "\n"


def organisations_csv(n: int) -> str:
    lines = ["code,name,kind,parent_code,level,is_it_unit"]
    for i in range(n):
        parent = "BODY_A" if i < 50 else f"ORG{i // 50 - 1:05d}"
        lines.append(f"ORG{i:05d},Unit number {i},unit,{parent},,{'yes' if i % 7 == 0 else 'no'}")
    return "\n".join(lines) + "\n"


def posts_csv(n: int) -> str:
    lines = ["code,unit_code,title,category,salary_min,salary_max,currency,positions"]
    lines += [
        f"POST{i:05d},UNIT_A1,Expert {i},C-4,{100000 + i},{150000 + i},KZT,{1 + i % 3}"
        for i in range(n)
    ]
    return "\n".join(lines) + "\n"


@pytest.fixture
def post_a(world: World) -> Post:
    return post_create(
        actor=world.users["admin"],
        organisation=world.orgs["unit_a1"],
        code="P-A",
        title="Analyst",
        salary_min=Decimal(1),
        salary_max=Decimal(2),
        currency="KZT",
        positions=5000,
    )


def import_through_the_api(client: Any, kind: str, text: str, mode: str = "all") -> dict:
    """Post the file, then poll the job as a page would until it ends; the job as last seen,
    with every (done, total, message) it showed on the way."""
    upload = SimpleUploadedFile(f"{kind}.csv", text.encode(), content_type="text/csv")
    response = client.post(
        "/api/v1/imports/",
        {"kind": kind, "mode": mode, "file": upload},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    seen: list[tuple[int, int, str]] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/jobs/{job_id}/", HTTP_ACCEPT_LANGUAGE="en").json()
        step = (body["progress_done"], body["progress_total"], body["message"])
        if not seen or seen[-1] != step:
            seen.append(step)
        if body["status"] in {"succeeded", "failed"}:
            body["seen"] = seen
            return body
        time.sleep(0.05)
    pytest.fail(f"the {kind} import did not finish in 240 s; last seen {seen[-1:]}")


def _upload_left(job_id: str) -> bool:
    return Path(Job.objects.get(pk=job_id).params["path"]).exists()


def test_6000_people_through_the_api_in_the_embedded_runner(
    thread_runner: None, world: World, post_a: Post, api_as: Any
) -> None:
    """The reported hang: 6,000 rows take the set-based path on PostgreSQL (default
    threshold 5,000), row by row on SQLite; either way the job must finish."""
    job = import_through_the_api(api_as("hr_a"), "people", people_csv(6000))
    assert job["status"] == "succeeded", job["message"]
    assert {k: job["result"][k] for k in ("rows", "good_rows", "created", "written")} == {
        "rows": 6000,
        "good_rows": 6000,
        "created": 6000,
        "written": True,
    }
    assert (job["progress_done"], job["progress_total"], job["percent"]) == (6000, 6000, 100)
    assert _imported() == 6000
    assert Assignment.objects.filter(post=post_a).count() == 2000
    assert not _upload_left(job["id"])
    messages = [m for _d, _t, m in job["seen"]]
    assert "Writing" in messages, job["seen"]  # progress seen while the job ran


def test_a_second_identical_people_import_writes_nothing(
    thread_runner: None, world: World, post_a: Post, api_as: Any
) -> None:
    client = api_as("hr_a")
    text = people_csv(6000)
    first = import_through_the_api(client, "people", text)
    assert first["status"] == "succeeded", first["message"]
    again = import_through_the_api(client, "people", text)
    assert again["status"] == "succeeded", again["message"]
    assert {k: again["result"][k] for k in ("created", "updated", "unchanged")} == {
        "created": 0,
        "updated": 0,
        "unchanged": 6000,
    }


@pytest.mark.parametrize(
    ("kind", "make", "model", "n"),
    [
        ("organisations", organisations_csv, Organisation, 6000),
        ("posts", posts_csv, Post, 6000),
    ],
)
def test_6000_organisations_or_posts_through_the_api(
    thread_runner: None, world: World, api_as: Any, kind: str, make: Any, model: Any, n: int
) -> None:
    before = model.objects.count()
    job = import_through_the_api(api_as("hr_a"), kind, make(n))
    assert job["status"] == "succeeded", job["message"]
    assert (job["result"]["created"], job["result"]["written"]) == (n, True)
    assert model.objects.count() == before + n
    assert not _upload_left(job["id"])


def test_organisations_imported_deep_get_their_paths(
    thread_runner: None, world: World, api_as: Any
) -> None:
    job = import_through_the_api(api_as("hr_a"), "organisations", organisations_csv(200))
    assert job["status"] == "succeeded", job["message"]
    body_a = world.orgs["body_a"]
    deep = Organisation.objects.get(code="ORG00150")  # under ORG00002 under BODY_A
    parent = Organisation.objects.get(code="ORG00002")
    assert deep.parent_id == parent.pk
    assert deep.path == f"{body_a.path}{parent.pk}/{deep.pk}/"
    under_a = Organisation.objects.filter(path__startswith=body_a.path, code__startswith="ORG")
    assert under_a.count() == 200
    # the import started the recount of the registry's figures, which runs to its end
    assert threads_join(60)
    recount = Job.objects.get(kind="people.figures_refresh")
    assert (recount.status, recount.created_by_id) == ("succeeded", world.users["hr_a"].pk)


# --- the same through a Celery worker on Redis ------------------------------------------

BULK_ROWS = 1500


@pytest.fixture
def celery_worker_env() -> dict[str, str]:
    return {"CADRE_IMPORT_BULK_ROWS": str(BULK_ROWS), "CADRE_JOB_FLUSH_SECONDS": "0.05"}


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set")
@pytest.mark.parametrize("rows", [BULK_ROWS - 1, BULK_ROWS])
def test_people_through_a_celery_worker_on_both_sides_of_the_threshold(
    worker: Any, celery_queue: str, world: World, post_a: Post, api_as: Any, rows: int
) -> None:
    job = import_through_the_api(api_as("hr_a"), "people", people_csv(rows))
    assert job["status"] == "succeeded", job["message"]
    assert (job["result"]["created"], job["progress_done"]) == (rows, rows)
    assert _imported() == rows
    assert not _upload_left(job["id"])


@pytest.mark.redis
@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set")
def test_organisations_and_posts_through_a_celery_worker(
    worker: Any, celery_queue: str, world: World, api_as: Any
) -> None:
    client = api_as("hr_a")
    orgs = import_through_the_api(client, "organisations", organisations_csv(BULK_ROWS))
    posts = import_through_the_api(client, "posts", posts_csv(BULK_ROWS))
    assert (orgs["status"], orgs["result"]["created"]) == ("succeeded", BULK_ROWS)
    assert (posts["status"], posts["result"]["created"]) == ("succeeded", BULK_ROWS)


def _imported() -> int:
    """People whose identifier starts with ``ID`` (encrypted: read back, decision 0038)."""
    return sum(p.startswith("ID") for p in Employee.objects.values_list("personal_id", flat=True))
