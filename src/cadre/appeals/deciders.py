"""Who may sit on an appeal's panel by role: an account holding a role that handles
appeals — the grant to change them, with the ``pay`` class (HR officers, national
administrators: decision 0019) — nationally or over an organisation of the appeal's
country. The panel is drawn from any body of that country (its members reach the appeal by
membership), never from accounts that hold no such role (a citizen's, a training
provider's, an auditor's)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cadre.accounts import selectors as accounts
from cadre.core.fields import path_ids
from cadre.core.permissions import roles_allowed
from cadre.orgs.models import Organisation

DECIDING = ("appeals.appeal", "change")


def scope_path(appeal: Any) -> str:
    """The path of the root of the appeal's tree (its country): where a member's role must
    reach."""
    return f"/{path_ids(appeal.line.organisation.path)[0]}/"


def scope_root(appeal: Any) -> Organisation:
    """The organisation at ``scope_path``, to name it in a refusal."""
    return Organisation.objects.get(pk=path_ids(appeal.line.organisation.path)[0])


def deciders(appeal: Any) -> QuerySet[Any]:
    """The active accounts whose roles let them decide ``appeal`` (the exclusions of
    ``services.appeal_admit`` aside)."""
    return accounts.role_holders(roles_allowed(*DECIDING), scope_path(appeal))
