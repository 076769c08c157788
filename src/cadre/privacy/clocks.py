"""The notification clocks of a breach, by the law that applies (docs/personal-data.md).

- Russia, 152-FZ art. 21 (since 1 Sep 2022): tell Roskomnadzor within 24 hours of
  detecting the incident, and the results of the investigation within 72 hours.
- Vietnam, Decree 13/2023 art. 23 (Law 91/2025 from 1 Jan 2026): tell the Ministry of Public
  Security (A05) within 72 hours.
- Kazakhstan, 94-V: our sources name no hour count; Cadre runs a 24-hour clock to the
  authorised body, to be confirmed by the deployment's counsel
  (``CADRE_BREACH_KZ_HOURS``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadre.privacy.choices import Country

REGULATOR, RESULTS = "regulator", "results"

# country → (clock, hours, the field that stops it)
RULES: dict[str, tuple[tuple[str, int, str], ...]] = {
    Country.RU: ((REGULATOR, 24, "regulator_notified_at"), (RESULTS, 72, "results_reported_at")),
    Country.VN: ((REGULATOR, 72, "regulator_notified_at"),),
    Country.KZ: ((REGULATOR, 24, "regulator_notified_at"),),
}
LABELS = {
    REGULATOR: _("Notify the regulator"),
    RESULTS: _("Report the investigation results"),
}


@dataclass(frozen=True)
class Clock:
    name: str
    due_at: dt.datetime
    done_at: dt.datetime | None

    @property
    def label(self) -> Any:
        return LABELS[self.name]

    @property
    def running(self) -> bool:
        return self.done_at is None

    @property
    def overdue(self) -> bool:
        return self.done_at is None and self.due_at < timezone.now()

    @property
    def late(self) -> bool:
        return self.done_at is not None and self.done_at > self.due_at


def hours(country: str, clock: str, default: int) -> int:
    if country == Country.KZ:
        return int(getattr(settings, "CADRE_BREACH_KZ_HOURS", default))
    return default


def clocks_of(breach: Any) -> list[Clock]:
    return [
        Clock(
            name,
            breach.detected_at + dt.timedelta(hours=hours(breach.country, name, h)),
            getattr(breach, stop),
        )
        for name, h, stop in RULES.get(breach.country, ())
    ]
