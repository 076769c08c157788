"""Service type names in the four UI languages (``{language: text}``, decision 0011): the
existing name becomes the English one, and the starter classifier gets ru, kk and vi. The
old ``name`` column is left in the database (out of the model) until a later release."""

from typing import Any

from django.db import migrations, models

STARTER = {
    "civil-registration": {
        "ru": "Регистрация актов гражданского состояния (рождение, брак, смерть)",
        "kk": "Азаматтық хал актілерін тіркеу (туу, неке, қайтыс болу)",
        "vi": "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)",
    },
    "identity-documents": {
        "ru": "Документы, удостоверяющие личность, и паспорта",
        "kk": "Жеке басты куәландыратын құжаттар мен паспорттар",
        "vi": "Giấy tờ tùy thân và hộ chiếu",
    },
    "address-registration": {
        "ru": "Регистрация по месту жительства",
        "kk": "Тұрғылықты жері бойынша тіркеу",
        "vi": "Đăng ký cư trú",
    },
    "social-benefits": {
        "ru": "Социальные пособия и выплаты",
        "kk": "Әлеуметтік жәрдемақылар мен төлемдер",
        "vi": "Trợ cấp và phúc lợi xã hội",
    },
    "land-and-property": {
        "ru": "Земля и недвижимость",
        "kk": "Жер және жылжымайтын мүлік",
        "vi": "Đất đai và bất động sản",
    },
    "business-licensing": {
        "ru": "Регистрация бизнеса и лицензии",
        "kk": "Бизнесті тіркеу және лицензиялар",
        "vi": "Đăng ký kinh doanh và giấy phép",
    },
    "construction-permits": {
        "ru": "Разрешения на строительство",
        "kk": "Құрылысқа рұқсаттар",
        "vi": "Giấy phép xây dựng",
    },
    "vehicle-registration": {
        "ru": "Транспортные средства и водительские удостоверения",
        "kk": "Көлік құралдары және жүргізуші куәліктері",
        "vi": "Phương tiện giao thông và giấy phép lái xe",
    },
    "certificates": {
        "ru": "Справки и выписки",
        "kk": "Анықтамалар мен үзінді көшірмелер",
        "vi": "Giấy xác nhận và trích lục",
    },
    "consultation": {"ru": "Консультация", "kk": "Кеңес беру", "vi": "Tư vấn"},
}


def forward(apps: Any, schema_editor: Any) -> None:
    ServiceType = apps.get_model("ratings", "ServiceType")
    for kind in ServiceType.objects.all():
        kind.names = {**STARTER.get(kind.code, {}), "en": kind.name}
        kind.save(update_fields=["names"])


def backward(apps: Any, schema_editor: Any) -> None:
    ServiceType = apps.get_model("ratings", "ServiceType")
    for kind in ServiceType.objects.all():
        names = kind.names or {}
        kind.name = (names.get("en") or next(iter(names.values()), kind.code))[:255]
        kind.save(update_fields=["name"])


class Migration(migrations.Migration):
    dependencies = [("ratings", "0013_submit_fewer_writes")]

    operations = [
        migrations.AddField(
            model_name="servicetype",
            name="names",
            field=models.JSONField(default=dict, verbose_name="name"),
        ),
        migrations.RunPython(forward, backward),
        # The old column stays in the database for one release, with a default, so that the
        # previous version still runs beside this one during an upgrade (docs/deployment.md);
        # a later migration drops it.
        migrations.AlterField(
            model_name="servicetype",
            name="name",
            field=models.CharField(db_default="", max_length=255, verbose_name="name"),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveField(model_name="servicetype", name="name")]
        ),
        migrations.AlterField(
            model_name="servicetype",
            name="code",
            field=models.CharField(
                error_messages={"unique": "A service type with this code already exists."},
                max_length=64,
                unique=True,
                verbose_name="code",
            ),
        ),
    ]
