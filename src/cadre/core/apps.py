from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cadre.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from cadre.core import (
            app,  # noqa: F401  (its pages, API, menu, periodic jobs)
            jobs,  # noqa: F401  (registers the job kinds)
        )
        from cadre.core.api import schema  # noqa: F401  (OpenAPI extensions)
        from cadre.core.permissions import classify

        # Every app's models are loaded before any ready(): collect their data classes.
        for model in apps.get_models():
            data_class = getattr(model, "data_class", None)
            if data_class:
                classify(model._meta.label_lower, data_class)
