"""The permission matrix: every role, and a second owner and a named reader, against
every kind of URL: pages, records, lists, search, exports, files and the admin's
views and actions. One table; each cell an expected status (and, for lists, whether
the confidential document shows). Any difference is a violation, listed at the end."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from api.actions import CreateApiTokenAction
from api.models import ApiToken
from policies.models import (
    Clause,
    ControlledDocumentPage,
    ExternalDocumentPage,
    PolicyPage,
    ProcedurePage,
)
from search.models import GuidanceEntry
from tests.factories import file_record, make_document, make_file, make_user
from tests.workflows.helpers import client_for, edit_data, submit
from workflows.actions.copies import CopyRequest, IssueControlledCopyAction
from workflows.actions.issue import IssueRevisionAction
from workflows.actions.withdrawal import WithdrawDocumentAction
from workflows.models import (
    ControlledCopy,
    ControlledCopyExchange,
    Disposition,
    DocumentIssue,
    EvidencePack,
    LegalHold,
    Record,
)

USERS = [
    "anon",
    "owner",
    "owner2",
    "reviewer",
    "approver",
    "auditor",
    "staff",
    "reader",
]
SECRET = "Zanzibar"  # a word only the confidential document contains

# Shorthands for a row: the status for each user, in the order of USERS.
LOGIN = 302  # anonymous visitors are sent to the login page
ALL = {user: 200 for user in USERS} | {"anon": LOGIN}
READERS_OF_CONF = {"owner", "reviewer", "approver", "auditor", "reader"}
COMPARERS = {"owner", "reviewer", "approver", "auditor"}
# Records: a confidential one is for its owner, reviewers, approvers, auditors.
READERS_OF_CONF_RECORD = {"owner", "reviewer", "approver", "auditor"}
RECORD_FILERS = {"owner", "owner2", "approver"}
DISPOSITION_PAGE = {"owner", "owner2", "approver", "auditor"}
ADMIN_USERS = {"owner", "owner2", "reviewer", "approver", "auditor"}
API_ANON = 401  # the API asks for a token; it does not redirect to a login page


def row(default, **cells):
    statuses = {user: default for user in USERS} | {"anon": LOGIN}
    statuses.update(cells)
    return statuses


def only(users, yes=200, no=404):
    return {user: (yes if user in users else no) for user in USERS} | {"anon": LOGIN}


@pytest.fixture
def world(library, owner, reviewer, approver, auditor, staff, settings, tmp_path):
    """POL-001 internal, issued 1.0 and 1.1; PRC-001 confidential with a named
    reader; POL-002 withdrawn; POL-003 a draft never issued; EXT-001 with a file
    for each of its issues and one in a draft."""
    approvers = Group.objects.get(name="Approvers")
    owner2 = make_user("Document owners", username="owner2")
    reader = make_user("Staff", username="reader")
    policy = make_document(
        PolicyPage, library, owner=owner, approving_group=approvers, version="1.1"
    )
    clause = Clause.objects.get(number="8.7.2")
    guidance = GuidanceEntry.objects.create(
        title="Continuity plans",
        what_to_do="Plan.",
        why_it_matters="Because.",
        further_considerations="More.",
    )
    guidance.clauses.set([clause])
    conf = make_document(
        ProcedurePage,
        library,
        owner=owner,
        title=f"Site recovery {SECRET}",
        purpose=f"How we recover at the {SECRET} site.",
        classification="confidential",
        approving_group=approvers,
        clauses=[clause],
        publish=False,
    )
    conf.reader_users.set([reader])
    conf.save()
    IssueRevisionAction(
        conf.save_revision(user=owner),
        user=approver,
        significance="major",
        change_summary="First",
        sign_offs=[],
    ).execute()
    withdrawn = make_document(PolicyPage, library, owner=owner)
    WithdrawDocumentAction(withdrawn, user=approver, reason="Obsolete.").execute()
    draft = make_document(PolicyPage, library, owner=owner, publish=False)
    external = make_document(
        ExternalDocumentPage, library, owner=owner, approving_group=approvers
    )
    superseded_file = external.file
    current_file = make_file("contract-v2.txt", "Second edition")
    draft_file = make_file("contract-v3.txt", "Third edition")
    for file in (current_file,):
        revision = external.get_latest_revision_as_object()
        revision.file = file
        IssueRevisionAction(
            revision.save_revision(user=owner),
            user=approver,
            significance="minor",
            change_summary="New edition",
            sign_offs=[],
        ).execute()
    revision = external.get_latest_revision_as_object()
    revision.file = draft_file
    revision.save_revision(user=owner)
    submit(client_for(owner), policy, owner)  # POL-001 in review
    # Records still retained: nothing here is due for disposition.
    retained = {"period_start": date(2025, 1, 1), "period_end": date(2025, 1, 31)}
    record = file_record(
        owner, file=SimpleUploadedFile("minutes.txt", b"Minutes"), **retained
    )
    file_record(
        owner,
        title=f"Dispute {SECRET}",
        classification="confidential",
        file=SimpleUploadedFile("dispute.txt", b"Dispute"),
        **retained,
    )
    for document in (policy, conf, external):
        document.refresh_from_db()
    # An evidence pack built for the approver (its file written by hand).
    settings.EVIDENCE_PACKS_ROOT = tmp_path / "packs"
    pack = EvidencePack.objects.create(
        requested_by=approver,
        as_of=date(2026, 11, 29),
        status=EvidencePack.Status.DONE,
    )
    settings.EVIDENCE_PACKS_ROOT.mkdir()
    (settings.EVIDENCE_PACKS_ROOT / pack.file_name).write_bytes(
        b"PK\x05\x06" + bytes(18)
    )
    EvidencePack.objects.filter(pk=pack.pk).update(file=pack.file_name)
    # Controlled copy 1 of POL-001 and of the confidential document, to reader.
    for document in (policy, conf):
        IssueControlledCopyAction(
            document, CopyRequest(holder=reader), user=owner
        ).execute()
    # A personal API token of the reader: nobody else may see or revoke it.
    api_token, _ = CreateApiTokenAction(
        user=reader, name="Reader's script", days=90
    ).execute()
    users = {
        "owner": owner,
        "owner2": owner2,
        "reviewer": reviewer,
        "approver": approver,
        "auditor": auditor,
        "staff": staff,
        "reader": reader,
    }
    return {
        "users": users,
        "policy": policy,
        "conf": conf,
        "withdrawn": withdrawn,
        "draft": draft,
        "clause": clause,
        "files": {
            "current": current_file,
            "superseded": superseded_file,
            "draft": draft_file,
        },
        "task_state": policy.current_workflow_task_state,
        "pack": pack,
        "guidance": guidance,
        "library": library,
        "record": record,
        "api_token": api_token,
    }


def front_end_rows(w):
    policy, conf = w["policy"], w["conf"]
    c, wd, d = conf.document_number, w["withdrawn"].document_number, w["draft"]
    lists = {"anon": (LOGIN, None)} | {
        user: (200, user in READERS_OF_CONF) for user in USERS if user != "anon"
    }
    record_lists = {"anon": (LOGIN, None)} | {
        user: (200, user in READERS_OF_CONF_RECORD) for user in USERS if user != "anon"
    }
    copy_register = {
        user: (
            403 if user in ("reviewer", "staff", "reader") else (200, user != "owner2")
        )
        for user in USERS
    } | {"anon": LOGIN}
    # Nothing is outstanding: no copy, confidential or not, is listed.
    copy_outstanding = {
        user: (403 if user in ("reviewer", "staff", "reader") else (200, False))
        for user in USERS
    } | {"anon": LOGIN}
    return [
        ("GET /", "/", ALL),
        ("GET library", w["library"].url, ALL),
        ("GET current page", policy.url, ALL),
        ("GET permalink", "/documents/POL-001/", row(302)),
        ("GET history", "/documents/POL-001/history/", ALL),
        ("GET issue in force", "/documents/POL-001/v/1.1/", ALL),
        ("GET superseded issue", "/documents/POL-001/v/1.0/", only(COMPARERS, no=403)),
        (
            "GET diff 1.0-1.1",
            "/documents/POL-001/diff/1.0/1.1/",
            only(COMPARERS, no=403),
        ),
        (
            "GET diff with draft",
            "/documents/POL-001/diff/1.1/draft/",
            only(COMPARERS, no=403),
        ),
        ("GET confidential page", conf.url, only(READERS_OF_CONF)),
        (
            "GET confidential permalink",
            f"/documents/{c}/",
            only(READERS_OF_CONF, yes=302),
        ),
        ("GET confidential history", f"/documents/{c}/history/", only(READERS_OF_CONF)),
        ("GET confidential issue", f"/documents/{c}/v/1.0/", only(READERS_OF_CONF)),
        (
            "GET confidential diff",
            f"/documents/{c}/diff/1.0/draft/",
            only(READERS_OF_CONF - {"reader"}, no=404) | {"reader": 403},
        ),
        ("GET PDF of the issue in force", "/documents/POL-001/v/1.1/pdf/", ALL),
        (
            "GET PDF of a superseded issue",
            "/documents/POL-001/v/1.0/pdf/",
            only(COMPARERS, no=403),
        ),
        (
            "GET PDF of the draft",
            "/documents/POL-001/draft/pdf/",
            only(COMPARERS, no=403),
        ),
        (
            "GET PDF of a confidential issue",
            f"/documents/{c}/v/1.0/pdf/",
            only(READERS_OF_CONF),
        ),
        (
            "GET PDF of a confidential draft (none pending)",
            f"/documents/{c}/draft/pdf/",
            row(404) | {"reader": 403},
        ),
        (
            "GET PDF of a withdrawn document's issue",
            f"/documents/{wd}/v/1.0/pdf/",
            only(COMPARERS, no=403),
        ),
        (
            "GET PDF of a never-issued draft",
            f"/documents/{d.document_number}/draft/pdf/",
            only({"owner", "reviewer", "approver", "auditor"}, no=403)
            | {"staff": 404, "reader": 404},
        ),
        ("GET check an issue in force", "/check/POL-001/1.1/", ALL),
        ("GET check a superseded issue", "/check/POL-001/1.0/", ALL),
        ("GET check a withdrawn document's issue", f"/check/{wd}/1.0/", ALL),
        ("GET check a label that is no issue", "/check/POL-001/9.9/", row(404)),
        ("GET check a confidential issue", f"/check/{c}/1.0/", only(READERS_OF_CONF)),
        ("GET withdrawn permalink", f"/documents/{wd}/", row(410)),
        ("GET withdrawn page", w["withdrawn"].url, row(404)),
        ("GET draft permalink", f"/documents/{d.document_number}/", row(404)),
        (
            "GET draft history",
            f"/documents/{d.document_number}/history/",
            only({"owner", "owner2", "reviewer", "approver", "auditor"}),
        ),
        (
            "GET import from Word",
            "/documents/import/",
            only({"owner", "owner2"}, no=403),
        ),
        (
            "GET import into a document in review",
            "/documents/POL-001/import/",
            row(403, owner=409),
        ),
        (
            "GET import into the confidential document",
            f"/documents/{c}/import/",
            only({"owner"}, yes=200, no=404)
            | dict.fromkeys(READERS_OF_CONF - {"owner"}, 403),
        ),
        (
            "GET import into a withdrawn document",
            f"/documents/{wd}/import/",
            row(403, owner=409),
        ),
        (
            "GET import into a draft never issued",
            f"/documents/{d.document_number}/import/",
            row(403, owner=200, staff=404, reader=404),
        ),
        ("GET register", "/register/", lists),
        ("GET register csv", "/register/?format=csv", lists),
        ("GET register as of today", "/register/?as_of=2026-11-29", lists),
        ("GET compliance", "/compliance/", lists),
        ("GET compliance csv", "/compliance/?format=csv", lists),
        ("GET search", f"/search/?q={SECRET}", lists),
        ("GET guidance index", "/guidance/", ALL),
        (
            "GET guidance listing the clause's documents",
            f"/guidance/{w['guidance'].pk}/",
            lists,
        ),
        (
            "GET audit export",
            "/audit/export/?format=json",
            only({"approver", "auditor"}, no=403),
        ),
        ("GET audit page", "/audit/", only({"approver", "auditor"}, no=403)),
        ("GET evidence packs", "/evidence/", only({"approver", "auditor"}, no=403)),
        (
            "GET evidence pack status",
            "/evidence/status/",
            only({"approver", "auditor"}, no=403),
        ),
        (
            "GET evidence pack download",
            f"/evidence/{w['pack'].pk}/download/",
            only({"approver", "auditor"}, no=403),
        ),
        ("GET evidence pack that does not exist", "/evidence/999/download/", row(404)),
        (
            "GET compare picker",
            "/documents/POL-001/compare/?from=1.0&to=1.1",
            only(COMPARERS, yes=302, no=403),
        ),
        (
            "GET confidential compare picker",
            f"/documents/{c}/compare/?from=1.0&to=1.0",
            only(READERS_OF_CONF - {"reader"}, yes=400) | {"reader": 403},
        ),
        ("GET my reading", "/reading/", ALL),
        (
            "GET reading evidence",
            "/documents/POL-001/reading/",
            only({"owner", "approver", "auditor"}, no=403),
        ),
        (
            "GET confidential reading evidence",
            f"/documents/{c}/reading/",
            only({"owner", "approver", "auditor"}) | {"reviewer": 403, "reader": 403},
        ),
        (
            "GET confidential reading as of a date",
            f"/reading/as-of/?document={c}&date=2026-11-29",
            only({"approver", "auditor"}, no=403),
        ),
        (
            "GET reading of a person",
            "/reading/people/?user=reader",
            only({"approver", "auditor"}, no=403),
        ),
        ("GET records", "/records/", record_lists),
        ("GET records csv", "/records/?format=csv", record_lists),
        ("GET record", "/records/REC-0001/", ALL),
        ("GET record file", "/records/REC-0001/file/", ALL),
        (
            "GET confidential record",
            "/records/REC-0002/",
            only(READERS_OF_CONF_RECORD),
        ),
        (
            "GET confidential record file",
            "/records/REC-0002/file/",
            only(READERS_OF_CONF_RECORD),
        ),
        ("GET file a record", "/records/new/", only(RECORD_FILERS, no=403)),
        (
            "GET correct a confidential record",
            "/records/new/?corrects=REC-0002",
            only(RECORD_FILERS, no=403) | {"owner2": 404},
        ),
        (
            "GET due for disposition",
            "/records/disposition/",
            only(DISPOSITION_PAGE, no=403),
        ),
        (
            "GET tombstones csv",
            "/records/disposition/?format=csv",
            only(DISPOSITION_PAGE, no=403),
        ),
        ("GET copies register", "/copies/", copy_register),
        ("GET copies register csv", "/copies/?format=csv", copy_register),
        ("GET copies register outstanding", "/copies/?outstanding=1", copy_outstanding),
        (
            "GET my copies",
            "/copies/mine/",
            {user: (200, user == "reader") for user in USERS} | {"anon": LOGIN},
        ),
        (
            "GET copies of a document",
            "/documents/POL-001/copies/",
            only({"owner", "approver", "auditor"}, no=403),
        ),
        (
            "GET copies of the confidential document",
            f"/documents/{c}/copies/",
            only({"owner", "approver", "auditor"}) | {"reviewer": 403, "reader": 403},
        ),
        (
            "GET PDF of a controlled copy",
            "/documents/POL-001/copies/1/pdf/",
            only({"owner", "approver", "auditor", "reader"}, no=403),
        ),
        (
            "GET PDF of a controlled copy of the confidential document",
            f"/documents/{c}/copies/1/pdf/",
            only({"owner", "approver", "auditor", "reader"}) | {"reviewer": 403},
        ),
        (
            "GET PDF of a controlled copy that does not exist",
            "/documents/POL-001/copies/9/pdf/",
            row(404),
        ),
        ("GET API tokens", reverse("api_tokens"), ALL),
        ("GET new API token", reverse("api_token_new"), ALL),
        ("GET every user's API tokens", reverse("api_tokens_all"), row(403)),
        (
            "GET revoke another user's API token",
            reverse("api_token_revoke", args=(w["api_token"].pk,)),
            only({"reader"}),
        ),
        ("GET password change", reverse("password_change"), ALL),
        (
            "GET password reset (anonymous too)",
            reverse("password_reset"),
            row(200, anon=200),
        ),
    ]


def api_rows(w):
    """The API answers as the pages it stands for: the same expectations, except
    that a request without credentials gets 401, not the login page."""
    c, wd, d = (
        w["conf"].document_number,
        w["withdrawn"].document_number,
        w["draft"].document_number,
    )
    lists = {"anon": (API_ANON, None)} | {
        user: (200, user in READERS_OF_CONF) for user in USERS if user != "anon"
    }

    def api(statuses):
        return statuses | {"anon": API_ANON}

    v1 = "/api/v1"
    return [
        ("GET API me", f"{v1}/me/", api(ALL)),
        ("GET API schema", f"{v1}/schema/", api(ALL)),
        ("GET API documentation page", f"{v1}/docs/", ALL),
        ("GET API documents", f"{v1}/documents/?page_size=100", lists),
        ("GET API document in force", f"{v1}/documents/POL-001/", api(ALL)),
        ("GET API its issues", f"{v1}/documents/POL-001/issues/", api(ALL)),
        ("GET API issue in force", f"{v1}/documents/POL-001/issues/1.1/", api(ALL)),
        (
            "GET API superseded issue",
            f"{v1}/documents/POL-001/issues/1.0/",
            api(only(COMPARERS, no=403)),
        ),
        (
            "GET API confidential document",
            f"{v1}/documents/{c}/",
            api(only(READERS_OF_CONF)),
        ),
        (
            "GET API confidential issues",
            f"{v1}/documents/{c}/issues/",
            api(only(READERS_OF_CONF)),
        ),
        (
            "GET API confidential issue",
            f"{v1}/documents/{c}/issues/1.0/",
            api(only(READERS_OF_CONF)),
        ),
        ("GET API withdrawn document", f"{v1}/documents/{wd}/", api(row(410))),
        (
            "GET API withdrawn document's issue",
            f"{v1}/documents/{wd}/issues/1.0/",
            api(only(COMPARERS, no=403)),
        ),
        (
            "GET API draft never issued",
            f"{v1}/documents/{d}/",
            api(only({"owner", "owner2", "reviewer", "approver", "auditor"})),
        ),
        ("GET API register", f"{v1}/register/?page_size=100", lists),
        (
            "GET API register as of today",
            f"{v1}/register/?as_of=2026-11-29&page_size=100",
            lists,
        ),
        ("GET API clauses", f"{v1}/clauses/?page_size=100", lists),
        ("GET API a clause", f"{v1}/clauses/{w['clause'].number}/", lists),
        ("GET API search", f"{v1}/search/?q={SECRET}", lists),
        ("GET API guidance", f"{v1}/guidance/{w['guidance'].pk}/", lists),
        ("GET API reading", f"{v1}/reading/", api(ALL)),
    ]


def file_rows(w):
    files = w["files"]

    def url(file):
        return file.url

    return [
        (
            "GET file of the issue in force",
            url(files["current"]),
            ALL | {"anon": LOGIN},
        ),
        ("GET file of a superseded issue", url(files["superseded"]), only(COMPARERS)),
        ("GET file of a draft", url(files["draft"]), only(COMPARERS)),
        (
            "GET media path of a file",
            "/media/" + files["current"].file.name,
            row(404, anon=404),
        ),
    ]


def admin_rows(w):
    policy, conf = w["policy"], w["conf"]
    edit = reverse("wagtailadmin_pages:edit", args=(policy.pk,))
    conf_edit = reverse("wagtailadmin_pages:edit", args=(conf.pk,))
    admin = only(ADMIN_USERS, no=302)
    refused = row(302)
    sign_off = reverse("sign_off", args=(w["task_state"].pk,))
    return [
        ("GET admin dashboard", reverse("wagtailadmin_home"), admin),
        (
            "GET explorer",
            reverse("wagtailadmin_explore", args=(w["library"].pk,)),
            # reviewers, approvers and auditors hold no page permissions: they
            # work from the dashboard and the site
            only({"owner", "owner2"}, no=302),
        ),
        ("GET edit", edit, only({"owner", "reviewer"}, no=302)),
        ("GET edit confidential", conf_edit, only({"owner"}, no=302)),
        (
            "GET sign-off page",
            sign_off,
            only(COMPARERS, no=404) | {"staff": 302, "reader": 302},
        ),
        ("GET users", reverse("wagtailusers_users:index"), refused),
        ("GET groups", reverse("wagtailusers_groups:index"), refused),
        ("GET sites", reverse("wagtailsites:index"), refused),
        ("GET workflows", reverse("wagtailadmin_workflows:index"), refused),
        (
            "GET section sharing",
            reverse("wagtailsnippets_policies_sectionshare:list"),
            refused,
        ),
        ("GET locked-out logins", reverse("locked_out_logins:index"), refused),
        (
            "GET retention periods",
            reverse("wagtailsnippets_workflows_retentionperiod:list"),
            refused,
        ),
        (
            "GET file upload",
            reverse("wagtaildocs:add"),
            only({"owner", "owner2"}, no=302),
        ),
    ]


def post_rows(w):
    """Write attempts: every one refused (302 back with a message, 403 or 404), and
    the database unchanged, checked after the table."""
    policy = w["policy"]
    files = w["files"]
    task_state = w["task_state"]
    never = {"anon": LOGIN} | {
        user: (302, 400, 403, 404) for user in USERS if user != "anon"
    }
    owner_draft_only = never | {"owner": (200, 302)}
    return [
        (
            "POST publish",
            reverse("wagtailadmin_pages:edit", args=(policy.pk,)),
            "publish",
            never | {"owner": (200, 302), "reviewer": (200, 302)},
        ),
        (
            "POST unpublish",
            reverse("wagtailadmin_pages:unpublish", args=(policy.pk,)),
            {},
            never,
        ),
        (
            "POST delete",
            reverse("wagtailadmin_pages:delete", args=(policy.pk,)),
            {},
            never,
        ),
        (
            "POST move",
            reverse(
                "wagtailadmin_pages:move_confirm",
                args=(policy.pk, w["library"].get_parent().pk),
            ),
            {},
            never,
        ),
        (
            "POST copy",
            reverse("wagtailadmin_pages:copy", args=(policy.pk,)),
            {"new_title": "C", "new_slug": "c", "new_parent_page": w["library"].pk},
            owner_draft_only,
        ),
        (
            "POST revert",
            reverse(
                "wagtailadmin_pages:revisions_revert",
                args=(policy.pk, policy.live_revision_id),
            ),
            {},
            never | {"owner": (200, 302, 400)},
        ),
        (
            "POST workflow approve",
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=(policy.pk, "approve", task_state.pk),
            ),
            {"comment": ""},
            never,
        ),
        (
            "POST sign-off without password",
            reverse("sign_off", args=(task_state.pk,)),
            {"decision": "approve"},
            never
            | {
                "reviewer": (200,),
                "approver": (200,),
                "auditor": (200,),
                "owner": (200,),
            },
        ),
        (
            "POST clause edit",
            reverse("wagtailsnippets_policies_clause:edit", args=(w["clause"].pk,)),
            {"number": "8.7.2", "title": "Changed"},
            never,
        ),
        (
            "POST file replace",
            reverse("wagtaildocs:edit", args=(files["current"].pk,)),
            {"title": "x"},
            never,
        ),
        (
            "POST file delete",
            reverse("wagtaildocs:delete", args=(files["superseded"].pk,)),
            {},
            never,
        ),
        (
            "POST withdraw",
            reverse("document_action", args=(policy.pk, "withdraw")),
            {"reason": ""},
            never | {"approver": (200,)},
        ),
        ("POST file a record", reverse("record_new"), {"title": ""}, never),
        (
            "POST import from Word without a file",
            reverse("word_import"),
            {"document_type": "policy"},
            only({"owner", "owner2"}, no=403),
        ),
        (
            "POST import into a document with a forged preview",
            reverse("word_import_into", args=("POL-003",)),
            {"token": "forged"},
            row(403, staff=404, reader=404),
        ),
        (
            "POST ask for a disposition of a record still retained",
            reverse("disposition_request"),
            {
                "kind": "record",
                "item": w["record"].pk,
                "method": "destroy",
                "reason": "Now.",
            },
            never,
        ),
        (
            "POST decide a disposition that does not exist",
            reverse("disposition_decide", args=(999,)),
            {"decision": "approve"},
            never,
        ),
        (
            "POST legal hold without a reason",
            reverse("legal_hold_place"),
            {"number": "POL-001", "reason": ""},
            never,
        ),
        (
            "POST release a legal hold that does not exist",
            reverse("legal_hold_release", args=(999,)),
            {"reason": "Done."},
            never,
        ),
        (
            "POST evidence pack request without a day",
            reverse("evidence"),
            {"as_of": "", "clauses": "8.1"},
            never,
        ),
        (
            "POST issue a controlled copy to nobody",
            reverse("document_copies", args=("POL-001",)),
            {"holder": "", "location": "", "responsible": ""},
            never,
        ),
        (
            "POST issue a controlled copy of the confidential document to staff",
            reverse("document_copies", args=(w["conf"].document_number,)),
            {"holder": "staff"},
            never,
        ),
        (
            "POST confirm the exchange of a copy that is current",
            reverse("confirm_copy_exchange", args=("POL-001", 1)),
            {},
            never,
        ),
        (
            "POST API acknowledge a superseded issue",
            reverse("api_acknowledge", args=("POL-001", "1.0")),
            {},
            never | {"anon": API_ANON} | dict.fromkeys(COMPARERS, 409),
        ),
        (
            "POST API acknowledge a withdrawn document's issue",
            reverse("api_acknowledge", args=(w["withdrawn"].document_number, "1.0")),
            {},
            never | {"anon": API_ANON} | dict.fromkeys(COMPARERS, 409),
        ),
        (
            "POST revoke an API token that does not exist",
            reverse("api_token_revoke", args=(999,)),
            {},
            never,
        ),
        (
            "POST group create",
            reverse("wagtailusers_groups:add"),
            {"name": "Sneaky approvers"},
            never,
        ),
    ]


def client_of(w, user):
    if user == "anon":
        return Client()
    return client_for(w["users"][user])


def token_client_of(w, user):
    """A client that sends the user's own API token and no session."""
    if user == "anon":
        return Client()
    _, secret = CreateApiTokenAction(
        user=w["users"][user], name="Permission matrix", days=7
    ).execute()
    return Client(headers={"Authorization": f"Bearer {secret}"})


