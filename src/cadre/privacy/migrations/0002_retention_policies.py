"""One retention policy per category, to be reviewed by the national administrators
(docs/personal-data.md): people no longer in service are anonymised only once a
deployment switches the policy on."""

from django.db import migrations

POLICIES = [
    (
        "former_employees",
        "RU 152-FZ art. 21: destroy once the purpose is met (the personnel file itself is "
        "kept in the body's archive, outside Cadre). KZ 94-V: kept only for the purposes "
        "stated. VN Decree 13/2023, Law 91/2025: deleted when the purpose ends.",
        36,
        "anonymise",
        False,
    ),
    (
        "data_exports",
        "A copy made for the person's request: kept only long enough to be downloaded.",
        1,
        "delete",
        True,
    ),
    (
        "closed_breaches",
        "Kept as evidence of how the incident was handled; archived, not deleted.",
        60,
        "archive",
        True,
    ),
]


def seed(apps, schema_editor):
    Policy = apps.get_model("privacy", "RetentionPolicy")
    for category, basis, months, action, active in POLICIES:
        Policy.objects.get_or_create(
            category=category,
            defaults={
                "legal_basis": basis,
                "period_months": months,
                "action": action,
                "active": active,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_personal_data")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
