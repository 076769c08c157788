"""The environment the app servers, workers and beat run with: the caller's variables
(kept in the state folder), the cluster's secrets and the topology's addresses."""

from __future__ import annotations

import os
import secrets

from cadre.core.cluster.layout import Layout


def secrets_env(lay: Layout) -> dict[str, str]:
    """SECRET_KEY and the field keys: from the environment, else made once for this
    cluster and kept in its state folder (mode 600), like a secrets store would."""
    from cryptography.fernet import Fernet

    keep = lay.path("secrets.env")
    known: dict[str, str] = {}
    if keep.exists():
        for line in keep.read_text().splitlines():
            name, _, value = line.partition("=")
            known[name] = value
    else:
        known = {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "CADRE_FIELD_KEYS": Fernet.generate_key().decode(),
            "CADRE_FIELD_INDEX_KEY": secrets.token_urlsafe(40),
        }
        keep.write_text("".join(f"{k}={v}\n" for k, v in known.items()))
        keep.chmod(0o600)
    return {name: os.environ.get(name) or value for name, value in known.items()}


TOPOLOGY = {
    "CADRE_PROFILE",
    "CADRE_DATA_DIR",
    "CADRE_STATIC_ROOT",
    "CADRE_DB_POOLER",
    "CADRE_TASKS",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
}


def save_env(lay: Layout) -> None:
    """The Cadre and Celery variables ``up`` was given, kept so that a piece started again
    later (``status``, the soak's faults) runs with the same configuration."""
    keep = {
        k: v
        for k, v in os.environ.items()
        if k.startswith(("CADRE_", "CELERY_")) and k not in TOPOLOGY and "\n" not in v
    }
    path = lay.path("cluster.env")
    path.write_text("".join(f"{k}={v}\n" for k, v in sorted(keep.items())))
    path.chmod(0o600)


def saved_env(lay: Layout) -> dict[str, str]:
    path = lay.path("cluster.env")
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text().splitlines():
        name, sep, value = line.partition("=")
        if sep:
            out[name] = value
    return out


def app_env(lay: Layout) -> dict[str, str]:
    """The environment of the app servers, workers and beat: the caller's, with the
    topology's addresses and production's requirements on top. Tuning variables the caller
    set (limits, job times) are kept; addresses are always the cluster's."""
    env = {**saved_env(lay), **os.environ}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(secrets_env(lay))
    env.update(
        {
            "CADRE_PROFILE": "production",
            "CADRE_DATA_DIR": str(lay.path("data")),
            "CADRE_STATIC_ROOT": str(lay.path("static")),
            # Through PgBouncer (transaction pooling): see settings.py, CADRE_DB_POOLER.
            "DATABASE_URL": lay.pooled_url,
            "CADRE_DB_POOLER": "transaction",
            "DATABASE_REPLICA_URL": lay.replica_url,
            "REDIS_URL": lay.redis_url,
            "CADRE_TASKS": "celery",
        }
    )
    env.setdefault("CADRE_ALLOWED_HOSTS", "127.0.0.1,localhost")
    # TLS ends in front of HAProxy in a real installation; here HAProxy speaks plain HTTP.
    env.setdefault("CADRE_SSL_REDIRECT", "false")
    env.setdefault("CADRE_REPLICA_MAX_LAG", "5")
    return env


def direct_env(lay: Layout) -> dict[str, str]:
    """For migrations and the demo data: the primary itself, not the pooler."""
    env = app_env(lay)
    env["DATABASE_URL"] = lay.primary_url
    env.pop("CADRE_DB_POOLER", None)
    return env
