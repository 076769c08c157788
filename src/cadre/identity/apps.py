from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "cadre.identity"
    label = "identity"
    verbose_name = _("Identity")

    def ready(self) -> None:
        from cadre.identity import app, config  # noqa: F401  (registers its parts)

        config.providers()  # a wrong CADRE_OIDC_PROVIDERS stops Cadre at start
