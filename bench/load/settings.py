"""The load test's server: the production settings, as scripts/serve runs them,
with the two changes plain HTTP on loopback needs (bench/load/run sets the
environment production.py asks for). Cookies marked Secure would never be sent
back over http://127.0.0.1, so every request would be anonymous."""

from cms.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
