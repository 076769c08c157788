"""The talent reserve's writes (``reserve``: entries; ``vacancies``: vacancies opened and
filled; ``matching``: proposals accepted or rejected). Other apps call them as
``cadre.talent.services.<name>``."""

from cadre.talent.services.matching import (
    match_accept,
    match_propose,
    match_reject,
    matches_propose,
    matching_run,
)
from cadre.talent.services.reserve import (
    reserve_entry_add,
    reserve_entry_approve,
    reserve_entry_create,
    reserve_entry_create_check,
    reserve_entry_update,
    reserve_entry_withdraw,
)
from cadre.talent.services.terms import expiry_for, reserve_years
from cadre.talent.services.vacancies import vacancy_cancel, vacancy_fill, vacancy_open

__all__ = [
    "expiry_for",
    "match_accept",
    "match_propose",
    "match_reject",
    "matches_propose",
    "matching_run",
    "reserve_entry_add",
    "reserve_entry_approve",
    "reserve_entry_create",
    "reserve_entry_create_check",
    "reserve_entry_update",
    "reserve_entry_withdraw",
    "reserve_years",
    "vacancy_cancel",
    "vacancy_fill",
    "vacancy_open",
]
