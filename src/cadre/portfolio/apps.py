from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "cadre.portfolio"
    label = "portfolio"
    verbose_name = _("IT portfolio")

    def ready(self) -> None:
        from cadre.portfolio import app, jobs  # noqa: F401  (its pages, API, menu, grants, jobs)
