"""An account's name reads family name first, as every person's name in Cadre (issue 18,
item 5): in the page header, the user picker and wherever an account is named, whatever the
reader's language; a Vietnamese name is never turned round."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from cadre.core.testing.world import World


def _name(world: World, username: str, last: str, first: str) -> Any:
    user = world.users[username]
    user.last_name, user.first_name = last, first
    user.save(update_fields=["last_name", "first_name"])
    return user


def test_accounts_are_named_family_name_first(as_user: Any, world: World) -> None:
    lan = _name(world, "employee_a1", "Nguyễn Thị", "Lan")
    daniyar = _name(world, "manager_a1", "Ахметов", "Данияр")
    assert (lan.get_full_name(), str(lan)) == ("Nguyễn Thị Lan", "Nguyễn Thị Lan (employee_a1)")
    assert daniyar.get_full_name() == "Ахметов Данияр"
    assert lan.get_short_name() == "Lan"
    for username, name in (("employee_a1", "Nguyễn Thị Lan"), ("manager_a1", "Ахметов Данияр")):
        for lang in ("en", "ru", "kk", "vi"):
            page = as_user(username).get("/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
            header = re.search(r'class="who">([^<]*)</a>', page)
            assert header is not None and unescape(header.group(1)) == name, (username, lang)
    # The user picker: its search answers, and the select drawn without script.
    admin = as_user("admin")
    found = admin.get("/accounts/users/pick/?q=Lan Nguyễn").json()["results"]
    assert found == [{"id": lan.pk, "name": "Nguyễn Thị Lan", "path": "employee_a1"}]
    found = admin.get("/accounts/users/pick/?q=Данияр").json()["results"]
    assert found == [{"id": daniyar.pk, "name": "Ахметов Данияр", "path": "manager_a1"}]
    for user, name in ((lan, "Nguyễn Thị Lan"), (daniyar, "Ахметов Данияр")):
        page = admin.get(f"/accounts/roles/?user={user.pk}", HTTP_ACCEPT_LANGUAGE="vi")
        html = unescape(page.content.decode())
        chosen = re.search(rf'<option value="{user.pk}" selected>([^<]*)</option>', html)
        assert chosen is not None and chosen.group(1) == f"{name} ({user.username})"
    # Nobody named: the user name stands for the account.
    assert world.users["hr_a"].get_full_name() == "" and str(world.users["hr_a"]) == "hr_a"
