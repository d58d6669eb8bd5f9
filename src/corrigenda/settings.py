"""Django settings: the one place that reads the environment.

Every variable is listed in the README's configuration table; keep the two in step.
"""

import logging
import os
import secrets
import stat
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _private_dir(path: Path) -> None:
    """Make the folder its owner's alone (0700), creating it if needed: the data dir holds
    the database, the secret key and the cache. A shared folder such as /tmp (sticky bit)
    or one of another user is left as it is."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    status = path.stat()
    if status.st_mode & 0o077 and not status.st_mode & stat.S_ISVTX:
        if status.st_uid != os.getuid():
            return
        path.chmod(0o700)
        # Logging is not set up yet while settings load: this reaches stderr all the same.
        logging.getLogger("corrigenda").warning(
            "The data directory %s was readable by others (mode %o); made it 0700.",
            path,
            stat.S_IMODE(status.st_mode),
        )


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CORRIGENDA_DATA_DIR", "var")).resolve()
_private_dir(DATA_DIR)


def _secret_key() -> str:
    given = os.environ.get("CORRIGENDA_SECRET_KEY")
    if given:
        return given
    # Generated once and kept, so sessions survive restarts without a key in the repo.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("CORRIGENDA_DEBUG")
ALLOWED_HOSTS = _env_list("CORRIGENDA_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
PUBLIC_URL = os.environ.get("CORRIGENDA_PUBLIC_URL", "").rstrip("/")
CSRF_TRUSTED_ORIGINS = [PUBLIC_URL] if PUBLIC_URL else []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "axes",
    "corrigenda.reports",
    "corrigenda.corrections",
    "corrigenda.desk",
    "corrigenda.public",
    "corrigenda.readers",
    "corrigenda.schedule",
    "corrigenda.notify",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: the widget's files, loaded by every article page view, go without them.
    "csp.middleware.CSPMiddleware",
    "corrigenda.headers.PermissionsPolicyMiddleware",
    "corrigenda.refusals.NulCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The desk in its user's language (a cookie set from their settings), else the
    # browser's; public pages switch to their site's language (corrigenda/languages.py).
    "corrigenda.languages.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "corrigenda.api.middleware.PublicSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out log-in into the page saying so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "corrigenda.urls"
WSGI_APPLICATION = "corrigenda.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "corrigenda.desk.context_processors.desk_sites",
            ],
            # Every template translates and formats dates the same way without a {% load %}.
            "builtins": [
                "django.templatetags.i18n",
                "django.contrib.humanize.templatetags.humanize",
                "corrigenda.languages",
                "corrigenda.public.templatetags.dates",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'corrigenda.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# FULL syncs the write-ahead log to disk at every commit, so a report the server answered
# 201 survives a power cut; NORMAL syncs only at checkpoints: faster, and safe against a
# killed process, but the last commits before a power cut or OS crash may be lost.
SQLITE_SYNCHRONOUS = os.environ.get("CORRIGENDA_SQLITE_SYNCHRONOUS", "full").strip().upper()
if SQLITE_SYNCHRONOUS not in {"FULL", "NORMAL"}:
    raise ValueError(
        f"CORRIGENDA_SQLITE_SYNCHRONOUS must be full or normal, not {SQLITE_SYNCHRONOUS.lower()!r}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's SQLite backend, with writers queueing on a file lock (corrigenda/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "corrigenda.sqlite"
    # Connections are kept (conn_max_age above) as for PostgreSQL: opening one per request,
    # with its PRAGMAs, and closing it, which checkpoints the WAL, cost milliseconds each.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer commits; a writer takes the lock at BEGIN
        # so concurrent requests queue up instead of failing with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous={SQLITE_SYNCHRONOUS}; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
    # Tests run in memory, one database per test process (pytest-xdist gives each worker
    # its own); named, so that test runners do not derive a file name from ours.
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # A cache on disk is shared by every server process on this machine, so rate limits
    # hold across gunicorn workers without any extra service.
    CACHES = {
        "default": {
            "BACKEND": "corrigenda.cache.PersistentDiskCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "SHARDS": 4,
            "DATABASE_TIMEOUT": 1.0,
        }
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Tasks `corrigenda worker` queues on its own: (dotted path of the task, interval in seconds).
PERIODIC_TASKS = [
    # Reporters' email addresses past their site's retention period (Site.retention_days).
    ("corrigenda.readers.tasks.forget_expired_emails", 3600),
    # Editors' daily digests; each is sent once a day however often this runs.
    ("corrigenda.notify.tasks.send_daily_digests", 3600),
    # Emails and webhook calls a killed worker left half-done.
    ("corrigenda.notify.tasks.resume_stalled_deliveries", 600),
    # Edits of published articles past their grace for a correction (Site.uncorrected_change_grace).
    ("corrigenda.reports.tasks.open_due_uncorrected_changes", 300),
]


def _email_settings(url: str) -> dict[str, object]:
    """Django's email settings from EMAIL_URL: `smtp://user:password@host:587?tls=1`
    (STARTTLS), `smtps://…` (TLS from the start), or `console:` (print instead of send)."""
    parts = urlsplit(url)
    if parts.scheme in ("", "console"):
        parts = urlsplit("smtp://localhost")
        backend = "django.core.mail.backends.console.EmailBackend"
    elif parts.scheme in ("smtp", "smtps"):
        backend = "django.core.mail.backends.smtp.EmailBackend"
    else:
        raise ValueError(f"EMAIL_URL must start with smtp://, smtps:// or console:, not {url!r}")
    query = parse_qs(parts.query)
    ssl = parts.scheme == "smtps"
    return {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if ssl else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": ssl,
        "EMAIL_USE_TLS": not ssl and query.get("tls", ["0"])[0].lower() in {"1", "true", "yes"},
    }


# Unset, emails are printed to the log: the desk works before a mail server is set up.
_EMAIL = _email_settings(os.environ.get("EMAIL_URL", ""))
EMAIL_BACKEND = _EMAIL["EMAIL_BACKEND"]
EMAIL_HOST = _EMAIL["EMAIL_HOST"]
EMAIL_PORT = _EMAIL["EMAIL_PORT"]
EMAIL_HOST_USER = _EMAIL["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _EMAIL["EMAIL_HOST_PASSWORD"]
EMAIL_USE_SSL = _EMAIL["EMAIL_USE_SSL"]
EMAIL_USE_TLS = _EMAIL["EMAIL_USE_TLS"]
# Kept short: a stuck mail server must not hold a worker; failed sends are retried.
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Corrigenda <corrigenda@localhost>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Log-in throttling (django-axes): the backend refuses a locked-out username and address
# before the password is checked, so the right password does not help until the lock ends.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Ten failures of one username from one address lock that pair out for 15 minutes, counted
# from the last failure (axes' recommendation: an attacker cannot lock an editor out from
# everywhere). `corrigenda manage axes_reset_username USER` unlocks at once.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "corrigenda.clients.client_address"
AXES_LOCKOUT_CALLABLE = "corrigenda.desk.views.login_locked_out"
# Failed attempts only: successful log-ins are not kept with their address.
AXES_DISABLE_ACCESS_LOG = True
LOGIN_URL = "desk:login"
LOGIN_REDIRECT_URL = "desk:queue"
LOGOUT_REDIRECT_URL = "desk:login"

LANGUAGE_CODE = "en"
# The widget's five languages; each named in itself, as the desk's picker shows them.
LANGUAGES = [
    ("en", "English"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("de", "Deutsch"),
    ("fr", "Français"),
]
# One catalog for the whole package (not one per app): the desk, the public pages and the
# emails share their words ("correction", "issue"), so each is translated once.
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# The editor's language (languages.remember_language): kept a year, like their choice.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Our date formats win over Django's: English writes "2 December 2026" (corrigenda/formats/).
FORMAT_MODULE_PATH = ["corrigenda.formats"]
TIME_ZONE = os.environ.get("CORRIGENDA_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# The widget and desk assets live in the package, not in one of its apps.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # whitenoise's gzipped copies, of the widget's scripts minified first (staticfiles.py).
    "staticfiles": {"BACKEND": "corrigenda.staticfiles.MinifiedStaticFilesStorage"},
}
# The widget is embedded on other origins; let them load it.
WHITENOISE_ALLOW_ALL_ORIGINS = True
WHITENOISE_MAX_AGE = 3600

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _env_bool("CORRIGENDA_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Pages run only the desk's own files: no inline script or style, no plugins, no framing,
# forms post only here (django-csp; README, "Security headers").
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page of the desk uses (corrigenda.headers.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()"
)
SECURE_REFERRER_POLICY = "same-origin"
# With HTTPS cookies the desk is HTTPS only: browsers remember that for a year. Django sends
# it on HTTPS requests (behind a proxy: gunicorn trusts X-Forwarded-Proto from 127.0.0.1).
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if SESSION_COOKIE_SECURE else 0

# Public ingest: one request body, and how many reports one client may send to one site.
REPORT_MAX_BODY_BYTES = 64 * 1024
# A gzip body inflated: room for the longest article text the API takes, in any script.
REPORT_MAX_TEXT_BYTES = 1024 * 1024
REPORT_RATE_LIMIT = os.environ.get("CORRIGENDA_REPORT_RATE_LIMIT", "30/h")
# Ceilings however many clients send: a botnet cannot flood one site or one article.
SITE_REPORT_RATE_LIMIT = os.environ.get("CORRIGENDA_SITE_REPORT_RATE_LIMIT", "1000/h")
ARTICLE_REPORT_RATE_LIMIT = os.environ.get("CORRIGENDA_ARTICLE_REPORT_RATE_LIMIT", "100/h")
# Reverse proxies in front of the server that append the client's address to
# X-Forwarded-For (corrigenda.clients); 0 reads the peer's address only.
TRUSTED_PROXIES = int(os.environ.get("CORRIGENDA_TRUSTED_PROXIES", "0") or 0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Webhooks are posted to public addresses only; these host names may be internal ones.
WEBHOOK_ALLOWED_HOSTS = [
    host.strip("[]").lower() for host in _env_list("CORRIGENDA_WEBHOOK_ALLOWED_HOSTS", "")
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CORRIGENDA_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Failed log-ins and lock-outs are warnings; every successful log-in is not news.
        "axes": {"level": "WARNING"},
    },
}
