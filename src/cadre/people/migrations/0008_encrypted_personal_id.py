"""The personal identifier kept encrypted, with its blind index (decision 0038).

Existing rows are encrypted in batches by ``encrypt_existing``: each batch reads the rows
whose index is not yet set, writes their Fernet token and blind index. Reversible: the
reverse writes the identifiers back in clear.
"""

from django.db import migrations

import cadre.core.encryption

BATCH = 5000


def encrypt_existing(apps, schema_editor):
    from cadre.core.encryption import blind_index, encrypt

    with schema_editor.connection.cursor() as cursor:
        last = 0
        while True:
            cursor.execute(
                "SELECT id, personal_id FROM people_employee WHERE id > %s "
                "AND personal_id_index IS NULL ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.executemany(
                "UPDATE people_employee SET personal_id = %s, personal_id_index = %s "
                "WHERE id = %s",
                [(encrypt(pid), blind_index(pid), pk) for pk, pid in rows],
            )
            last = rows[-1][0]


def decrypt_existing(apps, schema_editor):
    from cadre.core.encryption import decrypt

    with schema_editor.connection.cursor() as cursor:
        last = 0
        while True:
            cursor.execute(
                "SELECT id, personal_id FROM people_employee WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            cursor.executemany(
                "UPDATE people_employee SET personal_id = %s, personal_id_index = NULL "
                "WHERE id = %s",
                [(decrypt(token), pk) for pk, token in rows],
            )
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_birth_date_can_be_true"),
    ]

    operations = [
        migrations.AddField(
            model_name="employee",
            name="personal_id_index",
            field=cadre.core.encryption.BlindIndexField(null=True, source="personal_id"),
        ),
        migrations.AlterField(
            model_name="employee",
            name="personal_id",
            field=cadre.core.encryption.EncryptedTextField(
                help_text="The national identifier (IIN, SNILS, CCCD…); imports match people by it.",
                index_field="personal_id_index",
                max_length=32,
                verbose_name="personal identifier",
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False),
        migrations.AlterField(
            model_name="employee",
            name="personal_id_index",
            field=cadre.core.encryption.BlindIndexField(
                error_messages={"unique": "A person with this identifier already exists."},
                source="personal_id",
                unique=True,
            ),
        ),
    ]
