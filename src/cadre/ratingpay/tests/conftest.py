"""The pay world of the pay app's tests: seven people, salaries, achievements, a fund."""

from cadre.pay.tests.conftest import pay  # noqa: F401  (the fixture)
