"""What every API view shares: responses no cache may keep. (DRF marks its views
`login_required = False`, so the site's LoginRequiredMiddleware leaves them to
DRF's authentication: a request without a token gets 401 in JSON, not the login
page.)"""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from rest_framework.views import APIView
from rest_framework.viewsets import GenericViewSet


class ApiMixin:
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


@csrf_exempt
@login_not_required
def not_found(request, *args, **kwargs):
    response = JsonResponse({"detail": "No such API endpoint."}, status=404)
    add_never_cache_headers(response)
    return response
