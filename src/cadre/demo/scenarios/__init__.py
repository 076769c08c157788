"""Three demo scenarios modelled on the source documents (../shared/context).

Each is built through the services from records only, so that the indicators compute the
documents' own figures:

* Bắc Kạn (Vietnam): a province with 8 districts, 108 communes and 1,292 village digital
  technology teams; 40 IT civil servants in 40 IT units (5 master's, 29 university,
  4 college with an IT specialty, 2 without one — so 2 units have nobody qualified); the
  provincial IT & Communication Centre with 12 staff (1 master's, 11 university); in every
  commune a culture-social officer with a concurrent digital-transformation duty; steering
  committees at province, district and commune level.
* Kazakhstan: 16 ministries and 20 regional akimats, each with an IT unit; 520 IT staff of
  whom 270 (51.9%) have no IT specialty; a digital vice-minister in 8 ministries; IT posts
  paid 120,000–180,000 KZT.
* Kaluga (Russia): the regional government, its ministry of digital development, regional
  competence centres, a training centre for civil servants and an IT lyceum.

Idempotent: a scenario whose root code exists is skipped.

Each scenario is its own module (``bac_kan``, ``kazakhstan``, ``kaluga``), built with
``builder.Builder``; this package runs them.
"""

from __future__ import annotations

from typing import Any

from cadre.demo.scenarios.bac_kan import build_bac_kan
from cadre.demo.scenarios.builder import SRC
from cadre.demo.scenarios.kaluga import build_kaluga
from cadre.demo.scenarios.kazakhstan import build_kazakhstan
from cadre.orgs import services as orgs
from cadre.orgs.choices import Level, OrgKind
from cadre.orgs.models import Organisation

SCENARIOS = {
    "VN-BK": ("VN", "Việt Nam", build_bac_kan),
    "KZ-GOV": ("KZ", "Қазақстан Республикасы", build_kazakhstan),
    "RU-KLU": ("RU", "Российская Федерация", build_kaluga),
}


def load_scenarios(actor: Any, only: set[str] | None = None) -> list[str]:
    """Build every scenario not yet present; returns the codes built."""
    built = []
    for code, (country_code, country_name, build) in SCENARIOS.items():
        if only is not None and code not in only:
            continue
        if Organisation.objects.filter(code=code).exists():
            continue
        country = Organisation.objects.filter(
            code=country_code
        ).first() or orgs.organisation_create(
            actor=actor,
            code=country_code,
            name=country_name,
            kind=OrgKind.COUNTRY,
            source=SRC,
            level=Level.NATIONAL,
            country=country_code,
        )
        build(actor, country)
        built.append(code)
    return built