def check(w, user, client, method, url, data, expected, violations, name):
    if method == "GET":
        response = client.get(url)
    elif data == "publish":
        form = edit_data(w["policy"], w["users"]["owner"], purpose="Published?")
        response = client.post(url, {**form, "action-publish": "1"})
    else:
        response = client.post(url, data)
    status = response.status_code
    contains = None
    if (
        isinstance(expected, tuple)
        and len(expected) == 2
        and expected[1] in (True, False, None)
    ):
        expected, contains = expected
    allowed = expected if isinstance(expected, tuple) else (expected,)
    if status not in allowed:
        violations.append(f"{name} as {user}: {status}, expected {allowed}")
        return
    if contains is not None and status == 200:
        body = b"".join(response) if response.streaming else response.content
        # The number and title, not the secret word: a search echoes its query.
        conf = w["conf"]
        shown = (
            conf.document_number.encode() in body
            or b"Site recovery" in body
            or b"REC-0002" in body  # the confidential record
        )
        if shown != contains:
            violations.append(
                f"{name} as {user}: confidential document "
                f"{'shown' if shown else 'missing'}"
            )


def state(documents):
    """What no refused write may change (an owner's copy of their own document is
    allowed: it is a new draft, checked on its own)."""
    return (
        list(
            ControlledDocumentPage.objects.filter(pk__in=documents)
            .order_by("pk")
            .values_list("pk", "title", "live", "withdrawn", "path")
        ),
        DocumentIssue.objects.count(),
        Group.objects.count(),
        Record.objects.count(),
        LegalHold.objects.count(),
        Disposition.objects.count(),
        EvidencePack.objects.count(),
        list(Clause.objects.values_list("number", "title")),
        ControlledCopy.objects.count(),
        ControlledCopyExchange.objects.count(),
        ApiToken.objects.active().count(),
    )


