from django.db import migrations


def load(apps, schema_editor):
    """The earlier editions of the classifiers, so a degree bears the code of its year."""
    from cadre.people.specialties import OLDER

    Specialty = apps.get_model("people", "Specialty")
    for code, name, is_it, _successor, _start, _end in OLDER:
        Specialty.objects.update_or_create(code=code, defaults={"name": name, "is_it": is_it})


class Migration(migrations.Migration):
    dependencies = [("people", "0008_encrypted_personal_id")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
