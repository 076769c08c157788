"""Fewer writes and statements per citizen's rating (found by ``bench/rating_submit.py``).

- ``ratings_interaction`` keeps a fifth of each page free (``fillfactor`` 80). Taking a
  rating sets the interaction's ``used_at``, which no index covers: with room on the page
  PostgreSQL updates the row in place (a HOT update) instead of writing a new entry into
  each of the table's seven indexes. Pages written from now on get the room; the full
  pages of the interactions already there are the ones already rated or soon expired.
- ``cadre_rating_submit`` checks both citizen caps with one statement instead of one for
  the day and one per employee served: the citizen's few ratings of the quarter, whether
  one is of today, and whether an employee served now already has the quarter's cap of
  them. Still through ``EXECUTE``, planned for the citizen at hand (migration 0012).
"""

from importlib import import_module
from typing import Any

from django.db import migrations

PREVIOUS = import_module("cadre.ratings.migrations.0012_submit_custom_plans").FUNCTION

DECLARE_BEFORE = "    v_employee bigint;\n    v_seen boolean;\n    v_count integer;\n"
DECLARE_AFTER = "    v_today boolean;\n    v_full boolean;\n"
CAPS_BEFORE = PREVIOUS[
    PREVIOUS.index("        -- EXECUTE: planned for this citizen") : PREVIOUS.index(
        "    END IF;\n    IF i.conflict THEN"
    )
]
CAPS_AFTER = """\
        -- One statement, planned for this citizen each time (see migration 0012): the
        -- citizen's ratings since the quarter began (a few), whether one is of today, and
        -- whether an employee served now already has the quarter's cap of them.
        EXECUTE 'WITH mine AS (
                SELECT r.id, r.submitted_at FROM ratings_rating r
                WHERE r.citizen_key = $1 AND r.status IN (''counted'', ''held'')
                  AND r.submitted_at >= least($2, $3))
            SELECT EXISTS (SELECT 1 FROM mine WHERE mine.submitted_at >= $3),
                   EXISTS (SELECT 1 FROM mine
                           JOIN ratings_rating_employees re ON re.rating_id = mine.id
                           JOIN ratings_interaction_employees ie
                             ON ie.employee_id = re.employee_id AND ie.interaction_id = $4
                           WHERE mine.submitted_at >= $2
                           GROUP BY re.employee_id HAVING count(*) >= $5)'
            INTO v_today, v_full USING i.citizen_key, p_quarter, p_today, i.id, p_quarter_cap;
        IF v_today THEN
            RETURN QUERY SELECT 'daily_cap', extract(epoch FROM i.expires_at)::text; RETURN;
        END IF;
        IF v_full THEN
            RETURN QUERY SELECT 'quarter_cap', ''; RETURN;
        END IF;
"""

for before in (DECLARE_BEFORE, CAPS_BEFORE):
    assert PREVIOUS.count(before) == 1, before
FUNCTION = PREVIOUS.replace(DECLARE_BEFORE, DECLARE_AFTER).replace(CAPS_BEFORE, CAPS_AFTER)


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER TABLE ratings_interaction SET (fillfactor = 80)")
            cursor.execute(FUNCTION)


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER TABLE ratings_interaction RESET (fillfactor)")
            cursor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0012_submit_custom_plans")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