@pytest.mark.django_db
def test_the_permission_matrix_has_no_violation(world, capsys):
    w = world
    violations, cells = [], 0
    tables = [
        ("GET", front_end_rows(w) + api_rows(w) + file_rows(w) + admin_rows(w)),
    ]
    for user in USERS:
        client = client_of(w, user)
        for name, url, statuses in tables[0][1]:
            check(w, user, client, "GET", url, None, statuses[user], violations, name)
            cells += 1
    # The API again with each person's own token instead of the session: the
    # same answers (anonymous: no token at all).
    for user in USERS:
        client = token_client_of(w, user)
        for name, url, statuses in api_rows(w):
            if url.endswith("/docs/"):  # a page for people, behind the login
                continue
            expected = statuses[user]
            check(
                w,
                user,
                client,
                "GET",
                url,
                None,
                expected,
                violations,
                f"{name} (token)",
            )
            cells += 1
    existing = list(ControlledDocumentPage.objects.values_list("pk", flat=True))
    before = state(existing)
    for user in USERS:
        client = client_of(w, user)
        for name, url, data, statuses in post_rows(w):
            check(w, user, client, "POST", url, data, statuses[user], violations, name)
            cells += 1
    with capsys.disabled():
        print(f"\npermission matrix: {cells} cells, {len(violations)} violations")
    assert violations == [], "\n".join(violations)
    assert state(existing) == before, "a refused write changed something"
    assert not DocumentIssue.objects.filter(document=w["policy"], minor=2).exists()
    copies = ControlledDocumentPage.objects.exclude(pk__in=existing)
    assert all(not copy.live and not copy.current_version_label for copy in copies)
