"""``ratings_interaction`` keeps half of each page free (``fillfactor`` 50, was 80 since
migration 0013), so that taking a rating — ``used_at`` set, no indexed column changed — is
a HOT update: the new version on the same page, no new entry in the table's seven indexes.

Ratings arrive in about the order their links were issued, so the rows of one page are
rated in quick succession, before the earlier versions can be pruned; with a fifth of the
page free only 54% of the updates found room (``bench/README.md``). Each of the others wrote
an entry into every index of the table, among them the random-key token index, whose page
images were 2.7 of the 9.1 kB of WAL a rating wrote. With half the page free, 100% were HOT
and a rating wrote 5.9 kB. The pages get the room as they are written: new interactions.
"""

from typing import Any

from django.db import migrations


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER TABLE ratings_interaction SET (fillfactor = 50)")


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER TABLE ratings_interaction SET (fillfactor = 80)")


class Migration(migrations.Migration):
    dependencies = [("ratings", "0020_submit_caps_cached_plan")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
