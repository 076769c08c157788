from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "cadre.projects"
    label = "projects"
    verbose_name = _("Project office")

    def ready(self) -> None:
        from cadre.projects import (
            app,  # noqa: F401  (its pages, API, menu, grants, periodic jobs)
            jobs,  # noqa: F401  (registers the periodic task)
        )
