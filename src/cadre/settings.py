"""Cadre settings: read from the environment only (12-factor).

Every variable, its default and its meaning is listed in docs/configuration.md.
The embedded default (no variables set) is a single-machine demo: SQLite in
``CADRE_DATA_DIR``, local-memory cache, background tasks in a thread, no broker.
``CADRE_PROFILE=production`` switches on the safeguards that
``manage.py check --deploy`` asks for and refuses to start with an insecure key.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
PROFILE = env("CADRE_PROFILE", "embedded")
if PROFILE not in {"embedded", "production"}:
    raise ImproperlyConfigured("CADRE_PROFILE must be 'embedded' or 'production'")
PRODUCTION = PROFILE == "production"

DATA_DIR = Path(env("CADRE_DATA_DIR", str(Path.cwd() / "var"))).resolve()


def _secret_key() -> str:
    key = env("SECRET_KEY")
    if PRODUCTION:
        if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure"):
            raise ImproperlyConfigured(
                "CADRE_PROFILE=production needs SECRET_KEY: at least 50 random characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
            )
        return key
    if key:
        return key
    # Embedded mode: a random key kept beside the database, never a shared default.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("CADRE_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("CADRE_DEBUG must be off when CADRE_PROFILE=production.")

ALLOWED_HOSTS = env_list("CADRE_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("CADRE_ALLOWED_HOSTS must name the host(s) Cadre is served on.")
CSRF_TRUSTED_ORIGINS = env_list("CADRE_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "cadre.core",
    "cadre.accounts",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "cadre.mfa",
    "cadre.orgs",
    "cadre.people",
    "cadre.identity",
    "cadre.candidates",
    "cadre.privacy",
    "cadre.ethics",
    "cadre.ratings",
    "cadre.competencies",
    "cadre.assessments",
    "cadre.learning",
    "cadre.kpi",
    "cadre.pay",
    "cadre.appraisals",
    "cadre.appeals",
    "cadre.ratingpay",
    "cadre.portfolio",
    "cadre.projects",
    "cadre.talent",
    "cadre.contests",
    "cadre.competitions",
    "cadre.staffing",
    "cadre.analytics",
    "cadre.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A second factor before any page for the roles that need one (decision 0027).
    "cadre.mfa.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cadre.core.nul.RefuseNulMiddleware",
]

ROOT_URLCONF = "cadre.urls"
WSGI_APPLICATION = "cadre.wsgi.application"
ASGI_APPLICATION = "cadre.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cadre.core.context_processors.cadre",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'cadre.sqlite3'}")
_db: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["CONN_HEALTH_CHECKS"] = True
# "transaction": DATABASE_URL is PgBouncer in transaction pooling (docs/deployment.md, decision
# 0042). A transaction may then run on a different server connection from the last one, so
# nothing may outlive a transaction: no server-side cursors (they are named cursors of a
# session) and no prepared statements (psycopg prepares a query it saw 5 times).
CADRE_DB_POOLER = env("CADRE_DB_POOLER", "")
if CADRE_DB_POOLER not in {"", "transaction", "session"}:
    raise ImproperlyConfigured("CADRE_DB_POOLER must be empty, 'transaction' or 'session'")
if CADRE_DB_POOLER == "transaction" and _db["ENGINE"] == "django.db.backends.postgresql":
    _db["DISABLE_SERVER_SIDE_CURSORS"] = True
    _db.setdefault("OPTIONS", {})["prepare_threshold"] = None
DATABASES = {"default": _db}
# A streaming replica that analytics and dashboards read from while it is less than
# CADRE_REPLICA_MAX_LAG seconds behind the primary (else they read the primary; core/replica.py).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL and _db["ENGINE"] == "django.db.backends.postgresql":
    _replica: dict[str, Any] = dict(dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60))
    _replica["CONN_HEALTH_CHECKS"] = True
    _replica.setdefault("OPTIONS", {})["connect_timeout"] = 2
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
CADRE_REPLICA_MAX_LAG = float(env("CADRE_REPLICA_MAX_LAG", "5"))
# Seconds a replica's lag (or its being down) is remembered by a process before it asks again.
CADRE_REPLICA_CHECK_SECONDS = float(env("CADRE_REPLICA_CHECK_SECONDS", "2"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, broker -------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cadre",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Files, not process memory: the server's processes and the embedded scheduler share
    # it (a running job's live progress and heartbeat, rate limits).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# How background tasks run: "celery" (a broker is configured), "thread" (embedded: after
# commit, in a thread of the serving process) or "eager" (tests: inline, synchronously).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CADRE_TASKS = env("CADRE_TASKS", "celery" if CELERY_BROKER_URL else "thread")
if CADRE_TASKS not in {"celery", "thread", "eager"}:
    raise ImproperlyConfigured("CADRE_TASKS must be celery, thread or eager")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", REDIS_URL or "")
CELERY_TASK_ALWAYS_EAGER = CADRE_TASKS != "celery"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# The periodic jobs are declared by each app (its app.py, core/registry.py) and read by
# celery beat (cadre/celery.py) and, without a broker, by `cadre scheduler`.
CADRE_RATING_FOLD_MINUTES = env_int("CADRE_RATING_FOLD_MINUTES", 10)
CADRE_RATING_RECOMPUTE_HOUR = env_int("CADRE_RATING_RECOMPUTE_HOUR", 2)
# Months of rating partitions kept ready after the current one (PostgreSQL, decision 0041).
CADRE_RATING_PARTITIONS_AHEAD = env_int("CADRE_RATING_PARTITIONS_AHEAD", 3)
# Pay appeals (docs/pay.md): working days to file one after a run is approved, and for the
# panel to decide one after it is admitted (public holidays of the person's country).
CADRE_APPEAL_WINDOW_DAYS = env_int("CADRE_APPEAL_WINDOW_DAYS", 10)
CADRE_APPEAL_DECISION_DAYS = env_int("CADRE_APPEAL_DECISION_DAYS", 20)
# The IT portfolio (docs/projects.md, decision 0024): whether moving an entry from idea to
# development needs an IT coordinator's approval first, and the overlap score from which
# two entries of different bodies are a likely overlap (percent of 1).
CADRE_PORTFOLIO_START_APPROVAL = env_bool("CADRE_PORTFOLIO_START_APPROVAL", default=True)
CADRE_PORTFOLIO_OVERLAP_PERCENT = env_int("CADRE_PORTFOLIO_OVERLAP_PERCENT", 55)
CADRE_GAPS_RECOMPUTE_HOUR = env_int("CADRE_GAPS_RECOMPUTE_HOUR", 3)
CADRE_CAMPAIGN_REMIND_HOUR = env_int("CADRE_CAMPAIGN_REMIND_HOUR", 6)
CADRE_FIGURES_REFRESH_MINUTES = env_int("CADRE_FIGURES_REFRESH_MINUTES", 15)

# --- Auth ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# --- Assessment (docs/competencies.md) ------------------------------------------------------
# Weights of each instrument's latest level in a person's proficiency, and how old evidence
# may be to count.
CADRE_PROFICIENCY_WEIGHTS = {
    "test": env_int("CADRE_PROFICIENCY_WEIGHT_TEST", 3),
    "manager": env_int("CADRE_PROFICIENCY_WEIGHT_MANAGER", 3),
    "course": env_int("CADRE_PROFICIENCY_WEIGHT_COURSE", 3),
    "record": env_int("CADRE_PROFICIENCY_WEIGHT_RECORD", 3),
    "feedback": env_int("CADRE_PROFICIENCY_WEIGHT_FEEDBACK", 2),
    "self": env_int("CADRE_PROFICIENCY_WEIGHT_SELF", 1),
    "contest": env_int("CADRE_PROFICIENCY_WEIGHT_CONTEST", 2),
}
CADRE_PROFICIENCY_MAX_AGE_DAYS = env_int("CADRE_PROFICIENCY_MAX_AGE_DAYS", 3 * 365)
# Answers that reach the server this many seconds after a test's deadline still count
# (network latency); later ones are refused.
CADRE_TEST_GRACE_SECONDS = env_int("CADRE_TEST_GRACE_SECONDS", 30)
# Memory PostgreSQL may use per sort or hash of the nightly gap batch (it runs alone).
CADRE_GAPS_WORK_MEM_MB = env_int("CADRE_GAPS_WORK_MEM_MB", 256)
# 360° feedback is shown (as averages) and counted only from this many respondents up, so
# that nobody's answer can be singled out.
CADRE_FEEDBACK_MIN_RESPONDENTS = env_int("CADRE_FEEDBACK_MIN_RESPONDENTS", 3)

# A holder is told this many days before a Cadre certificate expires (once).
CADRE_CERTIFICATE_ALERT_DAYS = env_int("CADRE_CERTIFICATE_ALERT_DAYS", 60)

# --- Talent (docs/talent.md, decisions 0030-0032) ----------------------------------------
# Years a reserve entry lasts by the country of its body (KZ 2, RU 3; VN and a tree without a
# country 3 until their rule is set); days before expiry its holder and HR are reminded; days a
# nomination from an accepted match holds the entry.
CADRE_RESERVE_YEARS_KZ = env_int("CADRE_RESERVE_YEARS_KZ", 2)
CADRE_RESERVE_YEARS_RU = env_int("CADRE_RESERVE_YEARS_RU", 3)
CADRE_RESERVE_YEARS_VN = env_int("CADRE_RESERVE_YEARS_VN", 3)
CADRE_RESERVE_YEARS_DEFAULT = env_int("CADRE_RESERVE_YEARS_DEFAULT", 3)
CADRE_TALENT_REMIND_DAYS = env_int("CADRE_TALENT_REMIND_DAYS", 30)
CADRE_ETHICS_REMIND_DAYS = env_int("CADRE_ETHICS_REMIND_DAYS", 30)
CADRE_ETHICS_EXPLANATION_DAYS = env_int("CADRE_ETHICS_EXPLANATION_DAYS", 2)
CADRE_TALENT_NOMINATION_DAYS = env_int("CADRE_TALENT_NOMINATION_DAYS", 30)
# The largest file a contest entry may carry (its types are pdf, docx, pptx, odt, png, jpg).
CADRE_CONTEST_MAX_FILE_MB = env_int("CADRE_CONTEST_MAX_FILE_MB", 20)

# --- Personal data (docs/personal-data.md, decision 0034) ---------------------------------
# Hours Kazakhstan's breach clock runs (pending legal confirmation), and how long before a
# breach clock runs out its reminder is mailed.
CADRE_BREACH_KZ_HOURS = env_int("CADRE_BREACH_KZ_HOURS", 24)
CADRE_BREACH_REMIND_HOURS = env_int("CADRE_BREACH_REMIND_HOURS", 6)


def _fernet_key_ok(key: str) -> bool:
    import base64
    import binascii

    try:
        return len(base64.urlsafe_b64decode(key.encode())) == 32
    except (binascii.Error, ValueError):
        return False


def _field_keys() -> tuple[list[str], str]:
    """Encryption at rest (decision 0038): ``CADRE_FIELD_KEYS``, Fernet keys newest first,
    and ``CADRE_FIELD_INDEX_KEY``, the blind index's HMAC key. The embedded profile derives
    both from SECRET_KEY when they are not given; production refuses to start without them."""
    import base64
    import hashlib

    keys = env_list("CADRE_FIELD_KEYS", "")
    index = env("CADRE_FIELD_INDEX_KEY")
    if PRODUCTION and (not keys or not index):
        raise ImproperlyConfigured(
            "CADRE_PROFILE=production needs CADRE_FIELD_KEYS (Fernet keys, newest first: "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key()"
            ".decode())') and CADRE_FIELD_INDEX_KEY (at least 32 random characters)."
        )
    if not keys:  # embedded only: derived from this installation's SECRET_KEY
        digest = hashlib.sha256(f"cadre-embedded-field-key:{SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    if not index:
        index = hashlib.sha256(f"cadre-embedded-index-key:{SECRET_KEY}".encode()).hexdigest()
    for n, key in enumerate(keys, start=1):
        if not _fernet_key_ok(key):
            raise ImproperlyConfigured(
                f"CADRE_FIELD_KEYS: key {n} is not a Fernet key (32 bytes, url-safe base64)."
            )
    if len(index) < 32:
        raise ImproperlyConfigured("CADRE_FIELD_INDEX_KEY must be at least 32 characters.")
    return keys, index


CADRE_FIELD_KEYS, CADRE_FIELD_INDEX_KEY = _field_keys()
# Rows re-encrypted per transaction by ``cadre manage cadre_rotate_keys``.
CADRE_ROTATE_BATCH = env_int("CADRE_ROTATE_BATCH", 5000)

# --- Mail (campaign reminders). The embedded default prints mail to the console. ---------
EMAIL_BACKEND = env("CADRE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("CADRE_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("CADRE_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("CADRE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env("CADRE_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("CADRE_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env("CADRE_EMAIL_FROM", "cadre@localhost")

CADRE_API_TOKEN_DAYS = env_int("CADRE_API_TOKEN_DAYS", 90)
SESSION_COOKIE_AGE = env_int("CADRE_SESSION_SECONDS", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Second factor (docs/identity.md, decision 0027) ------------------------------------
# National administrators, HR officers, auditors and every role that sees pay enrol an
# authenticator app (TOTP) and verify it after signing in, before any other page; users who
# enrolled of their own accord verify too. Off: nobody is asked (API tokens never are).
CADRE_MFA_REQUIRED = env_bool("CADRE_MFA_REQUIRED", default=True)
# The issuer an authenticator app shows beside the account.
OTP_TOTP_ISSUER = env("CADRE_MFA_ISSUER", "Cadre")

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = env("CADRE_LANGUAGE", "ru")
LANGUAGES = [
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
    ("vi", _("Vietnamese")),
    ("en", _("English")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Formats Django lacks (Kazakh); the other languages keep Django's own.
FORMAT_MODULE_PATH = ["cadre.core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("CADRE_TIME_ZONE", "UTC")
LANGUAGE_COOKIE_NAME = "cadre_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("CADRE_STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.js from the ``plotly`` package: charts with no CDN and no Node build (0029).
    "cadre.core.charts.PlotlyFinder",
]
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CADRE_IMPORT_MAX_MB = env_int("CADRE_IMPORT_MAX_MB", 100)
# What an XLSX workbook may expand to, all its parts together (a zip bomb is refused by its
# directory before anything is decompressed).
CADRE_IMPORT_MAX_XLSX_MB = env_int("CADRE_IMPORT_MAX_XLSX_MB", 200)
# Citizen ratings (decision 0009).
CADRE_RATING_TOKEN_DAYS = env_int("CADRE_RATING_TOKEN_DAYS", 14)
CADRE_RATING_QUARTER_CAP = env_int("CADRE_RATING_QUARTER_CAP", 2)
CADRE_RATING_MIN_SECONDS = env_int("CADRE_RATING_MIN_SECONDS", 20)
CADRE_RATING_NETWORK_BURST = env_int("CADRE_RATING_NETWORK_BURST", 30)
CADRE_RATING_STREAK = env_int("CADRE_RATING_STREAK", 8)
CADRE_RATING_NETWORK_PER_MINUTE = env_int("CADRE_RATING_NETWORK_PER_MINUTE", 20)
CADRE_RATING_MIN_N = env_int("CADRE_RATING_MIN_N", 30)
CADRE_RATING_ANSWER_DAYS = env_int("CADRE_RATING_ANSWER_DAYS", 10)
CADRE_RATING_FOLD_GRACE_SECONDS = env_int("CADRE_RATING_FOLD_GRACE_SECONDS", 300)
# POST /api/v1/ratings/ answered before Django's request cycle on PostgreSQL (decision 0010).
CADRE_RATING_FAST_PATH = env_bool("CADRE_RATING_FAST_PATH", default=True)
# On PostgreSQL, CSV files with at least this many rows are imported set-based (decision 0008).
CADRE_IMPORT_BULK_ROWS = env_int("CADRE_IMPORT_BULK_ROWS", 5000)
# Jobs (decision 0005): a running job writes its progress and a heartbeat this often, from a
# thread and connection of its own; one not heard from for CADRE_JOB_STALE_SECONDS, or
# running past its time limit, is marked failed by the reaper (every minute).
CADRE_JOB_FLUSH_SECONDS = float(env("CADRE_JOB_FLUSH_SECONDS", "1"))
CADRE_JOB_STALE_SECONDS = env_int("CADRE_JOB_STALE_SECONDS", 300)
CADRE_JOB_TIME_LIMIT = env_int("CADRE_JOB_TIME_LIMIT", 3600)
CADRE_JOB_QUEUED_SECONDS = env_int("CADRE_JOB_QUEUED_SECONDS", 6 * 3600)

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "cadre.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["cadre.core.api.permissions.ScopedActionPermission"],
    "DEFAULT_PARSER_CLASSES": [
        "cadre.core.api.parsers.JSONParser",
        "cadre.core.api.parsers.FormParser",
        "cadre.core.api.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "cadre.core.api.pagination.CadrePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "cadre.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "cadre.core.api.errors.exception_handler",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cadre API",
    "DESCRIPTION": "The state's platform for its digital workforce.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "ENUM_NAME_OVERRIDES": {
        "AppraiserRoleEnum": "cadre.assessments.choices.AppraiserRole",
        "UserRoleEnum": "cadre.accounts.choices.Role",
        "TargetKindEnum": "cadre.learning.choices.TargetKind",
        "ProjectStateEnum": "cadre.projects.choices.ProjectState",
        "EvidenceKindEnum": "cadre.projects.choices.Evidence",
        "CompetitionStageEnum": "cadre.competitions.choices.Stage",
        "EthicsAppealOutcomeEnum": "cadre.ethics.choices.AppealOutcome",
        "GiftDecisionEnum": "cadre.ethics.choices.GiftDecision",
        "GiftKindEnum": "cadre.ethics.choices.GiftKind",
        "RelationKindEnum": "cadre.ethics.choices.RelationKind",
        "CaseOutcomeEnum": "cadre.ethics.choices.Outcome",
        "EthicsCaseStateEnum": "cadre.ethics.choices.CaseState",
        "AnalyticsReportKindEnum": "cadre.analytics.choices.ReportKind",
        "AnalyticsReportFormatEnum": "cadre.analytics.choices.ReportFormat",
        "FormatEnum": "cadre.learning.choices.CourseFormat",
    },
}

# --- Logging: no personal data; one line per event ---------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("CADRE_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Production safeguards (manage.py check --deploy passes with these) -----------------
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("CADRE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("CADRE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = ["rest_framework.renderers.JSONRenderer"]

CADRE_DEMO_PASSWORD = env("CADRE_DEMO_PASSWORD", "cadre-demo-2026")


# --- Security: sign-in throttling (decision 0013) ------------------------------------------
# Failures before a pause: of one username from one network, of one network whatever the
# usernames, of one username from all networks (paused then only where it failed).
CADRE_LOGIN_MAX_FAILURES = env_int("CADRE_LOGIN_MAX_FAILURES", 5)
CADRE_LOGIN_NETWORK_MAX_FAILURES = env_int("CADRE_LOGIN_NETWORK_MAX_FAILURES", 30)
CADRE_LOGIN_ACCOUNT_MAX_FAILURES = env_int("CADRE_LOGIN_ACCOUNT_MAX_FAILURES", 50)
# Failures older than this are forgotten; the first pause, doubled each time up to the most.
CADRE_LOGIN_WINDOW_MINUTES = env_int("CADRE_LOGIN_WINDOW_MINUTES", 60)
CADRE_LOGIN_LOCKOUT_MINUTES = env_int("CADRE_LOGIN_LOCKOUT_MINUTES", 15)
CADRE_LOGIN_LOCKOUT_MAX_MINUTES = env_int("CADRE_LOGIN_LOCKOUT_MAX_MINUTES", 24 * 60)

# --- Single sign-on (OIDC, the identity app; docs/identity.md) --------------------------------
# Off: the sign-in page shows only the identity providers' buttons; a password is refused.
CADRE_PASSWORD_LOGIN = env_bool("CADRE_PASSWORD_LOGIN", default=True)
# A JSON list of providers ({"name", "label", "issuer", "client_id", …}); each one's secret may
# come from CADRE_OIDC_<NAME>_CLIENT_SECRET instead. Checked when Cadre starts (identity/config.py).
try:
    CADRE_OIDC_PROVIDERS: list[dict[str, Any]] = json.loads(env("CADRE_OIDC_PROVIDERS", "[]"))
except ValueError as exc:
    raise ImproperlyConfigured(f"CADRE_OIDC_PROVIDERS is not valid JSON: {exc}") from exc
# Seconds a provider's discovery document and keys are kept before being fetched again.
CADRE_OIDC_METADATA_SECONDS = env_int("CADRE_OIDC_METADATA_SECONDS", 3600)
# Seconds allowed between Cadre's clock and the provider's when checking a token's times.
CADRE_OIDC_LEEWAY_SECONDS = env_int("CADRE_OIDC_LEEWAY_SECONDS", 60)

# --- Security: Content-Security-Policy (django-csp; issue 17, item 20) ----------------------
# The same strict policy in both profiles: scripts, styles, fonts, images and requests only
# from Cadre's own origin; no inline script or style, no eval, no plug-ins, no framing.
# Pages that need another rule say so themselves (the API docs: decorators in urls.py).
INSTALLED_APPS.append("csp")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        # Signing out continues at the identity providers' (RP-initiated logout).
        "form-action": [
            "'self'",
            *sorted(
                {
                    "/".join(str(p.get("issuer", "")).split("/")[:3])
                    for p in CADRE_OIDC_PROVIDERS
                    if isinstance(p, dict) and str(p.get("issuer", "")).startswith("http")
                }
            ),
        ],
        "frame-ancestors": ["'none'"],
    }
}
if not PRODUCTION:  # the browsable API, with its own pages' inline styles allowed
    REST_FRAMEWORK["DEFAULT_RENDERER_CLASSES"] = [
        "rest_framework.renderers.JSONRenderer",
        "cadre.core.api.renderers.CspBrowsableAPIRenderer",
    ]

# --- Workforce demand (docs/staffing.md, decision 0043) -----------------------------------
# Retirement age in years by country and gender (the age the law sets for the forecast's
# years; a tree without a country uses the DEFAULT pair).
CADRE_RETIREMENT_AGES = {
    country: {
        gender: env_int(f"CADRE_RETIREMENT_AGE_{country}_{gender}", age)
        for gender, age in ages.items()
    }
    for country, ages in {
        "KZ": {"M": 63, "F": 61},
        "RU": {"M": 65, "F": 60},
        "VN": {"M": 62, "F": 60},
        "DEFAULT": {"M": 63, "F": 60},
    }.items()
}
