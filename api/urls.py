"""/api/v1/: included by cms.urls."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .base import ApiMixin
from .me import MeView


class SchemaView(ApiMixin, SpectacularAPIView):
    """The OpenAPI 3 schema, for a token as for a session."""


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api_schema"),
    # The documentation page is for people signed in to the site; it loads its
    # script from our own origin (?script), as the CSP asks.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api_schema"),
        name="api_docs",
    ),
    path("me/", MeView.as_view(), name="api_me"),
]
