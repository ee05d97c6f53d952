"""Rate limits per token: each integration has its own allowance, so one busy
script does not lock out its owner's other tokens or their browser session.
Reads (scope "api") and writes (scope "api-write", lower) are counted apart.
Counts live in Django's default cache: with several server processes, that must
be a shared cache (Redis, Memcached, the database) for the limit to hold."""

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken

READ_SCOPE = "api"
WRITE_SCOPE = "api-write"


class ApiRateThrottle(SimpleRateThrottle):
    def __init__(self):
        # The scope, hence the rate, depends on the request: decided in
        # allow_request, not here as SimpleRateThrottle does.
        pass

    def get_rate(self):
        # Read at each request, not once at import as SimpleRateThrottle's
        # THROTTLE_RATES is: changed settings (and tests) take effect.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        self.scope = READ_SCOPE if request.method in SAFE_METHODS else WRITE_SCOPE
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"anon-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
