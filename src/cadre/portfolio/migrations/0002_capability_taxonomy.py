"""The shared taxonomy of capabilities (docs/projects.md): a code and a name per language."""

from django.db import migrations

TAXONOMY = [
    ("document_flow", "Электронный документооборот", "Электрондық құжат айналымы", "Quản lý văn bản điện tử", "Document flow"),
    ("crm", "Работа с обращениями (CRM)", "Өтініштермен жұмыс (CRM)", "Quản lý quan hệ công dân (CRM)", "Citizen requests (CRM)"),
    ("data_platform", "Платформа данных", "Деректер платформасы", "Nền tảng dữ liệu", "Data platform"),
    ("mobile_app", "Мобильное приложение", "Мобильді қосымша", "Ứng dụng di động", "Mobile app"),
    ("payments", "Платежи", "Төлемдер", "Thanh toán", "Payments"),
    ("identity", "Идентификация и доступ", "Сәйкестендіру және қолжетімділік", "Định danh và truy cập", "Identity and access"),
    ("gis", "Геоинформационная система", "Геоақпараттық жүйе", "Hệ thống thông tin địa lý", "GIS"),
    ("hr", "Управление персоналом", "Персоналды басқару", "Quản lý nhân sự", "Human resources"),
    ("analytics", "Аналитика и отчетность (BI)", "Талдау және есептілік (BI)", "Phân tích và báo cáo (BI)", "Analytics and BI"),
    ("portal", "Портал", "Портал", "Cổng thông tin", "Portal"),
    ("messaging", "Уведомления и сообщения", "Хабарламалар", "Nhắn tin và thông báo", "Messaging"),
    ("registry", "Государственный реестр", "Мемлекеттік тізілім", "Cơ sở dữ liệu đăng ký", "Registry"),
    ("procurement", "Закупки", "Сатып алу", "Mua sắm công", "Procurement"),
    ("finance", "Бюджет и бухгалтерия", "Бюджет және бухгалтерия", "Ngân sách và kế toán", "Budget and accounting"),
    ("e_learning", "Дистанционное обучение", "Қашықтықтан оқыту", "Đào tạo trực tuyến", "E-learning"),
    ("video", "Видеонаблюдение", "Бейнебақылау", "Giám sát video", "Video surveillance"),
]


def seed(apps, schema_editor):
    Capability = apps.get_model("portfolio", "Capability")
    for code, ru, kk, vi, en in TAXONOMY:
        Capability.objects.update_or_create(
            code=code, defaults={"names": {"ru": ru, "kk": kk, "vi": vi, "en": en}}
        )


def unseed(apps, schema_editor):
    apps.get_model("portfolio", "Capability").objects.filter(
        code__in=[row[0] for row in TAXONOMY]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("portfolio", "0001_systems_and_overlaps")]

    operations = [migrations.RunPython(seed, unseed)]
