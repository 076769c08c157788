"""Erasure may replace the values of recorded audit events (decision 0034), never what
places an event in its chain.

PostgreSQL: the trigger still refuses DELETE and every UPDATE, except one made while the
transaction has set ``cadre.audit_redaction`` (``core.audit.audit_redact``) that leaves the
event's identity (chain, hashes, time, actor, action, object, organisation, source) as it
was. SQLite (no session settings): the same, while the transaction holds a row in
``cadre_audit_redaction``, a table of no model that ``audit_redact`` fills and empties. On
both, ``audit-verify`` fails on a content change
that no chained redaction event vouches for.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION cadre_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND coalesce(current_setting('cadre.audit_redaction', true), '') = 'on'
       AND NEW.id = OLD.id AND NEW.chain = OLD.chain AND NEW.hash = OLD.hash
       AND NEW.prev_hash = OLD.prev_hash AND NEW.occurred_at = OLD.occurred_at
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.action = OLD.action
       AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
       AND NEW.organisation_path = OLD.organisation_path AND NEW.source = OLD.source THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
PG_REVERSE = """
CREATE OR REPLACE FUNCTION cadre_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_FORWARD = """
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent
WHEN NOT EXISTS (SELECT 1 FROM cadre_audit_redaction)
  OR NEW.id IS NOT OLD.id OR NEW.chain IS NOT OLD.chain OR NEW.hash IS NOT OLD.hash
  OR NEW.prev_hash IS NOT OLD.prev_hash OR NEW.occurred_at IS NOT OLD.occurred_at
  OR NEW.actor_id IS NOT OLD.actor_id OR NEW.action IS NOT OLD.action
  OR NEW.object_type IS NOT OLD.object_type OR NEW.object_id IS NOT OLD.object_id
  OR NEW.organisation_path IS NOT OLD.organisation_path OR NEW.source IS NOT OLD.source
BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END;
"""
SQLITE_REVERSE = """
CREATE TRIGGER core_auditevent_append_only BEFORE UPDATE ON core_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END;
"""


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute("CREATE TABLE IF NOT EXISTS cadre_audit_redaction (id INTEGER)")
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditevent_append_only;")
        schema_editor.execute(SQLITE_FORWARD)


def reverse(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_REVERSE, params=None)
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditevent_append_only;")
        schema_editor.execute(SQLITE_REVERSE)
        schema_editor.execute("DROP TABLE IF EXISTS cadre_audit_redaction")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_job_heartbeat_limit_language")]
    operations = [migrations.RunPython(forward, reverse)]
