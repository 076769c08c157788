"""Top-level URLs: the web UI, the versioned API under /api/v1/, the schema and its docs."""

from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView

from cadre.accounts.views import language_set
from cadre.core.api.docs import redoc_view, swagger_view
from cadre.core.api.urls import api_root_patterns
from cadre.core.registry import web_urlpatterns

urlpatterns = [
    # Every app's pages, in the order of INSTALLED_APPS (each app's app.py, core/registry.py).
    *web_urlpatterns(),
    # Django's switch, also kept on a signed-in user's account (their notices' language).
    path("i18n/setlang/", language_set, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include((api_root_patterns(), "api"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    # Under the Content-Security-Policy: no inline script (core/api/docs.py).
    path("api/docs/", swagger_view, name="api-docs"),
    path("api/redoc/", redoc_view, name="api-redoc"),
]

# A lost database or Redis connection answers 503 with a clear message (core/outage.py).
handler500 = "cadre.core.outage.server_error"
