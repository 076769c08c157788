from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region / province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    VILLAGE = "village", _("Village")
    CENTRAL_BODY = "central_body", _("Central body")
    LOCAL_BODY = "local_body", _("Local executive body")
    SUBORDINATE = "subordinate", _("Subordinate organisation")
    COMPETENCE_CENTRE = "competence_centre", _("Competence / training centre")
    COMMUNITY_TEAM = "community_team", _("Community digital technology team")
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    UNIT = "unit", _("Unit")


TERRITORY_KINDS = (
    OrgKind.COUNTRY,
    OrgKind.REGION,
    OrgKind.DISTRICT,
    OrgKind.COMMUNE,
    OrgKind.VILLAGE,
)


class Level(models.TextChoices):
    """The territorial level a body works at (steering committees, community teams)."""

    NATIONAL = "national", _("National")
    REGION = "region", _("Region / province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
    VILLAGE = "village", _("Village")


class Country(models.TextChoices):
    """Countries whose national personal identifiers Cadre checks (ISO 3166 alpha-2)."""

    KZ = "KZ", _("Kazakhstan")
    RU = "RU", _("Russia")
    VN = "VN", _("Vietnam")


class Currency(models.TextChoices):
    KZT = "KZT", _("Kazakhstani tenge")
    RUB = "RUB", _("Russian rouble")
    VND = "VND", _("Vietnamese dong")
    USD = "USD", _("US dollar")
