"""The second factor through HTTP (decision 0027): who must enrol, enrolment with the QR
secret and ten recovery codes, verification after the password (a reused code, one out of
its window, a wrong one, too many), recovery codes once each, API tokens unaffected, an
administrator's reset within their scope — with enforcement on, as in a deployment."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from cadre.accounts import services as account_services
from cadre.accounts.models import ApiToken
from cadre.core.models import AuditEvent
from cadre.core.testing.world import PASSWORD, World
from cadre.mfa import selectors, services
from cadre.mfa.views import PENDING_KEY

LOGIN = "/accounts/login/"
EN: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "en"}
T0 = 1_800_000_000.0  # a fixed moment, at the start of a 30-second step
WRONG = "Wrong code. Enter the 6-digit code your app shows now, or a recovery code."
REUSED = "This code has already been used. Wait for the next code in your app."
EXPIRED = (
    "This code is outside its time window. Check that the clock of your device is right, "
    "then enter the code it shows now."
)


@pytest.fixture(autouse=True)
def enforced(settings: Any) -> None:
    settings.CADRE_MFA_REQUIRED = True


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.at = T0
        monkeypatch.setattr(services, "now", lambda: self.at)

    def code(self, key_hex: str, steps: int = 0) -> str:
        return services.totp_code(key_hex, self.at + steps * services.STEP)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def _wrong(key_hex: str, clock: Clock) -> str:
    """A 6-digit code no step near now has."""
    near = {clock.code(key_hex, k) for k in range(-services.WIDE, services.WIDE + 1)}
    return next(c for c in (f"{n:06d}" for n in range(1000)) if c not in near)


def _sign_in(username: str) -> Client:
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD}, **EN)
    assert response.status_code == 302
    return client


def _enrol(client: Client, clock: Clock) -> tuple[str, list[str]]:
    """Enrol through the pages; returns the secret and the recovery codes shown."""
    page = client.get("/mfa/enrol/", **EN)
    assert page.status_code == 200
    key = client.session[PENDING_KEY]
    response = client.post("/mfa/enrol/", {"code": clock.code(key)}, **EN)
    assert response.status_code == 200
    return key, list(response.context["codes"])


def test_who_must_have_a_second_factor(world: World) -> None:
    must = {u: selectors.required_for(world.users[u]) for u in world.users}
    assert {u for u, yes in must.items() if yes} == {
        "admin",
        "hr_a",
        "hr_b",
        "auditor",
        "auditor_a",
    }


def test_sign_in_leads_to_enrolment_then_ten_codes_once_then_home(
    world: World, clock: Clock
) -> None:
    client = _sign_in("hr_a")
    home = client.get("/projects/", **EN)
    assert home.status_code == 302
    assert home["Location"] == "/mfa/enrol/?next=%2Fprojects%2F"

    page = client.get("/mfa/enrol/?next=/projects/", **EN)
    key = client.session[PENDING_KEY]
    body = page.content.decode()
    assert services.secret_base32(key) in body
    assert 'src="data:image/svg+xml' in body  # the QR code, drawn here, no network
    secret = services.secret_base32(key).replace(" ", "")
    assert base64.b32decode(secret).hex() == key
    assert not TOTPDevice.objects.filter(user=world.users["hr_a"]).exists()  # nothing yet

    wrong = client.post("/mfa/enrol/", {"code": "000000", "next": "/projects/"}, **EN)
    assert wrong.status_code == 400
    assert wrong.context["form"].errors == {"code": [WRONG]}
    assert not TOTPDevice.objects.filter(user=world.users["hr_a"]).exists()

    done = client.post("/mfa/enrol/", {"code": clock.code(key), "next": "/projects/"}, **EN)
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 == len(set(codes))
    assert all(len(c) == 9 and c[4] == "-" for c in codes)
    assert done.context["next"] == "/projects/"
    device = TOTPDevice.objects.get(user=world.users["hr_a"])
    assert device.confirmed and device.key == key
    assert StaticToken.objects.filter(device__user=world.users["hr_a"]).count() == 10
    event = AuditEvent.objects.get(action="mfa.enrol")
    assert event.actor_repr == "hr_a"
    assert key not in str(event.changes) and codes[0] not in str(event.changes)

    assert client.get("/projects/", **EN).status_code == 200  # the session is verified
    again = client.get("/mfa/enrol/", **EN)  # enrolled: no second enrolment, codes not shown
    assert again.status_code == 302
    assert again["Location"] == "/mfa/"
    status = client.get("/mfa/", **EN)
    assert status.context["codes_left"] == 10
    assert codes[0] not in status.content.decode()


def test_verification_refuses_reused_out_of_window_wrong_and_too_many(
    world: World, clock: Clock, settings: Any
) -> None:
    client = _sign_in("auditor")
    key, _codes = _enrol(client, clock)
    enrol_code = clock.code(key)
    client.post("/accounts/logout/")

    client = _sign_in("auditor")
    assert client.get("/", **EN)["Location"] == "/mfa/verify/?next=%2F"
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # each refusal on its own first

    reused = client.post("/mfa/verify/", {"code": enrol_code, "next": "/"}, **EN)
    assert reused.status_code == 400
    assert reused.context["form"].errors == {"code": [REUSED]}

    old = client.post("/mfa/verify/", {"code": clock.code(key, steps=-3)}, **EN)
    assert old.context["form"].errors == {"code": [EXPIRED]}
    ahead = client.post("/mfa/verify/", {"code": clock.code(key, steps=4)}, **EN)
    assert ahead.context["form"].errors == {"code": [EXPIRED]}
    short = client.post("/mfa/verify/", {"code": "12345"}, **EN)
    assert short.context["form"].errors == {"code": [WRONG]}
    wrong = client.post("/mfa/verify/", {"code": _wrong(key, clock)}, **EN)
    assert wrong.context["form"].errors == {"code": [WRONG]}
    assert client.get("/", **EN).status_code == 302  # still not through

    settings.OTP_TOTP_THROTTLE_FACTOR = 30  # now failures slow the next try
    device = TOTPDevice.objects.get(user=world.users["auditor"])
    device.throttle_reset()
    client.post("/mfa/verify/", {"code": _wrong(key, clock)})
    slowed = client.post("/mfa/verify/", {"code": clock.code(key, steps=1)}, **EN)
    assert slowed.context["form"].errors == {
        "code": ["Too many wrong codes. Try again in 30 seconds."]
    }

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    clock.at += services.STEP  # the next code, now the current one
    ok = client.post("/mfa/verify/", {"code": clock.code(key), "next": "/projects/"}, **EN)
    assert ok.status_code == 302
    assert ok["Location"] == "/projects/"
    assert client.get("/projects/", **EN).status_code == 200
    # The code just used is refused in another session within its window.
    other = _sign_in("auditor")
    twice = other.post("/mfa/verify/", {"code": clock.code(key)}, **EN)
    assert twice.context["form"].errors == {"code": [REUSED]}


def test_a_code_of_the_previous_step_is_still_accepted(world: World, clock: Clock) -> None:
    client = _sign_in("hr_b")
    key, _ = _enrol(client, clock)
    client.post("/accounts/logout/")
    clock.at += 3 * services.STEP
    client = _sign_in("hr_b")
    late = client.post("/mfa/verify/", {"code": clock.code(key, steps=-1)}, **EN)
    assert late.status_code == 302


def test_recovery_codes_work_once_each(world: World, clock: Clock, settings: Any) -> None:
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    client = _sign_in("admin")
    _key, codes = _enrol(client, clock)
    client.post("/accounts/logout/")

    client = _sign_in("admin")
    used = client.post("/mfa/verify/", {"code": codes[3].upper().replace("-", " ")}, **EN)
    assert used.status_code == 302
    assert client.get("/", **EN).status_code == 200
    event = AuditEvent.objects.get(action="mfa.recovery_code_used")
    assert event.changes == {"recovery_codes": [10, 9]}
    client.post("/accounts/logout/")

    client = _sign_in("admin")
    again = client.post("/mfa/verify/", {"code": codes[3]}, **EN)
    assert again.status_code == 400
    assert again.context["form"].errors == {"code": ["Wrong recovery code, or one already used."]}
    assert client.post("/mfa/verify/", {"code": codes[4]}, **EN).status_code == 302
    assert StaticToken.objects.filter(device__user=world.users["admin"]).count() == 8

    renewed = client.post("/mfa/", **EN)
    fresh = renewed.context["codes"]
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    client.post("/accounts/logout/")
    client = _sign_in("admin")
    assert client.post("/mfa/verify/", {"code": codes[5]}, **EN).status_code == 400
    assert client.post("/mfa/verify/", {"code": fresh[0]}, **EN).status_code == 302


def test_roles_without_the_requirement_go_straight_home(world: World, clock: Clock) -> None:
    client = _sign_in("employee_a1")
    assert client.get("/", **EN).status_code == 200
    status = client.get("/mfa/", **EN).content.decode()
    assert "You have no second factor. You may add one" in status
    # Enrolled of their own accord: asked for the code from the next sign-in.
    key, _ = _enrol(client, clock)
    client.post("/accounts/logout/")
    client = _sign_in("employee_a1")
    assert client.get("/", **EN)["Location"] == "/mfa/verify/?next=%2F"
    clock.at += services.STEP
    assert client.post("/mfa/verify/", {"code": clock.code(key)}).status_code == 302
    assert client.get("/", **EN).status_code == 200


def test_a_role_granted_pay_must_enrol(world: World) -> None:
    from cadre.accounts.choices import Role
    from cadre.core.permissions import ROLE_CLASSES, DataClass

    manager = world.users["manager_a1"]
    assert not selectors.required_for(manager)
    before = ROLE_CLASSES.get(Role.MANAGER)
    ROLE_CLASSES[Role.MANAGER] = frozenset({DataClass.PAY})
    try:
        fresh = type(manager).objects.get(pk=manager.pk)
        assert selectors.required_for(fresh)
        client = Client()
        client.force_login(fresh)
        assert client.get("/", **EN)["Location"] == "/mfa/enrol/?next=%2F"
    finally:
        if before is None:
            ROLE_CLASSES.pop(Role.MANAGER)
        else:
            ROLE_CLASSES[Role.MANAGER] = before


def test_api_tokens_are_not_asked_for_a_second_factor(world: World, clock: Clock) -> None:
    hr = world.users["hr_a"]
    _token, key = account_services.api_token_create(actor=hr, name="payroll system")
    api = APIClient()
    me = api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}", **EN)
    assert me.status_code == 200
    assert me.json()["username"] == "hr_a"
    assert api.get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200

    # The same user's unverified session is refused by the API, with a reason.
    session = _sign_in("hr_a")
    refused = session.get("/api/v1/me/", **EN)
    assert refused.status_code == 403
    assert refused.json() == {
        "status": 403,
        "errors": [
            {
                "field": None,
                "code": "second_factor_required",
                "message": "This session has not verified its second factor: sign in on the "
                "web first, or use an API token.",
            }
        ],
    }
    # A token alongside the unverified session: the token decides.
    both = session.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert both.status_code == 200
    # A bad token is refused as a bad token, not let through by the session.
    assert session.get("/api/v1/me/", HTTP_AUTHORIZATION="Token nope").status_code == 401
    _enrol(session, clock)
    assert session.get("/api/v1/me/", **EN).status_code == 200


def test_htmx_requests_are_redirected_by_header(world: World) -> None:
    client = _sign_in("hr_a")
    response = client.get("/projects/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/mfa/enrol/?next=%2Fprojects%2F"


def test_posts_are_refused_until_verified(world: World) -> None:
    client = _sign_in("hr_a")
    response = client.post("/accounts/profile/", {"name": "x", "days": 5})
    assert response.status_code == 302
    assert response["Location"] == "/mfa/enrol/"
    assert not ApiToken.objects.filter(user=world.users["hr_a"]).exists()


def test_switched_off_nobody_is_asked(world: World, settings: Any) -> None:
    settings.CADRE_MFA_REQUIRED = False
    client = _sign_in("admin")
    assert client.get("/", **EN).status_code == 200


def test_reset_by_an_administrator_makes_the_user_enrol_again(world: World, clock: Clock) -> None:
    hr_client = _sign_in("hr_a")
    _enrol(hr_client, clock)
    assert hr_client.get("/", **EN).status_code == 200

    admin = Client()
    admin.force_login(world.users["admin"])
    # The admin verifies first (they must, too).
    _enrol(admin, clock)
    page = admin.get("/mfa/reset/?user=hr_a", **EN)
    assert page.status_code == 200
    no_reason = admin.post("/mfa/reset/", {"username": "hr_a", "reason": " "}, **EN)
    assert no_reason.status_code == 400
    assert no_reason.context["form"].errors == {"reason": ["This field is required."]}
    assert TOTPDevice.objects.filter(user=world.users["hr_a"]).exists()

    done = admin.post("/mfa/reset/", {"username": "HR_A", "reason": "Lost phone"}, **EN)
    assert done.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.users["hr_a"]).exists()
    assert not StaticToken.objects.filter(device__user=world.users["hr_a"]).exists()
    event = AuditEvent.objects.get(action="mfa.reset")
    assert (event.actor_repr, event.object_id, event.reason) == (
        "admin",
        str(world.users["hr_a"].pk),
        "Lost phone",
    )
    assert event.changes == {"second_factor": ["totp", None], "recovery_codes": [10, 0]}
    # The user's open session now owes a new enrolment.
    assert hr_client.get("/", **EN)["Location"] == "/mfa/enrol/?next=%2F"

    twice = admin.post("/mfa/reset/", {"username": "hr_a", "reason": "again"}, **EN)
    assert twice.context["form"].errors == {
        "username": ["This user has no second factor to reset."]
    }
    own = admin.post("/mfa/reset/", {"username": "admin", "reason": "mine"}, **EN)
    assert own.context["form"].errors == {
        "username": ["You may not reset your own second factor; ask an administrator."]
    }
    assert TOTPDevice.objects.filter(user=world.users["admin"]).exists()


def test_an_hr_officer_resets_only_users_of_their_body(world: World, clock: Clock) -> None:
    for username in ("employee_a1", "hr_b"):
        client = Client()
        client.force_login(world.users[username])
        _enrol(client, clock)
    hr = Client()
    hr.force_login(world.users["hr_a"])
    _enrol(hr, clock)
    outside = hr.post("/mfa/reset/", {"username": "hr_b", "reason": "asked"}, **EN)
    assert outside.status_code == 400
    assert outside.context["form"].errors == {"username": ["No user with this username."]}
    assert TOTPDevice.objects.filter(user=world.users["hr_b"]).exists()
    inside = hr.post("/mfa/reset/", {"username": "employee_a1", "reason": "new phone"}, **EN)
    assert inside.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.users["employee_a1"]).exists()


def test_managers_and_auditors_have_no_reset_page(world: World, clock: Clock) -> None:
    manager = Client()
    manager.force_login(world.users["manager_a1"])
    assert manager.get("/mfa/reset/", **EN).status_code == 404
    auditor = Client()
    auditor.force_login(world.users["auditor"])
    _enrol(auditor, clock)
    assert auditor.get("/mfa/reset/", **EN).status_code == 404
    assert auditor.post("/mfa/reset/", {"username": "hr_a", "reason": "x"}).status_code == 404


def test_errors_in_the_users_language(world: World, clock: Clock) -> None:
    client = _sign_in("hr_a")
    client.get("/mfa/enrol/")
    wrong = client.post("/mfa/enrol/", {"code": "000000"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert wrong.context["form"].errors["code"] == [
        "Неверный код. Введите 6-значный код, который сейчас показывает приложение, "
        "или код восстановления."
    ]


def test_enrolment_whose_secret_was_lost_asks_again(world: World, clock: Clock) -> None:
    client = _sign_in("hr_a")
    response = client.post("/mfa/enrol/", {"code": "123456"}, **EN)  # no page shown before
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "code": ["This page has expired: add the new secret below to your app and enter its code."]
    }
    key = client.session[PENDING_KEY]  # the new secret, shown on that page
    assert client.post("/mfa/enrol/", {"code": clock.code(key)}, **EN).status_code == 200


def test_the_shell_resets_the_last_administrator(world: World, clock: Clock) -> None:
    from django.core.management import CommandError, call_command

    admin = Client()
    admin.force_login(world.users["admin"])
    _enrol(admin, clock)
    with pytest.raises(CommandError, match="Error: the following arguments are required"):
        call_command("cadre_mfa_reset", "admin")
    call_command("cadre_mfa_reset", "ADMIN", reason="Lost phone and codes")
    assert not TOTPDevice.objects.filter(user=world.users["admin"]).exists()
    event = AuditEvent.objects.get(action="mfa.reset")
    assert (event.actor_id, event.source, event.reason) == (None, "cli", "Lost phone and codes")
    with pytest.raises(CommandError, match=r"^This user has no second factor to reset\.$"):
        call_command("cadre_mfa_reset", "admin", reason="again")
    assert admin.get("/", **EN)["Location"] == "/mfa/enrol/?next=%2F"


def test_an_ethics_officer_must_enrol(world: World) -> None:
    from cadre.accounts import services as account_services
    from cadre.accounts.choices import Role

    officer = world.users["employee_a1"]
    assert not selectors.required_for(officer)
    account_services.role_assignment_create(
        actor=world.users["admin"],
        user=officer,
        role=Role.ETHICS_OFFICER,
        organisation=world.body_a,
    )
    fresh = type(officer).objects.get(pk=officer.pk)
    assert selectors.required_for(fresh)
    client = Client()
    client.force_login(fresh)
    assert client.get("/", **EN)["Location"] == "/mfa/enrol/?next=%2F"
