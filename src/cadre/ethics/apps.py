from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EthicsConfig(AppConfig):
    name = "cadre.ethics"
    label = "ethics"
    verbose_name = _("Ethics control")

    def ready(self) -> None:
        from cadre.ethics import app, jobs  # noqa: F401  (its grants, home items, jobs)
