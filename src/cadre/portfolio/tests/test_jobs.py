"""The overlap jobs through the embedded runner (a thread after commit), with progress."""

from __future__ import annotations

import pytest

from cadre.core.errors import ApplicationError
from cadre.core.models import Job
from cadre.core.tasks import threads_join
from cadre.core.testing.world import World
from cadre.portfolio import services
from cadre.portfolio.models import Overlap
from cadre.portfolio.tests.conftest import coordinators, register
from cadre.portfolio.tests.test_scoring import DOC_RU


def test_a_new_entry_is_checked_in_the_background_and_the_whole_run_reports_progress(
    thread_runner: None, world: World
) -> None:
    # An earlier test with its own transactions may have flushed what the migration seeds.
    from importlib import import_module

    from django.apps import apps

    import_module("cadre.portfolio.migrations.0002_capability_taxonomy").seed(apps, None)
    coordinators(world)
    first = register(world, "body_a", name="СЭД А", description=DOC_RU, language="ru",
                     capabilities=["document_flow"])  # fmt: skip
    assert threads_join(60)
    second = register(world, "body_b", name="СЭД Б", description=DOC_RU + " Б", language="ru",
                      capabilities=["document_flow"])  # fmt: skip
    assert threads_join(60)
    # Each registration started the check of its entry; the second one found the pair.
    jobs = Job.objects.filter(kind="portfolio.overlaps_for_system").order_by("created_at")
    assert [j.params["system"] for j in jobs] == [first.pk, second.pk]
    assert [j.status for j in jobs] == ["succeeded", "succeeded"]
    assert jobs[1].result == {"entries": 2, "found": 1, "new": 1, "updated": 0, "dropped": 0,
                              "reopened": 0}  # fmt: skip
    overlap = Overlap.objects.get()
    assert (overlap.system_a, overlap.system_b, overlap.state) == (first, second, "open")
    # The whole portfolio, started by the national coordinator.
    job = services.overlaps_run(actor=world.users["coordinator"])
    assert threads_join(60)
    job.refresh_from_db()
    assert job.status == "succeeded", job.message
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.result == {"entries": 2, "found": 1, "new": 0, "updated": 1, "dropped": 0,
                          "reopened": 0}  # fmt: skip
    # A regional coordinator may not start it.
    with pytest.raises(ApplicationError) as info:
        services.overlaps_run(actor=world.users["coordinator_a"])
    assert str(info.value) == (
        "Only a national IT coordinator may run the detection over the whole portfolio."
    )
