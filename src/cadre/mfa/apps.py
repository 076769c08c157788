from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MfaConfig(AppConfig):
    name = "cadre.mfa"
    label = "mfa"
    verbose_name = _("Second factor")

    def ready(self) -> None:
        from cadre.mfa import app  # noqa: F401  (registers its parts)
