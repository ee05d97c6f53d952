"""What every API view shares: authentication by DRF (token or session) rather
than the site's login redirect, and responses no cache may keep."""

from django.contrib.auth.decorators import login_not_required
from django.utils.cache import add_never_cache_headers, patch_cache_control
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet


class ApiMixin:
    """An API answers 401 with a JSON body to a request without credentials; the
    site's LoginRequiredMiddleware would redirect it to the login page, before DRF
    had read its token."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # As cms.middleware.PrivateResponsesMiddleware does for the pages; it cannot
        # here, as a token's user is known only inside the view.
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        return response


class ApiView(ApiMixin, APIView):
    pass


class ApiViewSet(ApiMixin, GenericViewSet):
    pass
