"""Settings shared by every environment; everything that differs comes from the environment.

The embedded default (no variables set) is SQLite plus Celery on kombu's filesystem transport,
so a fresh machine runs the whole product, worker and beat included, without any server.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "apps.core.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "treebeard",
    "simple_history",
    "django_celery_beat",
    "import_export",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "apps.core",
    "apps.accounts",
    "apps.audit",
    "apps.organizations",
    "apps.congresses",
    "apps.documents",
    "apps.personnel",
    "apps.delegates",
    "apps.reports",
    "apps.worklist",
    "apps.api",
    "apps.notifications",
    "apps.twofactor",
    "apps.attendance",
    "apps.devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "apps.core.request_memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.accounts.middleware.SlidingSessionMiddleware",
    "apps.core.middleware.ChosenLanguageMiddleware",
    "apps.core.middleware.ControlCharacterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "apps.twofactor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "apps.core.middleware.ContentSecurityPolicyMiddleware",
    "apps.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "congress_portal.urls"
WSGI_APPLICATION = "congress_portal.wsgi.application"
ASGI_APPLICATION = "congress_portal.asgi.application"

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
                "apps.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Per-process memory by default; Redis when CACHE_URL is set (production: shared by workers).
# Cached dashboards stay correct either way: their key carries a version kept in the database.
# The cache holds only copies, so a Redis outage makes pages slower, never failing: the backend
# answers misses while Redis is unreachable (apps.core.cache_backends), after at most a 0.5 s wait.
CACHES = {
    "default": (
        {
            "BACKEND": "apps.core.cache_backends.ForgivingRedisCache",
            "LOCATION": os.environ["CACHE_URL"],
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        if os.environ.get("CACHE_URL")
        # the roll-ups of a national tree are about 2,000 entries: locmem's default of 300
        # would cull them (and the versions) as fast as they are made
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        }
    )
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling first
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "worklist:home"
LOGOUT_REDIRECT_URL = "accounts:login"
GUARDIAN_RAISE_403 = True
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous visitors get nothing.

# Vietnamese first; English through gettext. Dates dd/mm/yyyy in both (see congress_portal/formats).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["congress_portal.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Sessions end after 30 minutes without a request and when the browser closes. The clock restarts
# at most once a minute (apps.accounts.middleware.SlidingSessionMiddleware), not with a database
# write on every request. Sessions live in the database only, in every configuration: a session
# read through a per-process cache (cached_db with the memory cache) outlived its logout on the
# other workers, and one read through Redis failed every page while Redis was down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_REFRESH_SECONDS = int(os.environ.get("SESSION_REFRESH_SECONDS", "60"))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Private calendar (ICS) addresses expire this many days after they were shown; their owner can
# also rotate them at any time (apps.congresses.ics).
ICS_TOKEN_MAX_AGE_DAYS = int(os.environ.get("ICS_TOKEN_MAX_AGE_DAYS", "180"))

# Two-factor sign-in (django-otp, TOTP + recovery codes): required for the roles that approve,
# decide, ratify or import, and for staff (apps.twofactor.policy); optional for everyone else.
# Only the embedded demo (settings.dev) may switch the requirement off; prod refuses to.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Cổng Đại hội Đảng"

# Login throttling (django-axes, apps.accounts.throttling): 5 failures for a username from an
# address lock that pair for 15 minutes, and 20 failures from one address over all usernames lock
# the address. The web form and the API token endpoint count together.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "apps.accounts.throttling.AccountAndAddressHandler"
AXES_CLIENT_IP_CALLABLE = "apps.accounts.throttling.client_address"
# The client's address. Default: trust no proxy, use REMOTE_ADDR (X-Forwarded-For is ignored).
# Behind N reverse proxies that each append to X-Forwarded-For (nginx:
# proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for), set TRUSTED_PROXY_COUNT=N; the
# client is then the N-th address from the right. TRUSTED_PROXY_HEADER names another header
# (as a META key, e.g. HTTP_X_REAL_IP with count 1) where a proxy replaces rather than appends.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
TRUSTED_PROXY_HEADER = os.environ.get("TRUSTED_PROXY_HEADER", "HTTP_X_FORWARDED_FOR")
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_LOCKOUT_CALLABLE = "apps.accounts.throttling.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# One form rendering for the whole site: django-crispy-forms with its Bootstrap 5 pack lays out
# labels, radio and checkbox lists (each control beside its own label), help texts and errors
# beside their fields; templates/_form.html is the one place that calls it.
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content-Security-Policy: everything from this site only (vendored CSS, JS and fonts).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'self'; object-src 'none'"
)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "congress-portal@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Celery. Without CELERY_BROKER_URL the embedded filesystem transport is used: a real broker
# (messages are files under var/celery), not eager mode, so worker and beat really run.
CELERY_BROKER_DIR = VAR_DIR / "celery"
# The transport ignores the host; naming one keeps kombu from warning "No hostname was supplied".
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
    }
else:
    # max_retries here bounds the publisher's connecting only; the worker's own reconnecting
    # follows CELERY_BROKER_CONNECTION_MAX_RETRIES (forever).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "max_retries": 1}
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker child still holding more than this (KiB) after a task is replaced by a fresh one:
# the memory of a big report or import goes back to the system whatever the allocator kept.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(
    os.environ.get("CELERY_WORKER_MAX_MEMORY_PER_CHILD", "400000")
)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The worker waits for the broker as long as it takes, at start and after losing it (a Redis
# restart must not leave queued e-mails waiting for someone to restart the worker by hand).
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Publishing from a web request must not hang when the broker is down (the page still answers):
# connecting gives up after 2 s and one retry; the caller logs and a later sweep catches up.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}

# Uploads (draft rounds, comment attachments): size limit in bytes.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


# Bounded parsing (apps.core.tables, apps.core.containers, apps.documents.uploads): what a file
# may cost before it is refused with a message. A national tree is ~13,300 rows.
IMPORT_MAX_BYTES = _env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)  # a CSV or XLSX to import
# An uploaded draft or attachment, per kind; UPLOAD_MAX_BYTES (the request limit) caps them all.
UPLOAD_MAX_BYTES_BY_KIND = {
    ".pdf": _env_int("UPLOAD_MAX_BYTES_PDF", UPLOAD_MAX_BYTES),
    ".docx": _env_int("UPLOAD_MAX_BYTES_DOCX", UPLOAD_MAX_BYTES),
    ".odt": _env_int("UPLOAD_MAX_BYTES_ODT", UPLOAD_MAX_BYTES),
}
IMPORT_MAX_ROWS = _env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_COLUMNS = _env_int("IMPORT_MAX_COLUMNS", 30)
IMPORT_MAX_ERRORS_LISTED = _env_int("IMPORT_MAX_ERRORS_LISTED", 200)
# An organisation file of at least this many bytes (~3,000 rows) is checked and written by a
# Celery job with row progress on a page of its own (apps.organizations.import_jobs); such a
# job may hold up to IMPORT_JOB_MAX_ROWS rows in up to IMPORT_JOB_MAX_BYTES (a national tree
# at 300,000 organisations is ~25 MB of CSV).
IMPORT_JOB_MIN_BYTES = _env_int("IMPORT_JOB_MIN_BYTES", 200 * 1024)
IMPORT_JOB_MAX_BYTES = _env_int("IMPORT_JOB_MAX_BYTES", 64 * 1024 * 1024)
IMPORT_JOB_MAX_ROWS = _env_int("IMPORT_JOB_MAX_ROWS", 400_000)
IMPORT_JOB_SOFT_TIME_LIMIT = _env_int("IMPORT_JOB_SOFT_TIME_LIMIT", 30 * 60)
IMPORT_JOB_TIME_LIMIT = _env_int("IMPORT_JOB_TIME_LIMIT", 31 * 60)
ZIP_MAX_ENTRIES = _env_int("ZIP_MAX_ENTRIES", 2_000)  # DOCX, ODT and XLSX are ZIP containers
ZIP_MAX_TOTAL_BYTES = _env_int("ZIP_MAX_TOTAL_BYTES", 100 * 1024 * 1024)  # uncompressed
ZIP_MAX_ENTRY_BYTES = _env_int("ZIP_MAX_ENTRY_BYTES", 50 * 1024 * 1024)  # uncompressed
ZIP_MAX_RATIO = _env_int("ZIP_MAX_RATIO", 100)  # uncompressed / compressed, entries over 1 MB
EXTRACTED_TEXT_MAX_CHARS = _env_int("EXTRACTED_TEXT_MAX_CHARS", 2_000_000)  # a round's text
DIFF_MAX_LINES = _env_int("DIFF_MAX_LINES", 5_000)  # per side, for the round comparison
DIFF_MAX_CHARS = _env_int("DIFF_MAX_CHARS", 500_000)  # per side
DIFF_MAX_SECONDS = float(os.environ.get("DIFF_MAX_SECONDS", "3"))

# Demo users and organisations are loaded only where this is on (never in production).
DEMO_DATA_ALLOWED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint and fontTools narrate every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Generated PDFs: page margins in mm (top, right, bottom, left), HD 36-HD/VPTW defaults.
REPORT_MARGINS_MM = tuple(
    int(x) for x in os.environ.get("REPORT_MARGINS_MM", "20,15,20,30").split(",")
)
# Progress reports over more congresses than this are made by a Celery job, not in the request.
REPORT_ASYNC_THRESHOLD = int(os.environ.get("REPORT_ASYNC_THRESHOLD", "150"))
# A report made as a job is rendered in pieces of at most this many rows of its detailed
# tables (apps.reports.pieces): memory is bounded by a piece, progress counts pieces.
REPORT_PIECE_ROWS = int(os.environ.get("REPORT_PIECE_ROWS", "400"))
# The job's time limits (Celery, prefork pool): at the soft limit the job is marked failed
# with a message; the hard limit kills the worker child if it does not stop.
REPORT_JOB_SOFT_TIME_LIMIT = int(os.environ.get("REPORT_JOB_SOFT_TIME_LIMIT", "1200"))
REPORT_JOB_TIME_LIMIT = int(os.environ.get("REPORT_JOB_TIME_LIMIT", "1260"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "apps.twofactor.authentication.SecondFactorTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "apps.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_USER_RATE", "5000/hour"),
        # the token endpoint, per client address (apps.api.throttling), besides the login limits
        "token": os.environ.get("API_TOKEN_RATE", "30/minute"),
    },
    "EXCEPTION_HANDLER": "apps.api.errors.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Congress Portal API",
    "DESCRIPTION": "Chuẩn bị đại hội đảng các cấp trong CAND: tổ chức, đại hội, văn kiện, nhân sự.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The shape of the API is no secret; the data behind it needs a login.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI served from our own static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DocumentKindEnum": "apps.congresses.models.DocumentKind",
        "CongressStatusEnum": "apps.congresses.models.CongressStatus",
        "OrganizationKindEnum": "apps.organizations.models.OrganizationKind",
        "CongressKindEnum": "apps.congresses.models.CongressKind",
    },
}
