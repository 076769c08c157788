"""The cluster's pieces that can be checked without starting it (decision 0042): the replica
reads' fallback, the answers to a lost database or Redis, a full upload disk, HAProxy's
limits. The cluster itself runs in CI (.ci/run: cadre cluster up, bench/soak.py)."""

from __future__ import annotations

import errno
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connection, connections
from django.test import RequestFactory
from django.utils import translation

from cadre.core import cluster, replica
from cadre.core.errors import ApplicationError
from cadre.core.outage import server_error
from cadre.people.tests.test_indicators import staffed  # noqa: F401  # the registry's data

pg_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="streaming replicas are PostgreSQL's"
)


if connection.vendor == "postgresql" and "replica" not in connections.settings:
    # A second alias on the same test database, a mirror of the default one (as the settings
    # make one from DATABASE_REPLICA_URL): a primary is not in recovery, so its lag reads 0.
    # Made at collection, so that the test database set-up points it at the test database;
    # read_alias() uses it only where DATABASE_REPLICA_URL is set (the fixture below).
    _default = connections.settings["default"]
    connections.settings["replica"] = {
        **_default,
        "OPTIONS": dict(_default.get("OPTIONS", {})),
        "TEST": {**_default["TEST"], "MIRROR": "default"},
    }

replica_db = pytest.mark.django_db(databases=["default", "replica"])


@pytest.fixture
def replica_alias(settings: Any) -> Any:
    config = connections.settings["replica"]
    saved = dict(config)
    settings.DATABASE_REPLICA_URL = "postgres://the-same-test-database"
    settings.CADRE_REPLICA_MAX_LAG = 5
    settings.CADRE_REPLICA_CHECK_SECONDS = 60
    replica.forget()
    yield config
    replica.forget()
    connections["replica"].close()
    config.clear()
    config.update(saved)


def test_without_a_replica_reads_go_to_the_primary(settings: Any) -> None:
    replica.forget()
    assert not settings.DATABASE_REPLICA_URL
    assert replica.read_alias() == "default"


@pg_only
@replica_db
def test_a_replica_within_the_lag_bound_is_read(replica_alias: Any) -> None:
    assert replica.replica_lag() == 0.0
    assert replica.read_alias() == "replica"


@pg_only
@replica_db
def test_a_replica_past_the_lag_bound_is_left_for_the_primary(
    replica_alias: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replica, "LAG_SQL", "SELECT 30.5")  # what a lagging replica answers
    assert replica.replica_lag() == 30.5
    assert replica.read_alias() == "default"
    # Remembered for CADRE_REPLICA_CHECK_SECONDS: caught up again, it is asked only later.
    monkeypatch.setattr(replica, "LAG_SQL", "SELECT 0")
    assert replica.read_alias() == "default"
    replica.forget()
    assert replica.read_alias() == "replica"


@pg_only
@replica_db
def test_a_replica_that_does_not_answer_is_left_for_the_primary(replica_alias: Any) -> None:
    connections["replica"].close()
    replica_alias["PORT"] = 1  # nothing listens there
    replica_alias["OPTIONS"] = {**replica_alias.get("OPTIONS", {}), "connect_timeout": 1}
    assert replica.replica_lag() is None
    assert replica.read_alias() == "default"


@pg_only
@replica_db
def test_analytics_figures_are_read_from_the_replica(replica_alias: Any, world: Any) -> None:
    from cadre.analytics.selectors import snapshots

    assert snapshots(world.admin, world.country).db == "replica"
    replica.forget()
    connections["replica"].close()
    replica_alias["PORT"] = 1
    replica_alias["OPTIONS"] = {**replica_alias.get("OPTIONS", {}), "connect_timeout": 1}
    assert snapshots(world.admin, world.country).db == "default"


def _registry_figures(world: Any) -> Any:
    from cadre.people.selectors import indicator_breakdown

    return indicator_breakdown(
        user=world.admin, root=world.country, children=[world.body_a, world.body_b]
    )


