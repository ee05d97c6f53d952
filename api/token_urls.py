"""/account/api-tokens/: included by cms.urls, before Wagtail's catch-all."""

from django.urls import path

from . import token_views

urlpatterns = [
    path("", token_views.token_list, name="api_tokens"),
    path("new/", token_views.token_new, name="api_token_new"),
    path("all/", token_views.token_list_all, name="api_tokens_all"),
    path("<int:pk>/revoke/", token_views.token_revoke, name="api_token_revoke"),
]
