import json
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from policies.models import Clause, ExternalDocumentPage, PolicyPage, ProcedurePage
from tests.factories import make_document


def html(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def procedure(library, owner):
    return make_document(
        ProcedurePage,
        library,
        owner=owner,
        title="Incident management procedure",
        clauses=list(Clause.objects.filter(number__in=["8.6.1", "8.7.3.3"])),
        effective_from=date(2026, 1, 1),
    )


@pytest.mark.django_db
def test_staff_see_the_document_header(staff_client, procedure):
    page = html(staff_client.get(procedure.url))
    header = page.select_one(".document-header")
    meta = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True)
        for dt in header.select("dt")
    }
    assert (
        header.h1.get_text(" ", strip=True) == "PRC-001 Incident management procedure"
    )
    assert meta["Number"] == "PRC-001"
    assert meta["Version"] == "1.0"
    assert meta["Status"] == "Current"
    assert meta["Effective date"] == "1 January 2026"
    assert meta["Owner"] == "Olivia Owens"
    assert meta["Next review"] == "1 January 2027"
    assert "8.6.1 Incident management" in meta["ISO/IEC 20000-1 clauses"]
    assert "8.7.3.3 Information security incidents" in meta["ISO/IEC 20000-1 clauses"]


@pytest.mark.django_db
def test_document_page_is_accessible_html(staff_client, procedure):
    page = html(staff_client.get(procedure.url))
    skip_link = page.select_one("a.skip-link")
    assert skip_link["href"] == "#main"
    assert page.select_one("main#main") is not None
    assert page.html["lang"] == "en-GB"
    assert len(page.select("h1")) == 1
    assert page.select_one("nav[aria-label=Breadcrumb]") is not None


@pytest.mark.django_db
def test_printed_copies_repeat_number_version_status_and_say_uncontrolled(
    staff_client, procedure
):
    page = html(staff_client.get(procedure.url))
    print_css = page.select_one('link[media="print"]')
    assert print_css["href"].endswith("css/print.css")
    print_header = page.select_one(".print-header").get_text(" ", strip=True)
    assert print_header == "PRC-001 Version 1.0 Current Uncontrolled when printed"


@pytest.mark.django_db
def test_body_blocks_render_steps_raci_definitions_references_and_notes(
    staff_client, library, owner
):
    policy = make_document(PolicyPage, library, owner=owner, title="Change policy")
    clause = Clause.objects.get(number="8.5.1")
    document = make_document(
        ProcedurePage,
        library,
        owner=owner,
        body=json.dumps(
            [
                {
                    "type": "section",
                    "value": {"heading": "Scope", "body": "<p>All.</p>"},
                },
                {
                    "type": "steps",
                    "value": {
                        "heading": "Raising a change",
                        "steps": [
                            {
                                "text": "Log the request for change.",
                                "responsible_role": "Change initiator",
                                "inputs": "Business need",
                                "outputs": "RFC",
                                "records": "RFC record",
                            }
                        ],
                    },
                },
                {
                    "type": "raci",
                    "value": {
                        "caption": "Who does what",
                        "rows": [
                            {
                                "activity": "Approve change",
                                "responsible": "CAB",
                                "accountable": "Change manager",
                                "consulted": "",
                                "informed": "Service desk",
                            }
                        ],
                    },
                },
                {
                    "type": "definitions",
                    "value": [{"term": "RFC", "definition": "A request."}],
                },
                {
                    "type": "note",
                    "value": {"kind": "warning", "text": "<p>Careful.</p>"},
                },
                {
                    "type": "references",
                    "value": {
                        "documents": [policy.pk],
                        "clauses": [clause.pk],
                        "external": [],
                    },
                },
            ]
        ),
    )
    page = html(staff_client.get(document.url))
    step = page.select_one("ol.steps li")
    assert "Log the request for change." in step.get_text()
    assert "Change initiator" in step.get_text()
    assert [th.get_text() for th in page.select(".block-raci tbody th")] == [
        "Approve change"
    ]
    assert page.select_one(".definitions dt").get_text() == "RFC"
    assert "Careful." in page.select_one(".block-note--warning").get_text()
    references = page.select_one(".block-references").get_text(" ", strip=True)
    assert "POL-001 Change policy" in references
    assert "clause 8.5.1, Change management" in references
    assert page.select_one(".block-references a")["href"] == policy.url


@pytest.mark.django_db
def test_library_index_lists_its_sections_and_documents(
    staff_client, library, procedure
):
    page = html(staff_client.get(library.url))
    rows = [
        [cell.get_text(strip=True) for cell in row.select("th, td")]
        for row in page.select("table tbody tr")
    ]
    assert rows == [
        [
            "PRC-001",
            "Incident management procedure",
            "Procedure",
            "1.0",
            "Olivia Owens",
            "1 Jan 2026",
            "1 Jan 2027",
        ]
    ]


@pytest.mark.django_db
def test_drafts_are_not_listed_or_served_to_staff(staff_client, library, owner):
    draft = make_document(PolicyPage, library, owner=owner, publish=False)
    assert draft.document_number not in staff_client.get(library.url).content.decode()
    assert staff_client.get(f"/documents/{draft.document_number}/").status_code == 404


@pytest.mark.django_db
def test_external_document_shows_its_origin_and_file(staff_client, library, owner):
    external = make_document(
        ExternalDocumentPage, library, owner=owner, external_reference="NDC-7"
    )
    page = html(staff_client.get(external.url))
    origin = page.select_one(".external-origin").get_text(" ", strip=True)
    assert "Supplier Ltd" in origin
    assert "NDC-7" in origin
    file_link = page.select_one(".external-origin a")["href"]
    assert staff_client.get(file_link).status_code == 200


@pytest.mark.django_db
def test_permalink_redirects_to_the_document(staff_client, procedure):
    response = staff_client.get("/documents/PRC-001/")
    assert response.status_code == 302
    assert response["Location"] == procedure.url
    assert staff_client.get("/documents/prc-001/")["Location"] == procedure.url
    assert reverse("document_permalink", args=["PRC-001"]) == "/documents/PRC-001/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/documents/PRC-999/",
        "/documents/%00/",
        "/documents/PRC-001%00/",
        "/documents/'; DROP TABLE x;--/",
        "/documents/" + "A" * 300 + "/",
    ],
)
def test_unknown_or_malformed_permalink_is_404(staff_client, procedure, path):
    assert staff_client.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/", "/library/", "/documents/PRC-001/", "/admin/", "/search/", "/no/such/page/"],
)
def test_anonymous_visitors_are_sent_to_login(client, procedure, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_login_from_the_document_itself(
    client, procedure
):
    response = client.get(procedure.url)
    assert response["Location"] == f"/accounts/login/?next={procedure.url}"


@pytest.mark.django_db
def test_anonymous_visitors_cannot_download_external_files(client, library, owner):
    external = make_document(ExternalDocumentPage, library, owner=owner)
    response = client.get(external.file.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_login_page_logs_staff_in_and_returns_them(client, staff, procedure):
    response = client.post(
        "/accounts/login/",
        {
            "username": "staff",
            "password": "correct-horse-battery",
            "next": procedure.url,
        },
    )
    assert response["Location"] == procedure.url
    assert client.get(procedure.url).status_code == 200


@pytest.mark.django_db
def test_login_page_says_when_credentials_are_wrong(client, staff):
    response = client.post("/accounts/login/", {"username": "staff", "password": "no"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
