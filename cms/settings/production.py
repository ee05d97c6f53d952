"""Production: refuses to start without a real secret, hardened HTTP settings."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
if len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured(
        "SECRET_KEY must be set in the environment to a random value of at least "
        "50 characters in production."
    )
if "DATABASE_URL" not in os.environ:
    raise ImproperlyConfigured("DATABASE_URL must be set in production.")
if not os.environ.get("WAGTAILADMIN_BASE_URL", "").startswith(("https://", "http://")):
    # Every link in every e-mail starts with it: the loopback default of base.py
    # would send people to their own machines.
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be set in production to the site's address, "
        "e.g. https://itsms.example.com."
    )

# gunicorn's sync workers serve one request at a time each: a worker keeps its
# database connection between requests (checked before reuse) instead of opening
# one per request, which on PostgreSQL costs a new server process every time.
# CONN_MAX_AGE=0 in the environment turns it off.
DATABASES["default"]["CONN_MAX_AGE"] = int(  # noqa: F405
    os.environ.get("CONN_MAX_AGE", "60")
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"

# Deliberate exceptions to `check --deploy`, justified in the README ("Production"):
# Wagtail's preview panel shows our own pages in a frame, so SAMEORIGIN (W019); HSTS
# preload is a one-way commitment for the whole domain, left to the operator (W021).
SILENCED_SYSTEM_CHECKS = ["security.W019"]
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS.append("security.W021")
