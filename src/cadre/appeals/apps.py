from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "cadre.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self) -> None:
        from cadre.appeals import (
            app,  # noqa: F401  (its pages, API, menu, grants, periodic jobs)
            jobs,  # noqa: F401  (registers the periodic task)
        )
