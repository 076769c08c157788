"""Top-level URLs: the web UI, the versioned API under /api/v1/, the schema and its docs."""

from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView

from cadre.core.api.docs import redoc_view, swagger_view
from cadre.core.api.urls import api_root_patterns

urlpatterns = [
    path("", include("cadre.core.urls")),
    path("accounts/", include("cadre.accounts.urls")),
    path("orgs/", include("cadre.orgs.urls")),
    path("people/", include("cadre.people.urls")),
    path("ratings/", include("cadre.ratings.urls")),
    path("competencies/", include("cadre.competencies.urls")),
    path("assessments/", include("cadre.assessments.urls")),
    path("learning/", include("cadre.learning.urls")),
    path("v/", include("cadre.learning.public_urls")),
    path("r/", include("cadre.ratings.public_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include((api_root_patterns(), "api"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(api_version="v1"), name="api-schema"),
    # Under the Content-Security-Policy: no inline script (core/api/docs.py).
    path("api/docs/", swagger_view, name="api-docs"),
    path("api/redoc/", redoc_view, name="api-redoc"),
]
