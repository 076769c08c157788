from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalsConfig(AppConfig):
    name = "cadre.appraisals"
    label = "appraisals"
    verbose_name = _("Performance appraisals and bonus eligibility")

    def ready(self) -> None:
        from cadre.appraisals import app  # noqa: F401  (its pages, API, menu, grants, pay hook)
