"""The user picker: type a name or a user name, choose from the accounts you may see
(``accounts:pick``); without JavaScript a select of the chosen account and a few others.
Drawn for every single choice of a user (``core.pickers``) and the user filters."""

from __future__ import annotations

from cadre.orgs.widgets import OrganisationPicker


class UserPicker(OrganisationPicker):
    url_name = "accounts:pick"
    order = ("username", "pk")
