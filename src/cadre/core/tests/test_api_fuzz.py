"""An outside OpenAPI fuzzer against a live server: Schemathesis reads ``/api/schema/``,
generates requests for every operation (valid and invalid) with the token of the demo's
national administrator, and finds no server error and no response the schema does not
describe (issue 16, item 8).

The server is Django's live server (``live_server``) over the test database loaded with the
demo data, on a loopback address only. The run is bounded in examples and in time
(``CADRE_FUZZ_SECONDS`` of fuzzing, 90 by default) and reproducible (``CADRE_FUZZ_SEED``).
It runs in CI (``CI`` set, as ``.ci/run`` does) or when asked (``CADRE_FUZZ=1``); elsewhere
it is skipped, so that a developer's ``pytest`` stays quick. A failure prints Schemathesis's
report, with a ``curl`` line for each failing request.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.django_db(transaction=True),  # the server answers from another thread
    pytest.mark.skipif(
        not (os.environ.get("CI") or os.environ.get("CADRE_FUZZ")),
        reason="the API fuzzer runs in CI or with CADRE_FUZZ=1",
    ),
]


def _reload_migration_data() -> None:
    """Put back the classifiers the migrations load (an earlier test of the run with
    ``transaction=True`` may have flushed them), as those migrations load them."""
    from django.apps import apps

    from cadre.ratings.models import ServiceType

    import_module("cadre.people.migrations.0002_specialties").load(apps, None)
    import_module("cadre.portfolio.migrations.0002_capability_taxonomy").seed(apps, None)
    starter = import_module("cadre.ratings.migrations.0014_service_type_names").STARTER
    for code, name in import_module("cadre.ratings.migrations.0002_service_types").TYPES:
        names = {**starter.get(code, {}), "en": name}
        ServiceType.objects.get_or_create(code=code, defaults={"names": names})


def _schemathesis() -> list[str]:
    found = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert found, "schemathesis is a development dependency: pip install -e '.[dev]'"
    return [found]


def test_the_fuzzer_finds_no_server_error_and_no_undocumented_response(
    live_server, tmp_path
) -> None:
    from cadre.accounts.models import User
    from cadre.accounts.services import api_token_create
    from cadre.demo.data import demo_load

    host = urlsplit(live_server.url).hostname
    assert host in ("localhost", "127.0.0.1", "::1")
    _reload_migration_data()
    demo_load()
    _token, key = api_token_create(actor=User.objects.get(username="admin"), name="fuzz")
    seconds = int(os.environ.get("CADRE_FUZZ_SECONDS", "90"))
    command = [
        *_schemathesis(),
        "run",
        f"{live_server.url}/api/schema/",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--header",
        f"Authorization: Token {key}",
        "--phases",
        "examples,coverage,fuzzing",
        "--max-examples",
        "25",
        "--max-time",
        str(seconds),
        "--workers",
        "1",  # the live server shares one database connection on SQLite
        "--seed",
        os.environ.get("CADRE_FUZZ_SEED", "16"),
        # Revoking tokens would revoke the fuzzer's own and leave it testing only 401s.
        "--exclude-operation-id",
        "tokens_destroy",
        "--generation-database",
        "none",
        "--request-timeout",
        "30",
        "--no-color",
        "--output-truncate",
        "false",
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=seconds + 300,
        check=False,
    )
    report = result.stdout + result.stderr
    assert "Tested: " in report, report[-5000:]
    assert result.returncode == 0, report[-20000:]
    print(*(line for line in report.splitlines() if "generated" in line or "Tested" in line))
