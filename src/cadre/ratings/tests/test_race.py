"""64 citizens' browsers submitting one link at the same moment: exactly one rating."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections

from cadre.core.errors import ApplicationError
from cadre.ratings.models import Rating
from cadre.ratings.services import rating_submit
from cadre.ratings.tests.conftest import issue


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite takes one writer at a time; the race is PostgreSQL's",
)
@pytest.mark.django_db(transaction=True)
def test_64_parallel_submissions_of_one_token_count_once(desk) -> None:
    token = issue(desk, "CRM-RACE")

    def submit(i: int) -> str:
        try:
            rating_submit(token=token, answers={"overall": 1 + i % 5})
            return "counted"
        except ApplicationError as exc:
            return exc.code or ""
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=16) as pool:
        outcomes = list(pool.map(submit, range(64)))
    assert outcomes.count("counted") == 1
    assert outcomes.count("used") == 63
    assert Rating.objects.count() == 1
