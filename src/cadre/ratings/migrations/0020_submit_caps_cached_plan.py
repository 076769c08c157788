"""``cadre_rating_submit`` checks the citizen's caps with a cached plan again, one that no
statistics can turn into a scan of the day.

Migration 0012 planned the cap checks on every call (``EXECUTE … USING``) because PL/pgSQL's
generic plan, made from stale statistics, once chose to scan the day's ratings by time for
every submission. Planning a statement of three joins on every call cost more than the rest
of the function: ``bench/rating_submit.py --database-share`` measured the function at
2,240 calls/s with the caps and 5,582/s without them. The citizen's ratings are now read in
a ``MATERIALIZED`` common table expression whose only condition is the citizen's key, so
the citizen's index is the only way in whatever the statistics say; the time conditions
apply to those few rows.
"""

from importlib import import_module
from typing import Any

from django.db import migrations

PREVIOUS = import_module("cadre.ratings.migrations.0019_rating_employees_of_interaction").FUNCTION

PLANNED_EACH_CALL = """\
        EXECUTE 'WITH mine AS (
                SELECT r.id, r.interaction_id, r.submitted_at FROM ratings_rating r
                WHERE r.citizen_key = $1 AND r.status IN (''counted'', ''held'')
                  AND r.submitted_at >= least($2, $3))
            SELECT EXISTS (SELECT 1 FROM mine WHERE mine.submitted_at >= $3),
                   EXISTS (SELECT 1 FROM mine
                           JOIN ratings_interaction_employees re
                             ON re.interaction_id = mine.interaction_id
                           JOIN ratings_interaction_employees ie
                             ON ie.employee_id = re.employee_id AND ie.interaction_id = $4
                           WHERE mine.submitted_at >= $2
                           GROUP BY re.employee_id HAVING count(*) >= $5)'
            INTO v_today, v_full USING i.citizen_key, p_quarter, p_today, i.id, p_quarter_cap;
"""
CACHED = """\
        WITH mine AS MATERIALIZED (
            SELECT r.interaction_id, r.submitted_at, r.status FROM ratings_rating r
            WHERE r.citizen_key = i.citizen_key)
        SELECT EXISTS (SELECT 1 FROM mine WHERE mine.submitted_at >= p_today
                       AND mine.status IN ('counted', 'held')),
               EXISTS (SELECT 1 FROM mine
                       JOIN ratings_interaction_employees re
                         ON re.interaction_id = mine.interaction_id
                       JOIN ratings_interaction_employees ie
                         ON ie.employee_id = re.employee_id AND ie.interaction_id = i.id
                       WHERE mine.submitted_at >= p_quarter
                         AND mine.status IN ('counted', 'held')
                       GROUP BY re.employee_id HAVING count(*) >= p_quarter_cap)
        INTO v_today, v_full;
"""
COMMENT_BEFORE = """\
        -- One statement, planned for this citizen each time (see migration 0012): the
        -- citizen's ratings since the quarter began (a few), whether one is of today, and
        -- whether an employee served now already has the quarter's cap of them.
"""
COMMENT_AFTER = """\
        -- One statement over the citizen's ratings (a few; read by the citizen's index
        -- alone, see migration 0020): whether one is of today, and whether an employee
        -- served now already has the quarter's cap of them.
"""
for before in (PLANNED_EACH_CALL, COMMENT_BEFORE):
    assert PREVIOUS.count(before) == 1, before
FUNCTION = PREVIOUS.replace(PLANNED_EACH_CALL, CACHED).replace(COMMENT_BEFORE, COMMENT_AFTER)


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FUNCTION)


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0019_rating_employees_of_interaction")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
