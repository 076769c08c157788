from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingPayConfig(AppConfig):
    name = "cadre.ratingpay"
    label = "ratingpay"
    verbose_name = _("Rating-based pay")

    def ready(self) -> None:
        from cadre.ratingpay import app  # noqa: F401  (its pages, API, menu, grants)
