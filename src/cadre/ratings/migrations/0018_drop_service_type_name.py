"""The service type's old ``name`` column, out of the model since migration 0014 (the names
are in ``names``), leaves the database: the release before this one no longer reads or
writes it, so it can run beside this one during the upgrade (docs/deployment.md)."""

from django.db import migrations

DROP = "ALTER TABLE ratings_servicetype DROP COLUMN name"
# Backwards, for the release before: the column as migration 0014 left it, empty.
RESTORE = "ALTER TABLE ratings_servicetype ADD COLUMN name varchar(255) NOT NULL DEFAULT ''"


class Migration(migrations.Migration):
    dependencies = [("ratings", "0017_rating_reason_choices")]

    operations = [migrations.RunSQL(DROP, RESTORE, elidable=False)]
