"""On PostgreSQL, a rating is taken by one function call: the same checks as
``services.rating_submit`` (token, caps, decision), the token consumed and the rating
inserted in one round trip (decision 0009). SQLite uses the Python path; the tests run the
same cases on both."""

from typing import Any

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION cadre_rating_submit(
    p_token_hash text, p_overall int, p_time_taken int, p_waiting int, p_courtesy int,
    p_clarity int, p_premises int, p_need_met text, p_comment text, p_network text,
    p_now timestamptz, p_today timestamptz, p_quarter timestamptz, p_min_seconds int,
    p_burst int, p_quarter_cap int, p_answer_due date
) RETURNS TABLE (outcome text, detail text)
LANGUAGE plpgsql AS $$
DECLARE
    i ratings_interaction%ROWTYPE;
    v_status text := 'counted';
    v_reason text := '';
    v_rating bigint;
    v_employee bigint;
BEGIN
    SELECT * INTO i FROM ratings_interaction WHERE token_hash = p_token_hash;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'unknown', ''; RETURN;
    END IF;
    IF i.used_at IS NOT NULL THEN
        RETURN QUERY SELECT 'used', ''; RETURN;
    END IF;
    IF i.expires_at <= p_now THEN
        RETURN QUERY SELECT 'expired', ''; RETURN;
    END IF;
    IF i.citizen_key <> '' THEN
        -- One citizen's ratings one at a time, so that the caps hold under races.
        PERFORM pg_advisory_xact_lock(hashtextextended(i.citizen_key, 0));
        IF EXISTS (SELECT 1 FROM ratings_rating r WHERE r.citizen_key = i.citizen_key
                   AND r.status IN ('counted', 'held') AND r.submitted_at >= p_today) THEN
            RETURN QUERY SELECT 'daily_cap', extract(epoch FROM i.expires_at)::text; RETURN;
        END IF;
        -- Per employee served, from the citizen's few ratings of the quarter (never by
        -- scanning an employee's many ratings).
        FOR v_employee IN
            SELECT ie.employee_id FROM ratings_interaction_employees ie
            WHERE ie.interaction_id = i.id
        LOOP
            IF (SELECT count(*) FROM ratings_rating r
                WHERE r.citizen_key = i.citizen_key AND r.status IN ('counted', 'held')
                  AND r.submitted_at >= p_quarter
                  AND EXISTS (SELECT 1 FROM ratings_rating_employees re
                              WHERE re.rating_id = r.id AND re.employee_id = v_employee)
            ) >= p_quarter_cap THEN
                RETURN QUERY SELECT 'quarter_cap', ''; RETURN;
            END IF;
        END LOOP;
    END IF;
    IF i.conflict THEN
        v_status := 'not_counted'; v_reason := 'conflict_of_interest';
    ELSIF extract(epoch FROM p_now - i.issued_at) < p_min_seconds THEN
        v_status := 'held'; v_reason := 'too_fast';
    ELSIF p_network <> '' AND (
        -- Counted up to the limit only: the check costs the same under a flood.
        SELECT count(*) FROM (
            SELECT 1 FROM ratings_rating r WHERE r.network_key = p_network
            AND r.organisation_id = i.organisation_id
            AND r.submitted_at >= p_now - interval '1 hour' LIMIT p_burst
        ) recent
    ) >= p_burst THEN
        v_status := 'held'; v_reason := 'network_burst';
    END IF;
    UPDATE ratings_interaction SET used_at = p_now WHERE id = i.id AND used_at IS NULL;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'used', ''; RETURN;
    END IF;
    INSERT INTO ratings_rating (
        interaction_id, organisation_id, service_point_id, service_type_id, outcome, channel,
        submitted_at, overall, time_taken, waiting, courtesy, clarity, premises, need_met,
        comment, status, reason, citizen_key, network_key, comment_status, published_comment,
        moderation_reason, answer, answered_at, answer_due
    ) VALUES (
        i.id, i.organisation_id, i.service_point_id, i.service_type_id, i.outcome, i.channel,
        p_now, p_overall, p_time_taken, p_waiting, p_courtesy, p_clarity, p_premises,
        p_need_met, p_comment, v_status, v_reason, i.citizen_key, p_network,
        CASE WHEN btrim(p_comment) <> '' THEN 'pending' ELSE '' END, '', '', '', NULL,
        CASE WHEN btrim(p_comment) <> '' THEN p_answer_due END
    ) RETURNING id INTO v_rating;
    INSERT INTO ratings_rating_employees (rating_id, employee_id)
    SELECT v_rating, ie.employee_id FROM ratings_interaction_employees ie
    WHERE ie.interaction_id = i.id;
    RETURN QUERY SELECT v_status, v_rating::text;
END;
$$;
"""


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(FUNCTION)  # no parameters: "%ROWTYPE" is not a placeholder


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS cadre_rating_submit")


class Migration(migrations.Migration):
    dependencies = [("ratings", "0006_point_code_message")]
    operations = [migrations.RunPython(create, drop)]
