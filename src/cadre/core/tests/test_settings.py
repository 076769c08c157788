"""The production profile refuses insecure settings and passes check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

GOOD_KEY = "k3Y-" + "x9Qz7Lm2Pv8Rt4Wn6Bc1Hd5Jf0Gs3Ka" * 2
FIELD_KEY = "Y2FkcmUtdGVzdC1maWVsZC1rZXktMzItYnl0ZXMhISE="  # 32 bytes, url-safe base64


def _check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CADRE_", "DJANGO_"))}
    clean.pop("SECRET_KEY", None)
    clean.update({"DJANGO_SETTINGS_MODULE": "cadre.settings", **env})
    return subprocess.run(
        [sys.executable, "-m", "django", "check", *args],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def production(tmp_path) -> dict[str, str]:
    return {
        "CADRE_PROFILE": "production",
        "CADRE_DATA_DIR": str(tmp_path),
        "CADRE_ALLOWED_HOSTS": "cadre.example.gov",
        "SECRET_KEY": GOOD_KEY,
        "CADRE_FIELD_KEYS": FIELD_KEY,
        "CADRE_FIELD_INDEX_KEY": "i" + GOOD_KEY,
    }


def test_production_passes_check_deploy(production: dict[str, str]) -> None:
    result = _check(production, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": ""}, "CADRE_PROFILE=production needs SECRET_KEY"),
        (
            {"SECRET_KEY": "django-insecure-" + "a" * 60},
            "CADRE_PROFILE=production needs SECRET_KEY",
        ),
        ({"CADRE_DEBUG": "true"}, "CADRE_DEBUG must be off when CADRE_PROFILE=production."),
        ({"CADRE_ALLOWED_HOSTS": ""}, "CADRE_ALLOWED_HOSTS must name the host(s)"),
        ({"CADRE_DEBUG": "perhaps"}, "CADRE_DEBUG must be true or false, got 'perhaps'"),
        ({"CADRE_FIELD_KEYS": ""}, "CADRE_PROFILE=production needs CADRE_FIELD_KEYS"),
        ({"CADRE_FIELD_INDEX_KEY": ""}, "CADRE_PROFILE=production needs CADRE_FIELD_KEYS"),
        (
            {"CADRE_FIELD_KEYS": f"{FIELD_KEY},not-a-key"},
            "CADRE_FIELD_KEYS: key 2 is not a Fernet key (32 bytes, url-safe base64).",
        ),
        ({"CADRE_FIELD_INDEX_KEY": "short"}, "CADRE_FIELD_INDEX_KEY must be at least 32"),
    ],
)
def test_production_refuses_to_start_insecurely(
    production: dict[str, str], override: dict[str, str], message: str
) -> None:
    result = _check({**production, **override})
    assert result.returncode != 0
    assert message in result.stderr


def test_embedded_mode_makes_and_keeps_its_own_key(tmp_path) -> None:
    env = {"CADRE_DATA_DIR": str(tmp_path)}
    assert _check(env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert _check(env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
