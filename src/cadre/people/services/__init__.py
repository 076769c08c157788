"""Writes to people's records. Each is atomic and audited: a person's record is never
changed without a trace.

The services live in ``employees`` (a person's own record), ``records`` (posts held,
education, certifications) and ``imports`` (many people at once), with the scope guard in
``guards``. They are used across the project as ``cadre.people.services.<name>``, so this
package imports their public names; new code may import from either.
"""

from cadre.people.services.employees import (
    EMPLOYEE_FIELDS,
    IDENTITY_FIELDS,
    employee_create,
    employee_create_check,
    employee_link_user,
    employee_update,
    employee_update_check,
)
from cadre.people.services.imports import ImportCounts, PersonRow, employees_import
from cadre.people.services.records import (
    assignment_create,
    assignment_create_check,
    assignment_end,
    certification_add,
    certification_delete,
    education_add,
    education_delete,
)

__all__ = [
    "EMPLOYEE_FIELDS",
    "IDENTITY_FIELDS",
    "ImportCounts",
    "PersonRow",
    "assignment_create",
    "assignment_create_check",
    "assignment_end",
    "certification_add",
    "certification_delete",
    "education_add",
    "education_delete",
    "employee_create",
    "employee_create_check",
    "employee_link_user",
    "employee_update",
    "employee_update_check",
    "employees_import",
]
