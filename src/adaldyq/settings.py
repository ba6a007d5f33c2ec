"""Django settings, read from the environment with working development defaults.

Every knob is an environment variable so that a deployment never edits this file:
- DATABASE_URL          database (default: SQLite file ./var/adaldyq.sqlite3)
- ADALDYQ_VAR_DIR       where local state lives (default: ./var)
- ADALDYQ_DEBUG         "1" for development (error pages, the development key and
                        localhost names allowed, plain HTTP); default off = production
- ADALDYQ_SECRET_KEY    required in production; start-up fails without it
- ADALDYQ_ALLOWED_HOSTS comma-separated; required in production (development: localhost names)
- ADALDYQ_HTTPS         "0" only to serve production over plain HTTP on loopback
                        (benchmarks); default on in production: HTTPS redirect, HSTS,
                        Secure cookies (`adaldyq check --deploy` then warns)
- ADALDYQ_S3_BUCKET     documents in an S3-compatible bucket (with ADALDYQ_S3_ENDPOINT_URL,
                        _REGION, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY, _PREFIX); default:
                        the folder ADALDYQ_MEDIA_ROOT (default <ADALDYQ_VAR_DIR>/media),
                        which several application servers must then share
- ADALDYQ_REDIS_URL     the shared cache in Redis (default: a table in the database)
- ADALDYQ_TEST_DB_NAME  name of the throw-away PostgreSQL test database
- ADALDYQ_SCREENING_RETENTION_DAYS  how long screened names are kept (default 30)
- ADALDYQ_SCREEN_DAILY_QUOTA  names an API token may screen per Asia/Almaty day, unless the
  token has its own (`tokens issue --daily-names N`); default 10000
- ADALDYQ_SCREEN_ENUMERATION_THRESHOLD  distinct birth dates or IINs asked with one name by
  one token in one day that raise an enumeration flag (default 5)
- ADALDYQ_RATE_LIMIT_SEARCH / _PAGES / _EXPORTS / _LOG  per-address limits on the public site
  (defaults 300/m, 900/m, 30/h, 12000/m; "off" lifts one), see core/ratelimits.py
- ADALDYQ_TRUSTED_PROXIES  how many reverse proxies in front add X-Forwarded-For (default 0)
- ADALDYQ_PG_SERVER_BINDING  1 (default): PostgreSQL binds parameters and psycopg prepares
  repeated statements; 0 behind a pooler that cannot keep prepared statements
- ADALDYQ_PUBLIC_MAX_AGE  seconds a shared cache may keep a public page (default 60)
- ADALDYQ_LOG_KEY_DIR, ADALDYQ_LOG_ORIGIN, ADALDYQ_LOG_WITNESSES  the transparency log
  (see adaldyq/transparency/settings.py)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from adaldyq.core import deployment

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ADALDYQ_VAR_DIR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("ADALDYQ_DEBUG", "") == "1"
_hosts = os.environ.get("ADALDYQ_ALLOWED_HOSTS", "") or deployment.DEV_ALLOWED_HOSTS
# Production (debug off) refuses to start with the published key or default hosts.
_unsafe = deployment.unsafe_settings(debug=DEBUG, secret_key=os.environ.get("ADALDYQ_SECRET_KEY", ""),
                                     allowed_hosts=_hosts)
if _unsafe:
    raise ImproperlyConfigured("Adaldyq will not start in production (ADALDYQ_DEBUG is off) with these "
                               "settings:\n- " + "\n- ".join(_unsafe))
SECRET_KEY = os.environ.get("ADALDYQ_SECRET_KEY", "") or deployment.DEV_SECRET_KEY
ALLOWED_HOSTS = [h.strip() for h in _hosts.split(",") if h.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "ninja",
    "adaldyq.core",
    "adaldyq.register",
    "adaldyq.screening",
    "adaldyq.recovery",
    "adaldyq.procurement",
    "adaldyq.risks",
    "adaldyq.cooperation",
    "adaldyq.transparency",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "adaldyq.core.api_errors.ApiJsonErrors",
    # Above the session, CSRF and conditional-GET middleware: it sees the cookies they
    # set and gives a 304 the same Cache-Control (core/caching.py).
    "adaldyq.core.caching.CachePolicyMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "adaldyq.core.middleware.QueryLanguageMiddleware",
    "adaldyq.core.ratelimits.PublicRateLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns locked-out log-ins into a 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "adaldyq.urls"
WSGI_APPLICATION = "adaldyq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "adaldyq.core.context.site",
            ],
            # The one formatting layer and the three-language content filters, in every template.
            "builtins": ["adaldyq.core.templatetags.formatting", "adaldyq.core.templatetags.multilingual"],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'adaldyq.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers run during a write; IMMEDIATE makes writers queue instead of
    # failing with "database is locked" half-way through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Kept open between requests like PostgreSQL's: opening a file and running the
    # PRAGMAs above cost more than a whole cached search (about 1.5 ms per request).
if DATABASES["default"]["ENGINE"].endswith("postgresql") and os.environ.get("ADALDYQ_PG_SERVER_BINDING", "1") == "1":
    # Parameters bound by the server let psycopg prepare the statements a connection
    # repeats (every public request runs the same dozen): PostgreSQL then plans each
    # once per connection instead of once per request.
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("ADALDYQ_TEST_DB_NAME", "test_adaldyq")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every application server (docs/deployment.md); nothing lives in one process.
# The one exception, `hints`, holds only what steers how a query runs and never what it
# answers (register/search_index.py: how common a name word is), so a process that
# remembers an old value answers the same, at most a little slower.
CACHES = {"default": deployment.cache(os.environ),
          "hints": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hints",
                    "TIMEOUT": 600, "OPTIONS": {"MAX_ENTRIES": 50_000}}}

# Per-address limits on the public site (core/ratelimits.py). Generous: many citizens
# can share one address behind a mobile operator's NAT. "off" or "" lifts a limit.
ADALDYQ_RATE_LIMITS = {
    bucket: value if (value := os.environ.get(f"ADALDYQ_RATE_LIMIT_{bucket.upper()}", default).strip()) != "off" else ""
    for bucket, default in (("search", "300/m"), ("pages", "900/m"), ("exports", "30/h"),
                             ("log", "12000/m"))
}
ADALDYQ_TRUSTED_PROXIES = int(os.environ.get("ADALDYQ_TRUSTED_PROXIES", "0"))
# How long a shared cache (reverse proxy, CDN) may serve a public page without asking.
ADALDYQ_PUBLIC_MAX_AGE = int(os.environ.get("ADALDYQ_PUBLIC_MAX_AGE", "60"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Failed log-ins: five tries per user name and address, or twenty over any user names
# from one address (password spraying), then a 15-minute lock (core/lockout.py).
ADALDYQ_LOGIN_FAILURE_LIMIT = int(os.environ.get("ADALDYQ_LOGIN_FAILURE_LIMIT", "5"))
ADALDYQ_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("ADALDYQ_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_FAILURE_LIMIT = "adaldyq.core.lockout.failure_limit"
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Django's own date and number formats agree with adaldyq.core.formatting (see there).
FORMAT_MODULE_PATH = ["adaldyq.core.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Static files are served from the apps by WhiteNoise, no collectstatic step needed;
# set ADALDYQ_STATIC_ROOT to collect them for a front web server instead.
STATIC_ROOT = os.environ.get("ADALDYQ_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
# Uploaded documents go through the storage API only (docs/deployment.md), never a
# public URL: views stream them as attachments (core/documents.py).
MEDIA_ROOT = Path(os.environ.get("ADALDYQ_MEDIA_ROOT", VAR_DIR / "media")).resolve()
STORAGES = {
    "default": deployment.document_storage(os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "adaldyq.core.errors.csrf_failure"  # the site's 403 page, in the reader's language
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Production is HTTPS only. Behind a TLS proxy on the same host, gunicorn trusts its
# X-Forwarded-Proto (FORWARDED_ALLOW_IPS for a proxy elsewhere).
_HTTPS = not DEBUG and os.environ.get("ADALDYQ_HTTPS", "1") != "0"
SECURE_SSL_REDIRECT = _HTTPS
SECURE_REDIRECT_EXEMPT = [r"^health$"]  # the load balancer's probe speaks plain HTTP
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = _HTTPS
# Pages run only our own scripts and styles (none inline); uploaded documents get a
# stricter policy of their own (core/documents.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

EMAIL_BACKEND = os.environ.get("ADALDYQ_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("ADALDYQ_FROM_EMAIL", "noreply@adaldyq.localhost")

DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Demo loaders run in this order by `adaldyq demo`; each app adds its own.
ADALDYQ_DEMO_LOADERS = [
    "adaldyq.register.demo.load",
    "adaldyq.screening.demo.load",
    "adaldyq.recovery.demo.load",
    "adaldyq.procurement.demo.load",
    "adaldyq.risks.demo.load",
    "adaldyq.cooperation.demo.load",
    "adaldyq.transparency.demo.load",  # last: signs a checkpoint over everything above
]
# Streams with public content go into the transparency log; each names the module that
# says which fields of its events are public and which are personal (adaldyq.transparency.streams).
ADALDYQ_LOG_STREAMS = {
    "register": "adaldyq.register.transparency",
    "recovery": "adaldyq.transparency.streams",
    "fund": "adaldyq.transparency.streams",
    "risks": "adaldyq.transparency.streams",
}
ADALDYQ_SCREENING_RETENTION_DAYS = int(os.environ.get("ADALDYQ_SCREENING_RETENTION_DAYS", "30"))
# Names per token per Asia/Almaty day on the screening APIs (screening/quotas.py), and
# what raises an enumeration flag (screening/enumeration.py). docs/SECURITY.md says why.
ADALDYQ_SCREEN_DAILY_QUOTA = int(os.environ.get("ADALDYQ_SCREEN_DAILY_QUOTA", "10000"))
ADALDYQ_SCREEN_ENUMERATION_THRESHOLD = int(os.environ.get("ADALDYQ_SCREEN_ENUMERATION_THRESHOLD", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ADALDYQ_LOG_LEVEL", "WARNING")},
}
