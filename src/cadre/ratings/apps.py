from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    name = "cadre.ratings"
    label = "ratings"
    verbose_name = _("Citizen ratings")

    def ready(self) -> None:
        from cadre.ratings import (
            app,  # noqa: F401  (its pages, API, menu, periodic jobs)
            jobs,  # noqa: F401  (registers the job kinds)
        )
