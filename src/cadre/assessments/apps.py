from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "cadre.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from cadre.assessments import (
            app,  # noqa: F401  (its pages, API, menu, periodic jobs)
            jobs,  # noqa: F401  (registers the job kinds)
        )
