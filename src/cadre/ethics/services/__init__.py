"""The ethics services (docs/ethics.md): ``declarations``, ``gifts``, ``cases``."""

from cadre.ethics.services.cases import (
    case_appeal,
    case_appeal_decide,
    case_commission,
    case_decide,
    case_explain,
    case_open,
    case_read,
    sanctions_expire,
)
from cadre.ethics.services.declarations import (
    declaration_confirm,
    declaration_create,
    declaration_create_check,
    declaration_review,
)
from cadre.ethics.services.gifts import gift_create, gift_decide

__all__ = [
    "case_appeal",
    "case_appeal_decide",
    "case_commission",
    "case_decide",
    "case_explain",
    "case_open",
    "case_read",
    "declaration_confirm",
    "declaration_create",
    "declaration_create_check",
    "declaration_review",
    "gift_create",
    "gift_decide",
    "sanctions_expire",
]
