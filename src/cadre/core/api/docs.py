"""The API's documentation pages under the Content-Security-Policy (issue 17, item 20).

Swagger UI is served split (the page, then its start-up script from the same URL with
``?script``), so no script is inline, and its page style comes from ``cadre/api_docs.css``.
Redoc is not served: it cannot run under the policy (it injects its styles at run time,
starts its search from a ``blob:`` worker and loads its fonts and logo from other origins);
``/api/redoc/`` leads to Swagger UI, which shows the same schema. DRF's browsable API (the
embedded profile) carries ``style`` attributes: ``renderers.CspBrowsableAPIRenderer``
allows inline styles on its pages only. Scripts stay restricted to Cadre's own files
everywhere, and nothing comes from elsewhere.
"""

from __future__ import annotations

from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularSwaggerSplitView

swagger_view = SpectacularSwaggerSplitView.as_view(
    url_name="api-schema", template_name="core/api/swagger_ui.html"
)
redoc_view = RedirectView.as_view(pattern_name="api-docs", permanent=False)
