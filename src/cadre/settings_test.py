"""Settings for the test suite: the same as production code paths, faster hashing, eager tasks.

The database still comes from DATABASE_URL, so the same suite runs on SQLite (default)
and on PostgreSQL (CI sets DATABASE_URL=postgres://postgres@127.0.0.1:5432/cadre).
"""

import os
import tempfile

os.environ.setdefault("CADRE_DATA_DIR", tempfile.mkdtemp(prefix="cadre-test-"))
os.environ.setdefault("CADRE_TASKS", "eager")

from cadre.settings import *  # noqa: F403
from cadre.settings import DATA_DIR, DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not :memory:, so that a worker process in the Celery test can open it.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
# Tests sign in with force_login: no second factor unless a test asks for one (mfa/tests).
CADRE_MFA_REQUIRED = False
