"""Project-wide HTTP behaviour."""

import logging
import time

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

logger = logging.getLogger(__name__)


class PrivateResponsesMiddleware:
    """Everything behind the login is someone's view of controlled content: no
    shared cache (a proxy, a CDN) may keep it, and no browser may keep it on disk
    (Cache-Control: private, no-store). Static files are served before this, by
    WhiteNoise, and keep their long cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response


SESSION_REFRESHED = "_refreshed"


def stamp_the_new_session(sender, request, user, **kwargs):
    """user_logged_in: the login writes the session anyway; the first pages after
    it need not."""
    request.session[SESSION_REFRESHED] = int(time.time())


class SlidingSessionMiddleware:
    """A session ends after SESSION_COOKIE_AGE of inactivity, not of age: its
    expiry is pushed forward as the user works, at most every few minutes, so that
    reading a page does not cost a session write."""

    REFRESH_SECONDS = 300

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(SESSION_REFRESHED, 0) > self.REFRESH_SECONDS:
                session[SESSION_REFRESHED] = now
                session.set_expiry(settings.SESSION_COOKIE_AGE)
        return self.get_response(request)


class ClearErrorsMiddleware:
    """Two failures that are not bugs of ours answer with a page that says what
    happened instead of a bare 500, and are logged with their traceback:

    - a form post that arrived malformed (a field the editor always sends is missing
      or garbled: a truncated request, or one edited by hand) gets 400;
    - a write the file store refuses (a read-only or full disk) gets 503.
    Nothing is saved in either case: the request's transaction is rolled back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST":
            return None
        if isinstance(exception, OSError):
            logger.error("File storage refused a write", exc_info=exception)
            return render(
                request,
                "errors/storage.html",
                {"title": "The file could not be stored"},
                status=503,
            )
        if isinstance(exception, KeyError | ValueError) and request.path.startswith(
            "/admin/"
        ):
            logger.warning(
                "Malformed form post to %s", request.path, exc_info=exception
            )
            return render(
                request,
                "errors/malformed.html",
                {"title": "The form arrived incomplete"},
                status=400,
            )
        return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY), strict for the site:
    scripts only from our origin. Wagtail 8's admin still initialises some widgets
    (choosers of files and snippets, date inputs) with inline scripts, so admin
    pages also allow inline scripts; nothing else is relaxed."""

    ADMIN_UPDATE = {"script-src": [UNSAFE_INLINE]}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith("/admin/") and parts.update is None:
            parts.update = self.ADMIN_UPDATE
        return parts
