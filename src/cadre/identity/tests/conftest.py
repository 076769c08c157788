"""The real OIDC provider (``provider/``) as a process on a free loopback port, started once
per test session with an RS256 key made here; and Cadre configured to use it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cadre.identity import oidc
from cadre.identity.tests.provider.process import RealProvider, running_provider


@pytest.fixture(scope="session")
def real_provider() -> Iterator[RealProvider]:
    with running_provider() as provider:
        yield provider


@pytest.fixture
def provider(real_provider: RealProvider, settings: Any) -> Iterator[RealProvider]:
    """Cadre configured with the real provider as ``testid`` (matching on e-mail)."""
    settings.CADRE_OIDC_PROVIDERS = [real_provider.config()]
    oidc.forget_metadata()
    yield real_provider
    oidc.forget_metadata()
