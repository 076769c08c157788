from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "cadre.orgs"
    label = "orgs"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from cadre.orgs import (
            app,  # noqa: F401  (its pages, API, menu, periodic jobs)
            imports,  # noqa: F401  (registers the import kinds)
        )
