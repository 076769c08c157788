"""Fixtures of the orgs tests."""

from cadre.core.tests.test_browser import browser  # noqa: F401  (the chromium fixture)
