from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "cadre.talent"
    label = "talent"
    verbose_name = _("Talent reserve")

    def ready(self) -> None:
        from cadre.talent import app, jobs  # noqa: F401  (its pages, API, menu, grants, jobs)
