from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "cadre.privacy"
    label = "privacy"
    verbose_name = _("Personal data")

    def ready(self) -> None:
        from cadre.privacy import app, jobs  # noqa: F401  (its pages, API, menu, grants, jobs)
