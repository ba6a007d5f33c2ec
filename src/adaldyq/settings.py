"""Django settings, read from the environment with working development defaults.

Every knob is an environment variable so that a deployment never edits this file:
- DATABASE_URL          database (default: SQLite file ./var/adaldyq.sqlite3)
- ADALDYQ_VAR_DIR       where local state lives (default: ./var)
- ADALDYQ_SECRET_KEY    required when ADALDYQ_DEBUG is off
- ADALDYQ_DEBUG         "1" for development error pages (default off)
- ADALDYQ_ALLOWED_HOSTS comma-separated (default: localhost names)
- ADALDYQ_TEST_DB_NAME  name of the throw-away PostgreSQL test database
- ADALDYQ_SCREENING_RETENTION_DAYS  how long screened names are kept (default 30)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("ADALDYQ_VAR_DIR", Path.cwd() / "var")).resolve()

DEBUG = os.environ.get("ADALDYQ_DEBUG", "") == "1"
_DEV_KEY = "adaldyq-development-key-not-for-production"  # noqa: S105 - development default only
SECRET_KEY = os.environ.get("ADALDYQ_SECRET_KEY", _DEV_KEY)
ALLOWED_HOSTS = os.environ.get("ADALDYQ_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",
    "adaldyq.core",
    "adaldyq.register",
    "adaldyq.screening",
    "adaldyq.recovery",
    "adaldyq.procurement",
    "adaldyq.risks",
    "adaldyq.cooperation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "adaldyq.core.middleware.QueryLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("ADALDYQ_TEST_DB_NAME", "test_adaldyq")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Failed log-ins: five tries per user name and address, then a 15-minute lock.
AXES_FAILURE_LIMIT = int(os.environ.get("ADALDYQ_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
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
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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
]
ADALDYQ_SCREENING_RETENTION_DAYS = int(os.environ.get("ADALDYQ_SCREENING_RETENTION_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ADALDYQ_LOG_LEVEL", "WARNING")},
}
