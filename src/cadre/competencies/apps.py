from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenciesConfig(AppConfig):
    name = "cadre.competencies"
    label = "competencies"
    verbose_name = _("Competencies")

    def ready(self) -> None:
        from cadre.competencies import app  # noqa: F401  (its pages, API, menu, periodic jobs)