@pytest.fixture
def reads(replica_alias: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Which database alias each query's table was read through, as ``{alias: {tables}}``.

    A test's rows live in its own open transaction, which a second connection cannot see:
    here the replica alias shares the primary's connection (what a replica that is caught up
    would answer), and the queries are told apart by the alias they were compiled for."""
    from collections import defaultdict

    from django.db.models.sql.query import Query

    seen: dict[str, set[str]] = defaultdict(set)
    compile_for = Query.get_compiler

    def spy(query: Query, using: Any = None, *args: Any, **kwargs: Any) -> Any:
        if query.model is not None:
            seen[using or "default"].add(query.model._meta.db_table)
        return compile_for(query, using, *args, **kwargs)

    monkeypatch.setattr(Query, "get_compiler", spy)
    own = connections["replica"]
    connections["replica"] = connections["default"]
    yield seen
    connections["replica"] = own


@pg_only
@replica_db
@pytest.mark.usefixtures("staffed")
def test_registry_dashboard_figures_are_read_from_the_replica_unless_it_lags(
    reads: Any, world: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cadre.people.selectors import figures_refresh

    # No replica configured: the primary answers.
    url, settings.DATABASE_REPLICA_URL = settings.DATABASE_REPLICA_URL, ""
    replica.forget()
    alone, alone_children = _registry_figures(world)
    assert (alone.headcount, alone.it_headcount, alone.positions, alone.filled) == (4, 4, 6, 4)
    assert [c.it_headcount for c in alone_children] == [3, 1]
    assert "replica" not in reads
    settings.DATABASE_REPLICA_URL = url

    # Caught up: the counts are read from the replica; the same figures.
    replica.forget()
    reads.clear()
    assert _registry_figures(world) == (alone, alone_children)
    assert {"people_employee", "orgs_organisation", "orgs_post"} <= reads["replica"]
    assert "people_employee" not in reads["default"]

    # Lagging past CADRE_REPLICA_MAX_LAG: the replica is only asked its lag (raw SQL, no
    # table); the primary counts; the same figures.
    monkeypatch.setattr(replica, "LAG_SQL", "SELECT 30.5")
    replica.forget()
    reads.clear()
    assert _registry_figures(world) == (alone, alone_children)
    assert reads["replica"] == set()
    assert "people_employee" in reads["default"]

    # The stored figures (what a large registry's dashboard reads) follow the same rule.
    figures_refresh()
    replica.forget()
    reads.clear()
    lagging = _registry_figures(world)
    assert reads["replica"] == set()
    assert "people_organisationfigures" in reads["default"]
    monkeypatch.setattr(replica, "LAG_SQL", "SELECT 0")
    replica.forget()
    reads.clear()
    assert _registry_figures(world) == lagging
    assert reads["replica"] == {"people_organisationfigures"}
    assert lagging[0].computed_at is not None
    assert (lagging[0].headcount, lagging[0].positions, lagging[0].filled) == (4, 6, 4)
    assert [c.it_headcount for c in lagging[1]] == [3, 1]


def _answer(exc: Exception, path: str) -> Any:
    try:
        raise exc
    except Exception:
        return server_error(RequestFactory().get(path))


def test_a_lost_database_answers_503_with_a_clear_message() -> None:
    response = _answer(OperationalError("server closed the connection unexpectedly"), "/api/v1/x/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    body = json.loads(response.content)
    assert body["code"] == "database_unavailable"
    assert body["detail"].startswith("The database is not reachable for a moment. Nothing")
    assert "Traceback" not in response.content.decode()


def test_a_lost_redis_answers_503_as_a_page_outside_the_api() -> None:
    import redis

    response = _answer(redis.exceptions.ConnectionError("Connection refused"), "/people/")
    assert response.status_code == 503
    text = response.content.decode()
    assert "<h1>Service unavailable</h1>" in text
    assert "The cache and queue service is not reachable for a moment" in text


def test_other_errors_keep_the_500_page() -> None:
    assert _answer(ValueError("a bug"), "/api/v1/x/").status_code == 500


@pytest.fixture
def dead_broker(settings: Any) -> Any:
    """Celery's broker at a port where nothing listens: Redis down, as a worker sees it."""
    from cadre.celery import app as celery_app

    settings.CADRE_TASKS = "celery"
    conf = celery_app.conf
    keys = ("task_always_eager", "broker_url", "task_publish_retry_policy")
    saved = {key: conf[key] for key in keys}

    def fresh_pools() -> None:  # the connections are made for the broker of the moment
        celery_app._pool = None  # type: ignore[attr-defined]
        celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]

    conf.update(
        task_always_eager=False,
        broker_url="redis://127.0.0.1:1/0",
        task_publish_retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0},
    )
    fresh_pools()
    yield
    conf.update(saved)
    fresh_pools()


