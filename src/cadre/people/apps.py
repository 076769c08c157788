from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "cadre.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from cadre.people import (  # noqa: F401  (registers import and job kinds)
            app,
            imports,
            jobs,
        )
