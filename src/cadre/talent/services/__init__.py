"""The talent reserve's writes (``reserve``: entries; ``vacancies``: vacancies opened and
filled; ``matching``: proposals accepted or rejected). Other apps call them as
``cadre.talent.services.<name>``."""

from cadre.talent.services.reserve import (
    reserve_entry_approve,
    reserve_entry_create,
    reserve_entry_create_check,
    reserve_entry_withdraw,
)
from cadre.talent.services.terms import expiry_for, reserve_years
from cadre.talent.services.vacancies import vacancy_cancel, vacancy_fill, vacancy_open

__all__ = [
    "expiry_for",
    "reserve_entry_approve",
    "reserve_entry_create",
    "reserve_entry_create_check",
    "reserve_entry_withdraw",
    "reserve_years",
    "vacancy_cancel",
    "vacancy_fill",
    "vacancy_open",
]
