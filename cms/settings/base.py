"""Settings shared by every environment. Configuration comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from search.config import search_backends

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # After wagtail.documents and wagtail.admin: workflows replaces the file
    # permission policy and the workflow e-mail receivers in its ready().
    "policies",
    "workflows",
    "search",
    "api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "webhooks",
    "reversion",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: /healthz answers before host checks, redirects and sessions.
    "cms.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An intranet library: anonymous visitors see nothing but the login page.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "cms.middleware.PrivateResponsesMiddleware",
    "cms.middleware.ClearErrorsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cms.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with its own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue
    # instead of failing with "database is locked" when one upgrades its read lock.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured(
        "DATABASE_URL must name a SQLite or PostgreSQL database."
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out user or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the person's time zone with them (cms/auth.py).
    "cms.auth.ProfileModelBackend",
    # Sessions begun before ProfileModelBackend name Django's own: kept, so that a
    # deploy signs nobody out. New sign-ins use the backend above.
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# user from one address, that pair is locked out for AXES_COOLOFF_MINUTES or until an
# administrator unlocks it (admin: Settings → Locked-out logins). The attempts live in
# the database, so every server process sees them.
# Named, not left to the default: the cache handler would lose every attempt with a
# per-process cache.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0")) or None
# A working day of inactivity ends a session (cms.middleware.SlidingSessionMiddleware
# moves its expiry forward as the user works).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", str(8 * 3600)))

# Content-Security-Policy (django-csp), enforced for the site and the Wagtail admin:
# scripts only from our own origin (the admin also allows inline scripts: see
# cms.middleware.ContentSecurityPolicyMiddleware). Wagtail's admin sets style
# attributes, hence 'unsafe-inline' for styles; images may be data: URIs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Where dispositions that archive put what leaves the library (one zip file each):
# outside MEDIA_ROOT, for the organisation's archive to collect.
# Evidence packs (ZIP files built in the background): outside MEDIA_ROOT, served
# only through /evidence/<id>/download/ to those who may have them.
EVIDENCE_PACKS_ROOT = Path(
    os.environ.get("EVIDENCE_PACKS_ROOT", BASE_DIR / "evidence-packs")
)
# Background work. Wagtail and modelsearch enqueue their own tasks (search index,
# references) on "default", which stays immediate so that they run in the request
# as before. Evidence packs go to "evidence", the database backend, run by
# `manage.py db_worker --backend evidence` (django-tasks-db): one machine needs
# nothing more.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "evidence": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    # Webhook deliveries and their retries: `manage.py db_worker --backend webhooks`.
    "webhooks": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
RECORDS_ARCHIVE_ROOT = Path(
    os.environ.get("RECORDS_ARCHIVE_ROOT", BASE_DIR / "archive")
)
# Years documented information is kept (ISO/IEC 20000-1 7.5.3.2), unless an
# administrator sets a period (Settings > Retention periods). Superseded issues count
# from the day they were superseded, records from the end of the period they cover.
RETENTION_YEARS = {
    "default": 3,
    "document:policy": 6,
    "document:servicemanagementplan": 6,
    "document:agreement": 7,
    "document:externaldocument": 7,
    "record:audit-results": 6,
    "record:management-review-results": 6,
    "record:corrective-actions": 6,
    "record:supplier-disputes": 7,
    "record:competence-evidence": 6,
}
# A record kind counts as kept up when a record of it covers a period ending within
# this many months (the compliance view's "stale").
RECORDS_RECENT_MONTHS = 12
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Several app servers need one store for uploaded files: a shared volume at
    # MEDIA_ROOT, or an S3-compatible bucket (install the `s3` extra). Credentials
    # come from boto3's own environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
    # Files are never public: they are streamed through the views that check who
    # may read them, so no ACL and no overwriting of a sealed file's name.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

# One cache for every server process when REDIS_URL is set: the search cluster's
# retry pause (search.engine.CLUSTER_DOWN_KEY) and the guidance vocabulary
# (forgotten on every guidance save) must be the same in all of them. Without it
# each process keeps its own, which is right for one process and harmless for a
# few. Login throttling does not depend on it: django-axes counts in the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "itsms"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The REST API (/api/v1/, api/): JSON only, every request authenticated (an API
# token, or the site's session for its own pages), throttled per token or user.
REST_FRAMEWORK = {
    # The token first: its WWW-Authenticate makes a request without credentials
    # answer 401, and a request carrying a token is never taken for the session.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Per token (per user for a session); see api/throttling.py and the README.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api": os.environ.get("API_RATE", "600/minute"),
        "api-write": os.environ.get("API_WRITE_RATE", "60/minute"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ITSMS document library API",
    "DESCRIPTION": "Controlled documents, their issues and signatures, the register, "
    "clause coverage, guidance, search and acknowledgements, with the same access "
    'rules as the site. See the README\'s "REST API" section.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema.only_this_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.enumerate_choices",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DocumentStatusEnum": ["Current", "Draft", "Withdrawn"],
        "IssueStatusEnum": ["Current", "Superseded", "Withdrawn", "Disposed of"],
        "RegisterStatusEnum": "workflows.register_query.STATUSES",
    },
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "itsms@localhost")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "ITSMS document library")
# No avatar is fetched from an outside service (Gravatar) for any user.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin speaks the product's language (approval, files): locale/en_GB.
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Search: the database backend by default; SEARCH_BACKEND=opensearch or
# elasticsearch with SEARCH_URL uses a cluster (see search/config.py).
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "database")
SEARCH_URL = os.environ.get("SEARCH_URL", "")
WAGTAILSEARCH_BACKENDS = search_backends(
    SEARCH_BACKEND,
    SEARCH_URL,
    index_prefix=os.environ.get("SEARCH_INDEX_PREFIX", "itsms_"),
)
# Wagtail's own document app stores the files of external documents; it is served
# under /files/ because /documents/ is our permalink namespace.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# The largest Word file an owner may import into a draft (policies.word_import).
WORD_IMPORT_MAX_BYTES = int(
    os.environ.get("WORD_IMPORT_MAX_BYTES", str(20 * 1024 * 1024))
)
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": [
                "h3",
                "h4",
                "bold",
                "italic",
                "ol",
                "ul",
                "link",
                "document-link",
            ]
        },
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The final approval of a document issues it (publish + immutable issue record).
WAGTAIL_FINISH_WORKFLOW_ACTION = "workflows.finish.finish_workflow"
