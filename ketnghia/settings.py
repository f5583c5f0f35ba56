"""Settings for the Kết nghĩa portal.

Everything that differs between machines comes from the environment (django-environ).
The defaults are for a newcomer's machine: DEBUG on, SQLite in the project folder.
"""

import datetime
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "django-insecure-dev-only-key-for-ketnghia-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "axes",
    "common",
    "jobs",
    "notifications",
    "partnerships",
    "inspections",
    "reports",
    "portal",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served by the portal (no CDN)
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Vietnamese unless chosen otherwise with the switch (not the browser's language).
    "common.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.middleware.IdleTimeoutMiddleware",
    "common.middleware.NoStoreForSignedInMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it turns axes' lockout flag into the lockout page after the login view ran.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ketnghia.urls"

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
                "common.context_processors.idle_session",
                "portal.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "ketnghia.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # work_mem: the dashboards' grouped aggregates sort tens of thousands of summary rows; at
    # PostgreSQL's default 4 MB the by-district sort spilled to disk. random_page_cost: the
    # default 4 assumes spinning disks; the portal's tables fit in memory or on SSD, and at 4 the
    # list's quarterly figures scanned the whole summary heap instead of its covering (year,
    # quarter) index (37 → 12 ms, a cold coordinator list 15–25 ms faster at 1 M activities).
    # Both measured in docs/performance.md.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c work_mem={env('POSTGRES_WORK_MEM', default='16MB')}"
                   f" -c random_page_cost={env('POSTGRES_RANDOM_PAGE_COST', default='1.1')}")
    # Statements run through common.db.prepared_cursor() (the user's roles, the data version:
    # every signed-in request) are prepared after this many uses on a connection and planned once;
    # the ORM's queries are never prepared (client-side binding). Empty turns it off, as a pooler
    # in transaction mode (PgBouncer without prepared statements) needs.
    _PREPARE_AFTER = env("POSTGRES_PREPARE_THRESHOLD", default="5")
    DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", int(_PREPARE_AFTER) if _PREPARE_AFTER else None)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cached dashboard figures (partnerships/selectors/cache.py): local memory per process by default;
# in production one Redis for all workers, e.g. CACHE_URL=redis://127.0.0.1:6379/1.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://ketnghia")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "common.cache.RedisCache"  # one redis-py client per pool, not per call
# Sessions: with a shared cache (CACHE_URL) read from it and written through to the database,
# which stays their source (a flushed cache loses none); without one, from the database: a
# process's local memory would keep a session another worker has since ended.
_SHARED_CACHE = not CACHES["default"]["BACKEND"].endswith((".LocMemCache", ".DummyCache"))
# The layout's fragments (templates/base.html's {% cache %}: menu, links, labels): the same for
# everybody of a language and a menu, never data, so each process keeps them in its own memory
# for as long as it runs; a Redis read would cost what rendering them does.
CACHES["template_fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                "LOCATION": "ketnghia-layout"}
SESSION_ENGINE = "django.contrib.sessions.backends." + ("cached_db" if _SHARED_CACHE else "db")

AUTH_USER_MODEL = "partnerships.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out (user, IP) before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the permissions in the query that reads the roles.
    "partnerships.access.backends.RolesModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["ketnghia.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Front-end packages installed from the npm registry (pinned in package-lock.json);
    # served by the portal itself, never from a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]

# Uploaded files (agreements, evidence) are private: there is deliberately no public MEDIA_URL
# route; they are served only through views that apply the same scoping as the records.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media-private/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# Largest evidence file (photo, PDF, Office document) an officer may attach to an activity.
ATTACHMENT_MAX_SIZE = env.int("ATTACHMENT_MAX_SIZE", default=10 * 1024 * 1024)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

# Mail (password reset links): EMAIL_URL, e.g. smtp+tls://user:pass@mail.quangnam.gov.vn:587;
# development prints mail on the console.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
if env.str("EMAIL_BACKEND", default=""):
    EMAIL_BACKEND = env.str("EMAIL_BACKEND")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cổng kết nghĩa Quảng Nam <no-reply@localhost>")
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 3600)

# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user from one IP,
# that pair waits AXES_COOLOFF_MINUTES; an administrator can unlock earlier (admin: Access attempts).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "common.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Sessions: they end when the browser closes, unless "remember me" was ticked at login
# (then they last REMEMBER_ME_DAYS); either way an idle session ends after SESSION_IDLE_MINUTES.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
REMEMBER_ME_DAYS = env.int("REMEMBER_ME_DAYS", default=14)
SESSION_COOKIE_AGE = REMEMBER_ME_DAYS * 24 * 3600
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
# The page warns this many minutes before the idle limit, with a button that keeps the session.
SESSION_IDLE_WARNING_MINUTES = env.int("SESSION_IDLE_WARNING_MINUTES", default=2)

# The portal's address as people reach it, for the links in e-mails.
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000")


# Content-Security-Policy (django-csp): scripts only from the portal itself, no inline script or
# handler anywhere (tests/test_security.py scans every template). Style attributes stay allowed: the
# progress bars' widths are data.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Production hardening, switched on by the environment rather than by code branches.
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
BEHIND_HTTPS_PROXY = env.bool("BEHIND_HTTPS_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_HTTPS_PROXY else None
# Behind the HTTPS proxy: plain HTTP is redirected and browsers are told to use HTTPS only (HSTS).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=BEHIND_HTTPS_PROXY)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if BEHIND_HTTPS_PROXY else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=BEHIND_HTTPS_PROXY)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=BEHIND_HTTPS_PROXY)
SECURE_REFERRER_POLICY = "same-origin"

IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = False
IMPORT_EXPORT_USE_TRANSACTIONS = True

# Background jobs (django-tasks). "database" is the embedded default: `manage.py run_worker` (started
# by `make run` next to the web server) takes jobs from a table, with nothing else installed.
# "rq" puts them on Redis (REDIS_URL) for production workers; see README "Production".
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env.str("TASKS_BACKEND", default="database")
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_TASK_BACKENDS)}.")
JOBS_QUEUE = env.str("JOBS_QUEUE", default="default")
REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/0")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": [JOBS_QUEUE]}}
# RQ stops a job after DEFAULT_TIMEOUT seconds; the province's whole export takes minutes.
RQ_SHOW_ADMIN_LINK = False  # django-rq's dashboard: not for the portal's administrators
RQ_QUEUES = {JOBS_QUEUE: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env.int("JOBS_TIMEOUT", default=3600)}}
# Lists longer than this are exported in the background (a job), never inside the request.
EXPORT_INLINE_MAX = env.int("EXPORT_INLINE_MAX", default=5000)
# An officers' import of more rows than this is written by a background job after its preview.
IMPORT_INLINE_MAX = env.int("IMPORT_INLINE_MAX", default=500)
# Finished files stay in "Tệp của tôi" this long (seconds), then `prune_jobs` deletes them.
JOBS_FILE_TTL = env.int("JOBS_FILE_TTL", default=7 * 24 * 3600)
# A running job that has not reported progress for this long lost its worker (seconds).
JOBS_STALLED_AFTER = env.int("JOBS_STALLED_AFTER", default=600)

# Issuing body named on the annual report and its number prefix.
REPORT_ISSUER = env.str("REPORT_ISSUER", default="BAN CÁN SỰ ĐẢNG UBND TỈNH")
REPORT_PARENT_BODY = env.str("REPORT_PARENT_BODY", default="TỈNH ỦY QUẢNG NAM")
REPORT_PLACE = env.str("REPORT_PLACE", default="Quảng Nam")
REPORT_SIGNER = env.str("REPORT_SIGNER", default="")  # the signatory's name; blank: a dotted line to fill in

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# django-simple-history: no "revert" from the admin's history pages, which would write a row
# past the services (their checks, the year lock, the audit trail).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Read API (api/, docs/api.md): personal tokens or the session, JSON only, scoped like the pages.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "api.permissions.HasPortalRole"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["api.filters.ScopedFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/minute")  # per token (per user for the session)
API_THROTTLE_CACHE = env.str("API_THROTTLE_CACHE", default="default")
SPECTACULAR_SETTINGS = {
    "TITLE": "API đọc dữ liệu kết nghĩa – tỉnh Quảng Nam",
    "DESCRIPTION": "Chỉ đọc. Mỗi khóa API đọc đúng phạm vi của người tạo khóa. Xem docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ActivityStatusEnum": "partnerships.models.ActivityStatus",
        "PartnershipStatusEnum": "partnerships.models.PartnershipStatus",
    },
}
