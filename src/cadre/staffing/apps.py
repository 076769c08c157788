from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "cadre.staffing"
    label = "staffing"
    verbose_name = _("Staffing tables")

    def ready(self) -> None:
        from cadre.staffing import app, jobs  # noqa: F401  (its pages, API, grants, jobs)
