"""The pay world of the pay app's tests: seven people, salaries, achievements, a fund over
body A for 2026 (docs/pay.md's worked example)."""

from cadre.pay.tests.conftest import pay  # noqa: F401  (the fixture)
