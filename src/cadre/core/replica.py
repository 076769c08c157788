"""Reads that may come from the streaming replica (decision 0042).

Analytics and dashboards read aggregates that may be a few seconds old; when
``DATABASE_REPLICA_URL`` is set they read from the replica, but only while its replication
lag is under ``CADRE_REPLICA_MAX_LAG`` seconds. A replica that lags more, or does not
answer, is left alone and the primary answers instead: a reader never waits on it nor
sees an error because of it. The answer is remembered by the process for
``CADRE_REPLICA_CHECK_SECONDS`` (in memory, not in Redis, so that a lost Redis does not make
every read ask again).

Writes never go to the replica: only selectors call ``read_alias()``, and only for their
read-only queries (``queryset.using(read_alias())``).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"

# The lag in seconds: zero when the replica has replayed all it received (an idle primary
# sends nothing, so the last replayed transaction's age alone would grow while it is current).
LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 "
    "WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)

_lock = threading.Lock()
_cached: tuple[float, str] | None = None


def replica_lag() -> float | None:
    """The replica's lag in seconds, or ``None`` when it does not answer."""
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
        return float(row[0]) if row else None
    except DatabaseError as exc:
        logger.warning("replica: not answering, reading from the primary (%s)", exc)
        connection.close_if_unusable_or_obsolete()
        with contextlib.suppress(DatabaseError):
            connection.close()
        return None


def read_alias() -> str:
    """The database alias for an analytics or dashboard read: the replica when configured,
    answering and at most ``CADRE_REPLICA_MAX_LAG`` seconds behind, else the primary."""
    global _cached
    if not settings.DATABASE_REPLICA_URL or REPLICA not in settings.DATABASES:
        return PRIMARY
    now = time.monotonic()
    with _lock:
        if _cached is not None and _cached[0] > now:
            return _cached[1]
    lag = replica_lag()
    alias = REPLICA if lag is not None and lag <= settings.CADRE_REPLICA_MAX_LAG else PRIMARY
    if lag is not None and alias == PRIMARY:
        logger.warning("replica: %.1f s behind, reading from the primary", lag)
    with _lock:
        _cached = (now + settings.CADRE_REPLICA_CHECK_SECONDS, alias)
    return alias


def forget() -> None:
    """Ask again at the next read (tests)."""
    global _cached
    with _lock:
        _cached = None
