from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "cadre.candidates"
    label = "candidates"
    verbose_name = _("Candidates")

    def ready(self) -> None:
        from cadre.candidates import app, jobs  # noqa: F401  (its pages, API, menu, grants, jobs)
