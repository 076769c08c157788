"""A strict Content-Security-Policy on every response, in both profiles (issue 17, item 20):
scripts, styles and everything else only from Cadre's own origin, nothing inline. The
browser test (test_browser.py) checks that the pages break none of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

import cadre

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/accounts/login/", "/static/cadre/cadre.css", "/nowhere/"])
def test_every_page_and_file_carries_the_policy(client, db, path) -> None:
    response = client.get(path)
    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)


def test_api_answers_carry_the_policy(api_as) -> None:
    response = api_as("hr_a").get("/api/v1/me/")
    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)


def test_the_rating_fast_path_sends_the_same_policy() -> None:
    from cadre.ratings.fastpath import HEADERS

    assert _directives(dict(HEADERS)["Content-Security-Policy"]) == _directives(POLICY)


def test_the_production_profile_sends_the_same_policy(tmp_path) -> None:
    from cadre.core.tests.test_settings import GOOD_KEY

    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/api/v1/me/', secure=True, HTTP_HOST='cadre.example.gov'); "
        "print(r.status_code); print(r['Content-Security-Policy'])"
    )
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("CADRE_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cadre.settings",
            "CADRE_PROFILE": "production",
            "CADRE_DATA_DIR": str(tmp_path),
            "CADRE_ALLOWED_HOSTS": "cadre.example.gov",
            "SECRET_KEY": GOOD_KEY,
            # Production refuses to start without the field keys (decision 0038).
            "CADRE_FIELD_KEYS": Fernet.generate_key().decode(),
            "CADRE_FIELD_INDEX_KEY": "i" + GOOD_KEY,
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    status, header = result.stdout.strip().splitlines()[-2:]
    assert status == "401"  # the API's answer, untouched by a page or a static file
    assert _directives(header) == _directives(POLICY)


# What a strict policy refuses, as it would be written in a template.
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I),
    "style element": re.compile(r"<style[\s>]", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_template_holds_inline_script_style_or_handler() -> None:
    root = Path(cadre.__file__).parent
    found = []
    for template in sorted(root.glob("**/templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for what, pattern in INLINE.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(root)}:{line}: {what}")
    assert found == []


def test_the_api_docs_load_their_script_from_a_file_and_redoc_leads_there(client, db) -> None:
    page = client.get("/api/docs/").content.decode()
    assert INLINE["inline script"].search(page) is None
    assert INLINE["style element"].search(page) is None
    assert '<script src="/api/docs/?script="></script>' in page
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
    redoc = client.get("/api/redoc/")
    assert (redoc.status_code, redoc["Location"]) == (302, "/api/docs/")


def test_plotly_css_is_the_bundles_own_rules() -> None:
    """plotly.js's style rules, which it would add in a ``<style>`` element the policy
    refuses, are served as ``cadre/plotly.css``: the file matches the installed bundle."""
    from cadre.core.charts import PLOTLY_CSS, plotly_bundle, plotly_css

    expected = plotly_css(plotly_bundle().read_text(encoding="utf-8"))
    assert PLOTLY_CSS.read_text(encoding="utf-8") == expected, (
        'run: python -c "from cadre.core.charts import write_plotly_css; write_plotly_css()"'
    )
    assert ".js-plotly-plot .plotly .modebar" in expected


def test_plotly_js_is_served_from_the_plotly_package(client, db) -> None:
    response = client.get("/static/vendor/plotly/plotly.min.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"/**\n* plotly.js v")
    # Nothing else of the package is exposed.
    assert client.get("/static/vendor/plotly/widgetbundle.js").status_code == 404
