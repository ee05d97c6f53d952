from django.conf import settings
from django.urls import include, path, register_converter
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from policies import views as policy_views
from policies.converters import DocumentNumberConverter

register_converter(DocumentNumberConverter, "document_number")

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", include(wagtailadmin_urls)),
    # Files of external documents; /documents/ is the permalink namespace.
    path("files/", include(wagtaildocs_urls)),
    path(
        "documents/<document_number:number>/",
        policy_views.document_permalink,
        name="document_permalink",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
