from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "cadre.analytics"
    label = "analytics"
    verbose_name = _("National analytics")

    def ready(self) -> None:
        from cadre.analytics import app, jobs  # noqa: F401  (its pages, menu, grants, jobs)
