"""A clean clone holds only sources: no test or tool artifact is committed, and every kind
of artifact the test and tool runs leave behind is ignored."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import cadre

ROOT = Path(cadre.__file__).resolve().parents[2]

ARTIFACTS = [
    ".coverage",
    ".coverage.host.1234.567890",
    "coverage.xml",
    "coverage.json",
    "htmlcov/index.html",
    ".hypothesis/examples/ab/cd",
    ".schemathesis/report.tar.gz",
    "schemathesis-report/junit.xml",
    "cassettes/run.yaml",
    "var/artifacts/screenshot.png",
    "screenshots/login.png",
    "test-results/trace.zip",
    "playwright-report/index.html",
    "chromedriver.log",
    "junit.xml",
]


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, timeout=60, check=False
    )


pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or _git("rev-parse", "--is-inside-work-tree").returncode != 0,
    reason="not a git checkout",
)


def test_no_artifact_is_committed() -> None:
    tracked = _git("ls-files").stdout.splitlines()
    assert tracked, "git ls-files listed nothing"
    ignored = _git("ls-files", "--cached", "--ignored", "--exclude-standard").stdout.splitlines()
    assert ignored == []


@pytest.mark.parametrize("path", ARTIFACTS)
def test_artifacts_are_ignored(path: str) -> None:
    assert _git("check-ignore", "--no-index", "-q", path).returncode == 0, path
