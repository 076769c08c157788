from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "cadre.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from cadre.learning import (
            app,  # noqa: F401  (its pages, API, menu, periodic jobs)
            jobs,  # noqa: F401  (registers the scheduled task)
        )
