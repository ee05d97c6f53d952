"""Tests: fast hashing, outgoing e-mail kept in memory."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-secret-key-only-used-by-the-test-suite"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory: the numbering race test needs two connections to one
    # database. One file per process, so that two test runs do not collide.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get(
            "TEST_DATABASE_NAME",
            str(BASE_DIR / f".pytest-db-{os.getpid()}.sqlite3"),  # noqa: F405
        )
    }

WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
