"""Settings, all from the environment (see docs/operations.md for the full list).

The embedded default (``DEBUG`` on, no variables set) runs on SQLite and local files under
``OPENHIRE_DATA_DIR``. With ``DEBUG`` off, openhire refuses to start without ``SECRET_KEY`` and
``OPENHIRE_ENCRYPTION_KEYS``.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.utils.translation import gettext_lazy as _

from openhire.config.env import ConfigError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("OPENHIRE_DATA_DIR") or Path.cwd() / "data").resolve()
TESTING = "pytest" in sys.modules or env_bool("OPENHIRE_TESTING")

DEBUG = env_bool("DEBUG", default=True)


def _dev_secret(purpose: str) -> str:
    """A stable per-data-dir secret for development only (never used with DEBUG off)."""
    return hashlib.sha256(f"openhire-dev-{purpose}-{DATA_DIR}".encode()).hexdigest()


SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off")
    SECRET_KEY = _dev_secret("secret-key")

# Encryption keys for fields and files: "kid:base64key,kid2:base64key2"; the first is used to encrypt,
# all are used to decrypt (rotation: put the new key first, run `openhire manage reencrypt`).
_keys_raw = env_str("OPENHIRE_ENCRYPTION_KEYS")
if not _keys_raw:
    if not DEBUG:
        raise ConfigError(
            "OPENHIRE_ENCRYPTION_KEYS (or OPENHIRE_ENCRYPTION_KEYS_FILE) must be set when DEBUG is off"
        )
    _keys_raw = "dev1:" + base64.b64encode(bytes.fromhex(_dev_secret("encryption"))).decode()
OPENHIRE_ENCRYPTION_KEYS: list[tuple[str, bytes]] = []
for _item in _keys_raw.split(","):
    _kid, _sep, _b64 = _item.strip().partition(":")
    try:
        _key = base64.b64decode(_b64, validate=True)
    except ValueError as _exc:
        raise ConfigError(f"encryption key {_kid!r} is not valid base64") from _exc
    if len(_key) != 32 or not _kid:
        raise ConfigError(f"encryption key {_kid!r} must be 'id:base64 of 32 bytes' (AES-256)")
    OPENHIRE_ENCRYPTION_KEYS.append((_kid, _key))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
OPENHIRE_BASE_URL = (env_str("OPENHIRE_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "openhire.core.admin_site.OpenhireAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "openhire.core",
    "openhire.accounts",
    "openhire.audit",
    "openhire.jobs",
    "openhire.candidates",
    "openhire.screening",
    "openhire.interviews",
    "openhire.evaluations",
    "openhire.workflow",
    "openhire.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "openhire.core.middleware.RequestContextMiddleware",
    "openhire.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "openhire.config.urls"
WSGI_APPLICATION = "openhire.config.wsgi.application"
ASGI_APPLICATION = "openhire.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openhire.core.context_processors.shell",
            ],
        },
    }
]


def _database_from_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme in {"sqlite", "sqlite3"}:
        name = unquote(parsed.path[1:] if parsed.path.startswith("//") else parsed.path) or str(
            DATA_DIR / "openhire.sqlite3"
        )
        if parsed.netloc:
            name = unquote(parsed.netloc + parsed.path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            # a connection per thread kept across requests: opening one (and its PRAGMAs) cost more
            # CPU than a whole candidate status poll
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")}
            if env_bool("OPENHIRE_SQLITE_FILE_TESTS")
            else {},
        }
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")) or "openhire",
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ConfigError(
        f"DATABASE_URL scheme {parsed.scheme!r} is not supported (use sqlite:/// or postgres://)"
    )


DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'openhire.sqlite3'}"
DATABASES = {"default": _database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["openhire.accounts.backends.OrganisationUserBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
OPENHIRE_LOGIN_MAX_FAILURES = env_int("OPENHIRE_LOGIN_MAX_FAILURES", 5)
OPENHIRE_LOGIN_LOCKOUT_MINUTES = env_int("OPENHIRE_LOGIN_LOCKOUT_MINUTES", 15)
OTP_TOTP_ISSUER = "openhire"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SECURE_PROXY_SSL") else None
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE") or "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
OPENHIRE_MEDIA_BACKEND = env_str("OPENHIRE_MEDIA_BACKEND") or "local"  # local | s3
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "openhire.core.storage.EncryptedStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
if OPENHIRE_MEDIA_BACKEND == "s3":
    AWS_STORAGE_BUCKET_NAME = env_str("S3_BUCKET")
    AWS_S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL")
    AWS_S3_REGION_NAME = env_str("S3_REGION")
    AWS_ACCESS_KEY_ID = env_str("S3_ACCESS_KEY_ID")
    AWS_SECRET_ACCESS_KEY = env_str("S3_SECRET_ACCESS_KEY")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
OPENHIRE_MAX_UPLOAD_BYTES = env_int("OPENHIRE_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# Screening adds sentence-embedding similarity (the packaged USE multilingual model) when on: about
# 70 ms of CPU a resume, so it is off by default (bench/resume_ingest.py, docs/benchmarks-resume.md).
OPENHIRE_SCREENING_SEMANTIC = env_bool("OPENHIRE_SCREENING_SEMANTIC", False)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background tasks: the database backend by default, RQ on Redis when OPENHIRE_TASK_BACKEND=rq.
REDIS_URL = env_str("REDIS_URL") or "redis://127.0.0.1:6379/0"
OPENHIRE_TASK_BACKEND = env_str("OPENHIRE_TASK_BACKEND") or "database"
TASK_QUEUES = ["default", "media", "reports"]
if OPENHIRE_TASK_BACKEND == "rq":
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": TASK_QUEUES}}
elif OPENHIRE_TASK_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}}
elif OPENHIRE_TASK_BACKEND == "immediate":
    TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES}
    }
else:
    raise ConfigError("OPENHIRE_TASK_BACKEND must be database, rq or immediate")
RQ_QUEUES = {name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600} for name in TASK_QUEUES}
OPENHIRE_WORKER_HEARTBEAT_SECONDS = env_int("OPENHIRE_WORKER_HEARTBEAT_SECONDS", 10)

EMAIL_BACKEND = env_str("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST") or "127.0.0.1"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "openhire <noreply@localhost>"

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

os.makedirs(STATIC_ROOT, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
