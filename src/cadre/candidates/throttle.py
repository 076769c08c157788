"""Throttles against mass sign-ups, counted in the cache (Redis in production, shared files
in the embedded profile): attempts per network and per e-mail domain, new links per address,
each within a fixed window (decision 0033).

Keys hold a keyed hash, never the address or the e-mail typed (as decision 0013 does for
sign-in), and the network is the sign-in throttle's (an IPv4 address, an IPv6 /64). A
counter lives in the cache for one window and goes with it: nothing to clean up.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from cadre.accounts.throttle import client_network
from cadre.candidates import config

NETWORK, DOMAIN, ADDRESS = "net", "dom", "addr"


def _keyed(kind: str, value: str, window: int) -> str:
    secret = hashlib.sha256(f"cadre.candidates.signup:{settings.SECRET_KEY}".encode()).digest()
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"cadre:candidates:{kind}:{digest}:{window}"


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().casefold()


@dataclass(frozen=True)
class Refusal:
    """Which counter is full, and when its window ends."""

    kind: str
    until: datetime


def _window() -> tuple[int, int]:
    seconds = config.window_minutes() * 60
    return seconds, int(time.time()) // seconds


def hit(counters: list[tuple[str, str, int]]) -> Refusal | None:
    """Count one attempt under each ``(kind, value, limit)``; the first counter now beyond
    its limit, or None when the attempt may go on. A full counter still counts, so
    retrying while refused does not help."""
    seconds, index = _window()
    refusal = None
    for kind, value, limit in counters:
        key = _keyed(kind, value, index)
        cache.add(key, 0, timeout=seconds + 60)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=seconds + 60)
            count = 1
        if count > limit and refusal is None:
            ends = (index + 1) * seconds
            until = timezone.now() + timedelta(seconds=max(ends - time.time(), 0))
            refusal = Refusal(kind, until)
    return refusal


def signup_hit(*, email: str, address: str) -> Refusal | None:
    """Count a sign-up attempt from ``address`` for ``email``'s domain."""
    return hit(
        [
            (NETWORK, client_network(address), config.network_max()),
            (DOMAIN, domain_of(email), config.domain_max()),
        ]
    )


def resend_hit(*, email: str, address: str) -> Refusal | None:
    """Count a request for a new link: per address asked for, and per network (the same
    counter as sign-ups: asking for links is no way round it)."""
    return hit(
        [
            (NETWORK, client_network(address), config.network_max()),
            (ADDRESS, email.strip().casefold(), config.resend_max()),
        ]
    )