@pytest.mark.usefixtures("dead_broker")
def test_a_job_asked_for_while_the_broker_is_down_fails_at_once_and_says_why(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from kombu.exceptions import OperationalError as BrokerDown

    from cadre.core.models import Job
    from cadre.core.services import job_create

    # The task is sent once the job's row is committed (here: the captured commit hooks run).
    with (
        translation.override("en"),
        pytest.raises(BrokerDown) as refused,
        django_capture_on_commit_callbacks(execute=True),
    ):
        job_create(actor=world.admin, kind="people.figures_refresh")
    # The job it recorded is failed now, saying why, not left queued for the reaper ...
    job = Job.objects.get(kind="people.figures_refresh")
    assert job.status == "failed"
    assert job.finished_at is not None
    assert job.display_message == (
        "Stopped: the queue service was not reachable, so this job was never started and "
        "nothing was done. Please start it again."
    )
    with translation.override("ru"):
        assert job.display_message.startswith("Остановлено: служба очередей была недоступна")
    # ... and the request that asked for it is answered like any moment of a Redis outage.
    response = _answer(refused.value, "/api/v1/imports/")
    assert response.status_code == 503
    assert json.loads(response.content)["code"] == "redis_unavailable"


class FullDiskUpload:
    name = "people.csv"
    size = 10

    def chunks(self) -> Any:
        yield b"personal_id\n"
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_upload_disk_is_a_clear_error_and_leaves_no_file(
    settings: Any, tmp_path: Path
) -> None:
    from cadre.core.imports.runs import store_upload

    settings.DATA_DIR = tmp_path
    with pytest.raises(ApplicationError) as caught:
        store_upload(FullDiskUpload())
    assert caught.value.code == "disk_full"
    assert str(caught.value).startswith("The server has no room left to keep the file")
    assert list((tmp_path / "imports").iterdir()) == []


def test_haproxy_config_cuts_big_bodies_slow_clients_and_queues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CADRE_IMPORT_MAX_MB", "100")
    lay = cluster.Layout(root=tmp_path, base=15100)
    (tmp_path / "run").mkdir()
    text = cluster.haproxy_config(lay)
    assert "if { req.hdr_val(content-length) gt 105906176 }" in text
    # The 413 says why, in the API's JSON shape.
    assert (
        """deny_status 413 content-type application/json string '{"detail": "The request body """
        """is larger than the limit of 101 MB (an import file of at most 100 MB and its form). """
        """Nothing was read.", "code": "request_too_large"}'"""
    ) in text
    # A chunked body could pass the limit unseen: refused, with what to do instead.
    assert (
        """deny_status 411 content-type application/json string '{"detail": "A request body """
        """sent in chunks is not accepted: send it with its length (Content-Length). Nothing """
        """was read.", "code": "length_required"}' if { req.hdr(transfer-encoding) -m found }"""
    ) in text
    assert "timeout http-request 10s" in text
    assert "timeout queue 5s" in text
    assert "uri /healthz" in text
    assert "server app1 127.0.0.1:15101 check" in text
    assert "server app2 127.0.0.1:15102 check" in text
    if shutil.which("haproxy"):
        path = tmp_path / "haproxy.cfg"
        path.write_text(text)
        check = subprocess.run(["haproxy", "-c", "-f", str(path)], capture_output=True)
        assert check.returncode == 0, check.stderr


def test_app_servers_get_production_and_the_pooler(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CADRE_RATING_MIN_SECONDS", "0")
    lay = cluster.Layout(root=tmp_path, base=15100)
    cluster.save_env(lay)
    monkeypatch.delenv("CADRE_RATING_MIN_SECONDS")
    env = cluster.app_env(lay)
    assert env["CADRE_PROFILE"] == "production"
    assert env["DATABASE_URL"] == "postgres://postgres@127.0.0.1:15132/cadre"
    assert env["CADRE_DB_POOLER"] == "transaction"
    assert env["DATABASE_REPLICA_URL"] == "postgres://postgres@127.0.0.1:15144/cadre"
    assert env["REDIS_URL"] == "redis://127.0.0.1:15179/0"
    assert len(env["SECRET_KEY"]) >= 50 and env["CADRE_FIELD_KEYS"]
    assert env["CADRE_RATING_MIN_SECONDS"] == "0"  # what up was given, for later restarts
    assert cluster.direct_env(lay)["DATABASE_URL"] == "postgres://postgres@127.0.0.1:15143/cadre"
