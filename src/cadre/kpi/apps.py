from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "cadre.kpi"
    label = "kpi"
    verbose_name = _("Digital KPIs")

    def ready(self) -> None:
        from cadre.kpi import (  # noqa: F401  (registers its parts)
            app,
            imports,
            jobs,
        )
