"""The rating table partitioned by month on PostgreSQL (decision 0041); a plain table on
SQLite, where the same calls do nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cadre.core.audit import audit_verify
from cadre.core.models import AuditEvent
from cadre.ratings import partitions
from cadre.ratings.models import EmployeeScore, Rating
from cadre.ratings.partitions import DEFAULT, Month, partitions_detach, partitions_ensure
from cadre.ratings.scores import scores_recompute
from cadre.ratings.services import rating_submit
from cadre.ratings.tests.conftest import issue
from cadre.ratings.tests.test_scores import _rate

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions are PostgreSQL's; SQLite keeps a table"
)


def _where(rating: Rating) -> str:
    """The partition that holds ``rating``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM ratings_rating WHERE id = %s", [rating.pk]
        )
        return str(cursor.fetchone()[0])


def _attached() -> dict[str, Month | None]:
    with connection.cursor() as cursor:
        return partitions.attached(cursor)


def test_sqlite_keeps_a_plain_table_and_the_command_says_so(db) -> None:
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's side")
    assert not partitions.available()
    assert partitions_ensure() == []
    assert partitions_detach(before=Month(2030, 1)) == []
    out = io.StringIO()
    call_command("ratings_partitions", "--ensure", stdout=out)
    assert "not partitioned here" in out.getvalue()


@on_postgres
def test_after_migrate_this_month_the_next_three_and_a_default_exist(db) -> None:
    now = Month.of(timezone.now())
    found = _attached()
    assert DEFAULT in found and found[DEFAULT] is None
    for ahead in range(4):
        assert now.plus(ahead).name in found, now.plus(ahead)
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE relname = 'ratings_rating'")
        assert cursor.fetchone()[0] == "p"
        # The unique index on the interaction could not stay (decision 0041).
        cursor.execute(
            "SELECT count(*) FROM pg_index WHERE indrelid = 'ratings_rating'::regclass "
            "AND indisunique"
        )
        assert cursor.fetchone()[0] == 1  # the primary key (id, submitted_at)


@on_postgres
def test_a_rating_in_a_month_without_partition_lands_in_the_default_and_counts(desk) -> None:
    lost = dt.datetime(2020, 3, 14, 10, tzinfo=dt.UTC)
    rating = _rate(desk, desk.officer, 1, when=lost)
    assert _where(rating) == DEFAULT
    scores_recompute()
    assert EmployeeScore.objects.get(employee=desk.officer).ratings == 1

    made = partitions_ensure()
    assert made == ["ratings_rating_p2020_03"]  # this month and the next ones exist
    assert _where(rating) == "ratings_rating_p2020_03"
    assert Rating.objects.get(pk=rating.pk).submitted_at == lost
    scores_recompute()
    score = EmployeeScore.objects.get(employee=desk.officer)
    assert (score.ratings, score.negatives) == (1, 1)
    event = AuditEvent.objects.get(chain="ratings", action="ratings.partition_create")
    assert event.changes == {"partition": "ratings_rating_p2020_03", "rows_moved_from_default": 1}


@on_postgres
def test_ensure_is_idempotent(db) -> None:
    later = timezone.now() + dt.timedelta(days=200)  # three months on: new ones to make
    first = partitions_ensure(now=later)
    assert len(first) >= 3
    before = _attached()
    events = AuditEvent.objects.filter(action="ratings.partition_create").count()
    assert partitions_ensure(now=later) == []
    assert partitions_ensure(now=later) == []
    assert _attached() == before
    assert AuditEvent.objects.filter(action="ratings.partition_create").count() == events
    out = io.StringIO()
    call_command("ratings_partitions", "--ensure", stdout=out)
    assert "made: none (all there)" in out.getvalue()


@on_postgres
def test_detach_takes_old_months_out_of_live_queries_and_is_audited(desk) -> None:
    old = _rate(desk, desk.officer, 5, when=dt.datetime(2021, 5, 2, 9, tzinfo=dt.UTC))
    older = _rate(desk, desk.officer, 4, when=dt.datetime(2021, 4, 30, 9, tzinfo=dt.UTC))
    now = _rate(desk, desk.officer, 2)
    partitions_ensure()
    assert _where(old) == "ratings_rating_p2021_05"

    out = io.StringIO()
    call_command("ratings_partitions", "--detach-before", "2021-06", stdout=out)
    assert "ratings_archive_p2021_04, ratings_archive_p2021_05" in out.getvalue()
    assert list(Rating.objects.values_list("pk", flat=True)) == [now.pk]
    scores_recompute()
    assert EmployeeScore.objects.get(employee=desk.officer).ratings == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM ratings_archive_p2021_05")
        assert cursor.fetchall() == [(old.pk,)]
        cursor.execute("SELECT id FROM ratings_archive_p2021_04")
        assert cursor.fetchall() == [(older.pk,)]
    events = AuditEvent.objects.filter(action="ratings.partition_detach").order_by("id")
    assert [(e.object_id, e.changes["rows"], e.source) for e in events] == [
        ("2021-04", 1, "cli"),
        ("2021-05", 1, "cli"),
    ]
    assert audit_verify(chain="ratings").ok
    # The current month stays; a month given badly is refused.
    assert Month.of(timezone.now()).name in _attached()
    with pytest.raises(Exception, match="YYYY-MM"):
        call_command("ratings_partitions", "--detach-before", "2021-13")


@on_postgres
def test_a_month_bounded_query_reads_one_partition(desk) -> None:
    _rate(desk, desk.officer, 3)
    month = Month.of(timezone.now())
    window = Rating.objects.filter(
        submitted_at__gte=month.start, submitted_at__lt=month.plus(1).start, status="counted"
    )
    plan = window.explain()
    scanned = {p for p in _attached() if p in plan}
    assert scanned == {month.name}, plan
    # A fold's window (from folded_until to now) reads only the months it spans.
    fold = Rating.objects.filter(
        submitted_at__gte=timezone.now() - dt.timedelta(minutes=10),
        submitted_at__lt=timezone.now(),
    ).explain()
    assert {p for p in _attached() if p in fold} <= {
        month.name,
        Month.of(timezone.now() - dt.timedelta(minutes=10)).name,
    }


@on_postgres
def test_submissions_go_into_this_months_partition_and_stay_single_use(desk) -> None:
    token = issue(desk, "PART-1", "ID-P1")
    received = rating_submit(token=token, answers={"overall": 4})
    rating = Rating.objects.get(pk=received.rating_id)
    assert _where(rating) == Month.of(timezone.now()).name
    from cadre.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        rating_submit(token=token, answers={"overall": 1})
    assert refused.value.code == "used"
    assert Rating.objects.filter(interaction__external_id="PART-1").count() == 1
