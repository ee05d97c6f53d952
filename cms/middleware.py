"""Project-wide HTTP behaviour."""

from django.utils.cache import add_never_cache_headers, patch_cache_control


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
