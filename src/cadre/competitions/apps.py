from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionsConfig(AppConfig):
    name = "cadre.competitions"
    label = "competitions"
    verbose_name = _("Competitions")

    def ready(self) -> None:
        from cadre.competitions import app, jobs  # noqa: F401  (its pages, API, menu, grants, jobs)
