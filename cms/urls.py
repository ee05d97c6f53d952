from django.urls import include, path, register_converter
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from policies import word_import_views
from policies.converters import DocumentNumberConverter
from search import views as search_views
from workflows import (
    check,
    copies,
    disposition_views,
    evidence_views,
    history,
    pdf,
    reading,
    records_register,
    records_views,
)
from workflows.audit import audit_export, audit_home
from workflows.compliance import compliance
from workflows.converters import RecordNumberConverter
from workflows.register import register

register_converter(DocumentNumberConverter, "document_number")
register_converter(RecordNumberConverter, "record_number")

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    # Before Wagtail's own: its account page without the name and e-mail panel.
    path("admin/account/", cms_views.account, name="controlled_account"),
    path("admin/", include(wagtailadmin_urls)),
    # Files of external documents; /documents/ is the permalink namespace.
    path("files/", include(wagtaildocs_urls)),
    path("documents/import/", word_import_views.import_new, name="word_import"),
    path(
        "documents/<document_number:number>/import/",
        word_import_views.import_into,
        name="word_import_into",
    ),
    path(
        "documents/<document_number:number>/",
        history.document_permalink,
        name="document_permalink",
    ),
    path("api/v1/", include("api.urls")),
    path("account/api-tokens/", include("api.token_urls")),
    path("register/", register, name="register"),
    path("copies/", copies.copies_register, name="copies_register"),
    path("copies/mine/", copies.my_copies, name="my_copies"),
    path(
        "documents/<document_number:number>/copies/",
        copies.document_copies,
        name="document_copies",
    ),
    path(
        "documents/<document_number:number>/copies/<int:copy_number>/pdf/",
        copies.copy_pdf,
        name="copy_pdf",
    ),
    path(
        "documents/<document_number:number>/copies/<int:copy_number>/exchange/",
        copies.confirm_exchange,
        name="confirm_copy_exchange",
    ),
    path("compliance/", compliance, name="compliance"),
    path("records/", records_register.records, name="records"),
    path("records/new/", records_views.record_new, name="record_new"),
    path(
        "records/disposition/",
        disposition_views.disposition_due,
        name="disposition_due",
    ),
    path(
        "records/disposition/request/",
        disposition_views.disposition_request,
        name="disposition_request",
    ),
    path(
        "records/disposition/<int:pk>/decide/",
        disposition_views.disposition_decide,
        name="disposition_decide",
    ),
    path("records/holds/", records_views.legal_hold_place, name="legal_hold_place"),
    path(
        "records/holds/<int:pk>/release/",
        records_views.legal_hold_release,
        name="legal_hold_release",
    ),
    path(
        "records/<record_number:number>/",
        records_views.record_detail,
        name="record_detail",
    ),
    path(
        "records/<record_number:number>/file/",
        records_views.record_file,
        name="record_file",
    ),
    path("search/", search_views.search, name="search"),
    path("guidance/", search_views.guidance_index, name="guidance_index"),
    path("guidance/<int:pk>/", search_views.guidance_entry, name="guidance_entry"),
    path("audit/", audit_home, name="audit_home"),
    path("evidence/", evidence_views.evidence, name="evidence"),
    path("evidence/status/", evidence_views.evidence_status, name="evidence_status"),
    path(
        "evidence/<int:pk>/download/",
        evidence_views.evidence_download,
        name="evidence_download",
    ),
    path("audit/export/", audit_export, name="audit_export"),
    path("reading/", reading.my_reading, name="my_reading"),
    path("reading/as-of/", reading.reading_as_of, name="reading_as_of"),
    path("reading/people/", reading.person_reading, name="person_reading"),
    path(
        "documents/<document_number:number>/reading/",
        reading.document_reading,
        name="document_reading",
    ),
    path(
        "documents/<document_number:number>/v/<str:label>/acknowledge/",
        reading.acknowledge,
        name="acknowledge",
    ),
    path(
        "documents/<document_number:number>/history/",
        history.document_history,
        name="document_history",
    ),
    path(
        "documents/<document_number:number>/compare/",
        history.document_compare,
        name="document_compare",
    ),
    path(
        "documents/<document_number:number>/diff/<str:old>/<str:new>/",
        history.document_diff,
        name="document_diff",
    ),
    path(
        "documents/<document_number:number>/v/<str:label>/pdf/",
        pdf.issue_pdf,
        name="issue_pdf",
    ),
    path(
        "documents/<document_number:number>/draft/pdf/",
        pdf.draft_pdf,
        name="draft_pdf",
    ),
    path(
        "check/<document_number:number>/<str:label>/",
        check.check_issue,
        name="check_issue",
    ),
    path(
        "documents/<document_number:number>/v/<str:label>/",
        history.document_issue,
        name="document_issue",
    ),
]

urlpatterns += [path("", include(wagtail_urls))]
