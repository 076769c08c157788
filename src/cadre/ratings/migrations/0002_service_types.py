"""A starter classifier of public services; bodies add their own."""

from typing import Any

from django.db import migrations

TYPES = [
    ("civil-registration", "Civil registration (birth, marriage, death)"),
    ("identity-documents", "Identity documents and passports"),
    ("address-registration", "Registration of residence"),
    ("social-benefits", "Social benefits and allowances"),
    ("land-and-property", "Land and property"),
    ("business-licensing", "Business registration and licences"),
    ("construction-permits", "Construction permits"),
    ("vehicle-registration", "Vehicles and driving licences"),
    ("certificates", "Certificates and extracts"),
    ("consultation", "Consultation"),
]


def add(apps: Any, schema_editor: Any) -> None:
    ServiceType = apps.get_model("ratings", "ServiceType")
    for code, name in TYPES:
        ServiceType.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
