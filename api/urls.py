"""/api/v1/: included by cms.urls."""

from django.contrib.auth.decorators import login_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .base import ApiMixin, not_found
from .documents import DocumentViewSet
from .guidance import GuidanceViewSet, SearchView
from .library import ClauseViewSet, RegisterView
from .me import MeView
from .reading import ReadingView

NUMBER = "<document_number:number>"
LABEL = "<str:label>"


class SchemaView(ApiMixin, SpectacularAPIView):
    """The OpenAPI 3 schema, for a token as for a session."""


def read(viewset, action):
    return viewset.as_view({"get": action})


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api_schema"),
    # The documentation page is for people signed in to the site; it loads its
    # script from our own origin (?script), as the CSP asks.
    path(
        "docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api_schema")),
        name="api_docs",
    ),
    path("me/", MeView.as_view(), name="api_me"),
    path("documents/", read(DocumentViewSet, "list"), name="api_documents"),
    path(
        f"documents/{NUMBER}/", read(DocumentViewSet, "retrieve"), name="api_document"
    ),
    path(
        f"documents/{NUMBER}/issues/",
        read(DocumentViewSet, "issues"),
        name="api_issues",
    ),
    path(
        f"documents/{NUMBER}/issues/{LABEL}/",
        read(DocumentViewSet, "issue"),
        name="api_issue",
    ),
    path(
        f"documents/{NUMBER}/issues/{LABEL}/acknowledge/",
        DocumentViewSet.as_view({"post": "acknowledge"}),
        name="api_acknowledge",
    ),
    path("register/", RegisterView.as_view(), name="api_register"),
    path("clauses/", read(ClauseViewSet, "list"), name="api_clauses"),
    path("clauses/<str:number>/", read(ClauseViewSet, "retrieve"), name="api_clause"),
    path("guidance/", read(GuidanceViewSet, "list"), name="api_guidance_list"),
    path("guidance/<int:pk>/", read(GuidanceViewSet, "retrieve"), name="api_guidance"),
    path("search/", SearchView.as_view(), name="api_search"),
    path("reading/", ReadingView.as_view(), name="api_reading"),
    # Anything else under /api/v1/ is a 404 in JSON, never the site's HTML page.
    re_path(r"", not_found),
]
