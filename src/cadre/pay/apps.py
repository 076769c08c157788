from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayConfig(AppConfig):
    name = "cadre.pay"
    label = "pay"
    verbose_name = _("Pay")

    def ready(self) -> None:
        from cadre.pay import app  # noqa: F401  (its pages, API, menu and grants)
