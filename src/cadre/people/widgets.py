"""The person picker: type a name, choose from the people you may see (``people:pick``),
each shown with their organisation; without JavaScript a select of the chosen person and a
few others. Drawn for every single choice of a person (``core.pickers``) and the person
filters of other apps (``EmployeeFilter``)."""

from __future__ import annotations

from cadre.orgs.widgets import OrganisationPicker


class EmployeePicker(OrganisationPicker):
    url_name = "people:pick"
    order = ("last_name", "first_name", "pk")
