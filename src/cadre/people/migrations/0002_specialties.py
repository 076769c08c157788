from django.db import migrations


def load(apps, schema_editor):
    from cadre.people.specialties import SPECIALTIES

    Specialty = apps.get_model("people", "Specialty")
    for code, name, is_it in SPECIALTIES:
        Specialty.objects.update_or_create(code=code, defaults={"name": name, "is_it": is_it})


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
