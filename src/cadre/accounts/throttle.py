"""Sign-in throttling: which keys a sign-in attempt counts under, and whether it may try
(decision 0013). The writes are ``services.login_failure_record`` and
``services.login_success_record``.

Three counters, each with a pause that doubles every time it is imposed:

- the **network** (an IPv4 address, an IPv6 /64): many failures from one place, whatever
  the usernames, pause that place;
- the **account from a network**: a few failures for one username from one place pause
  that username there, and nowhere else;
- the **account**: many failures for one username from many places (a distributed guess)
  pause it, but only from the networks that failed for it; a network that has not failed
  for the account still signs in, so nobody can lock anyone out from everywhere.

Usernames are counted as typed (case-folded), whether or not an account exists: an unknown
username gets exactly the answers a real one gets, so the answers tell nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from cadre.accounts.models import LoginThrottle

NETWORK, ACCOUNT, ACCOUNT_AT_NETWORK = "n", "a", "an"


def _keyed(kind: str, value: str) -> str:
    secret = hashlib.sha256(f"cadre.accounts.login:{settings.SECRET_KEY}".encode()).digest()
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest}"


def client_network(address: str) -> str:
    """The network an address counts for: itself (IPv4) or its /64 (IPv6, what one
    subscriber is given); "" when there is no usable address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip.ipv4_mapped or ip) if ip.version == 6 else str(ip)


@dataclass(frozen=True)
class Keys:
    network: str
    account: str
    account_at_network: str

    @classmethod
    def of(cls, *, username: str, address: str) -> Keys:
        name = username.strip().casefold()
        network = client_network(address)
        return cls(
            network=_keyed(NETWORK, network),
            account=_keyed(ACCOUNT, name),
            account_at_network=_keyed(ACCOUNT_AT_NETWORK, f"{name}\x00{network}"),
        )


def limit_of(kind: str) -> int:
    return {
        NETWORK: settings.CADRE_LOGIN_NETWORK_MAX_FAILURES,
        ACCOUNT: settings.CADRE_LOGIN_ACCOUNT_MAX_FAILURES,
        ACCOUNT_AT_NETWORK: settings.CADRE_LOGIN_MAX_FAILURES,
    }[kind]


def pause_after(strikes: int) -> timedelta:
    """The pause imposed for the ``strikes``-th time: the first one
    ``CADRE_LOGIN_LOCKOUT_MINUTES``, then twice the one before, at most
    ``CADRE_LOGIN_LOCKOUT_MAX_MINUTES``."""
    minutes = settings.CADRE_LOGIN_LOCKOUT_MINUTES * 2 ** min(max(strikes - 1, 0), 16)
    return timedelta(minutes=min(minutes, settings.CADRE_LOGIN_LOCKOUT_MAX_MINUTES))


def forgotten(row: LoginThrottle, now: datetime) -> tuple[bool, bool]:
    """Whether the row's failures, and its strikes, are old enough to be forgotten."""
    quiet = now - row.last_failure_at
    return (
        quiet > timedelta(minutes=settings.CADRE_LOGIN_WINDOW_MINUTES),
        quiet > timedelta(hours=24),
    )


def paused_until(*, username: str, address: str) -> datetime | None:
    """When this attempt may be made again, or ``None`` if it may be made now."""
    keys = Keys.of(username=username, address=address)
    now = timezone.now()
    rows = {
        row.key: row
        for row in LoginThrottle.objects.filter(
            key__in=[keys.network, keys.account, keys.account_at_network]
        )
    }
    until: list[datetime] = []
    for key in (keys.network, keys.account_at_network):
        row = rows.get(key)
        if row is not None and row.blocked_until is not None and row.blocked_until > now:
            until.append(row.blocked_until)
    account = rows.get(keys.account)
    here = rows.get(keys.account_at_network)
    if (
        account is not None
        and account.blocked_until is not None
        and account.blocked_until > now
        and here is not None
        and not forgotten(here, now)[1]
    ):
        until.append(account.blocked_until)  # this network has failed for the account
    return max(until) if until else None
