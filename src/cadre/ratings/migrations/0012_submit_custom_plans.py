"""``cadre_rating_submit`` plans the citizen's cap checks for each call's values.

PL/pgSQL switches a statement to a generic plan after five calls. For the daily cap
(``citizen_key = $1 AND submitted_at >= $2``) the generic plan rests on the table's
statistics: when they were stale — a day's flood arriving after the last ANALYZE — it chose a
sequential scan of the day's ratings for every submission (~10 ms at 50,000 ratings, the
throughput falling as the day went on; found by ``bench/rating_submit.py``). The two cap
checks now run through ``EXECUTE … USING``, planned for the citizen at hand, which always
takes the citizen's index; the other statements are lookups by key and keep their cached
plans.
"""

from importlib import import_module
from typing import Any

from django.db import migrations

PREVIOUS = import_module("cadre.ratings.migrations.0010_burst_check_by_index").FUNCTION

DECLARE_BEFORE = "    v_employee bigint;\n"
DECLARE_AFTER = "    v_employee bigint;\n    v_seen boolean;\n    v_count integer;\n"
DAILY_BEFORE = """        IF EXISTS (SELECT 1 FROM ratings_rating r WHERE r.citizen_key = i.citizen_key
                   AND r.status IN ('counted', 'held') AND r.submitted_at >= p_today) THEN"""
DAILY_AFTER = """        -- EXECUTE: planned for this citizen each time (see migration 0012).
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM ratings_rating r WHERE r.citizen_key = $1
                 AND r.status IN (''counted'', ''held'') AND r.submitted_at >= $2)'
            INTO v_seen USING i.citizen_key, p_today;
        IF v_seen THEN"""
QUARTER_BEFORE = """            IF (SELECT count(*) FROM ratings_rating r
                WHERE r.citizen_key = i.citizen_key AND r.status IN ('counted', 'held')
                  AND r.submitted_at >= p_quarter
                  AND EXISTS (SELECT 1 FROM ratings_rating_employees re
                              WHERE re.rating_id = r.id AND re.employee_id = v_employee)
            ) >= p_quarter_cap THEN"""
QUARTER_AFTER = """            EXECUTE 'SELECT count(*) FROM ratings_rating r
                WHERE r.citizen_key = $1 AND r.status IN (''counted'', ''held'')
                  AND r.submitted_at >= $2
                  AND EXISTS (SELECT 1 FROM ratings_rating_employees re
                              WHERE re.rating_id = r.id AND re.employee_id = $3)'
                INTO v_count USING i.citizen_key, p_quarter, v_employee;
            IF v_count >= p_quarter_cap THEN"""

for before in (DECLARE_BEFORE, DAILY_BEFORE, QUARTER_BEFORE):
    assert PREVIOUS.count(before) == 1, before
FUNCTION = (
    PREVIOUS.replace(DECLARE_BEFORE, DECLARE_AFTER)
    .replace(DAILY_BEFORE, DAILY_AFTER)
    .replace(QUARTER_BEFORE, QUARTER_AFTER)
)


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FUNCTION)


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0011_rating_org_index_covered")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
