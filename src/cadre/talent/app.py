"""What the talent reserve adds to Cadre: who keeps the reserve and the vacancies — a
body's HR office (its reserve, the national entries of its people, its vacancies),
managers nominate and read — and external candidates, who see their own entries only."""

from __future__ import annotations

from cadre.core.choices import Role
from cadre.core.permissions import ALL, VIEW, grant, grant_own

grant(
    Role.HR_OFFICER,
    {"talent.reserveentry": ALL, "talent.vacancy": ALL, "talent.match": ALL},
)
grant(
    Role.MANAGER,
    {
        "talent.reserveentry": frozenset({"view", "add"}),
        "talent.vacancy": VIEW,
        "talent.match": VIEW,
    },
)
# An external candidate sees their own entries (``ReserveEntry.candidate``), nothing else.
grant_own({"talent.reserveentry": VIEW})
