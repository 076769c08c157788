"""Services guard themselves (issue 16, item 10): only its owner revokes an API token."""

from __future__ import annotations

import pytest

from cadre.accounts.models import ApiToken
from cadre.accounts.services import api_token_create, api_token_revoke
from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World


def test_someone_elses_token_is_not_revoked(world: World) -> None:
    api_token_create(actor=world.users["hr_b"], name="ci")
    token = ApiToken.objects.get(user=world.users["hr_b"])
    for actor in ("hr_a", "admin"):
        with pytest.raises(ApplicationError) as refused:
            api_token_revoke(actor=world.users[actor], token=token)
        assert refused.value.code == "scope"
        assert str(refused.value) == "You may not revoke this token."
    token.refresh_from_db()
    assert token.revoked_at is None
    api_token_revoke(actor=world.users["hr_b"], token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
