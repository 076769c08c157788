"""DRF's browsable API under the Content-Security-Policy (core/api/docs.py says why)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.renderers import BrowsableAPIRenderer

# What a third-party page that styles itself inline needs on top of the strict policy.
INLINE_STYLES = {"style-src": ["'unsafe-inline'"]}


class CspBrowsableAPIRenderer(BrowsableAPIRenderer):
    """DRF's browsable API (the embedded profile only), with inline styles allowed on its
    own pages."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> Any:
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_update = INLINE_STYLES
        return super().render(data, accepted_media_type, renderer_context)
