from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "cadre.contests"
    label = "contests"
    verbose_name = _("Contests")

    def ready(self) -> None:
        from cadre.contests import app  # noqa: F401  (its pages, API, menu, grants, home items)
