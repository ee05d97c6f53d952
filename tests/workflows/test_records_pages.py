"""The records pages: filing through the form, the register with its filters,
CSV and pages, a record's page and its file; what may not be read does not
exist, and the register costs the same few queries whatever the numbers."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from policies.models import Clause, RequiredItem
from tests.factories import file_record, make_user
from tests.workflows.helpers import client_for
from workflows.models import Record

pytestmark = pytest.mark.django_db


def form_data(owner, **overrides):
    data = {
        "title": "Internal audit of change management",
        "kind": RequiredItem.objects.get(code="audit-results").pk,
        "clauses": ["9.2", "8.5.1.2"],
        "period_start": "2026-01-05",
        "period_end": "2026-01-09",
        "owner": owner.pk,
        "classification": "internal",
        "retention_years": "",
        "body": "<p>Two minor findings.</p><script>alert(1)</script>",
    }
    data.update(overrides)
    return data


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def numbers_in(response):
    return [row[0] for row in rows_of(response)[1:]]


def test_an_owner_files_a_record_with_a_file_and_finds_it(owner_client, auditor):
    form = owner_client.get("/records/new/")
    assert form.status_code == 200
    assert "9.2: Audit programme and audit results" in form.content.decode()
    assert "paragraphs, headings" in form.content.decode()

    upload = SimpleUploadedFile("findings.txt", b"Finding 1\nFinding 2\n")
    response = owner_client.post(
        "/records/new/", {**form_data(auditor), "file": upload}, follow=True
    )
    assert response.redirect_chain == [("/records/REC-0001/", 302)]
    page = response.content.decode()
    assert "Filed REC-0001" in page
    assert "<p>Two minor findings.</p>" in page and "alert(1)" not in page
    assert "Download findings.txt" in page
    record = Record.objects.get()
    assert record.owner == auditor
    assert record.filed_by.username == "owner"
    assert sorted(c.number for c in record.clauses.all()) == ["8.5.1.2", "9.2"]

    register = owner_client.get("/records/").content.decode()
    assert "REC-0001" in register and "Internal audit of change management" in register
    assert "Audit programme and audit results" in register

    download = client_for(auditor).get("/records/REC-0001/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"Finding 1\nFinding 2\n"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")


def test_hashes_are_for_auditors_approvers_and_the_owner(owner, staff, approver):
    record = file_record(owner)
    for user, shown in [(owner, True), (approver, True), (staff, False)]:
        page = client_for(user).get(f"/records/{record.number}/").content.decode()
        assert (record.chain_hash in page) is shown, user


def test_a_form_with_mistakes_keeps_what_was_typed(owner_client, owner):
    upload = SimpleUploadedFile("minutes.txt", b"Minutes")
    response = owner_client.post(
        "/records/new/",
        {
            **form_data(owner, period_start="2026-02-01", period_end="2026-01-01"),
            "title": "Kept title",
            "body": "Kept entry",
            "file": upload,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The period cannot end before it starts." in page
    assert 'value="Kept title"' in page and "Kept entry" in page
    assert "Choose the file again" in page
    assert not Record.objects.exists()

    response = owner_client.post(
        "/records/new/",
        form_data(owner, period_end=str(timezone.localdate() + timedelta(days=3))),
    )
    assert "A record covers a period that has ended." in response.content.decode()
    response = owner_client.post(
        "/records/new/", form_data(owner, period_start="the first of May", body="")
    )
    page = response.content.decode()
    assert "Enter the date as YYYY-MM-DD" in page
    assert "Write the entry or attach the file" not in page  # the form stops first
    page = owner_client.post("/records/new/", {"kind": "x"}).content.decode()
    for message in [
        "Give the record a title.",
        "Choose a kind of record from the list.",
        "Give the first day the record covers.",
        "Choose who owns the record.",
    ]:
        assert message in page
    response = owner_client.post("/records/new/", form_data(owner, body="<p></p>"))
    assert "Write the entry or attach the file (or both)." in response.content.decode()
    assert not Record.objects.exists()


def test_plain_text_becomes_paragraphs_and_the_kind_gives_the_clause(
    owner_client, owner
):
    owner_client.post(
        "/records/new/",
        form_data(owner, clauses=[], body="First line.\n\nSecond & last."),
    )
    record = Record.objects.get()
    assert [c.number for c in record.clauses.all()] == ["9.2"]
    body = record.content.body
    assert "<p>First line.</p>" in body and "<p>Second &amp; last.</p>" in body


def test_a_correction_starts_from_the_record_and_both_name_each_other(
    owner_client, owner
):
    first = file_record(owner, title="Audit report", retention_years=8)
    form = owner_client.get(f"/records/new/?corrects={first.number}").content.decode()
    assert "File a correction of REC-0001" in form
    assert 'value="Audit report"' in form and "One minor nonconformity." in form
    assert 'value="8"' in form

    data = form_data(owner, title="Audit report (corrected)")
    response = owner_client.post(f"/records/new/?corrects={first.number}", data)
    assert response.status_code == 302
    second = Record.objects.get(number="REC-0002")
    assert second.corrects == first
    first_page = owner_client.get("/records/REC-0001/").content.decode()
    assert "Corrected by" in first_page and "/records/REC-0002/" in first_page
    second_page = owner_client.get("/records/REC-0002/").content.decode()
    assert "Corrects" in second_page and "/records/REC-0001/" in second_page
    rows = rows_of(owner_client.get("/records/?format=csv"))
    assert rows[1][0] == "REC-0002" and rows[1][9] == "REC-0001"
    assert rows[2][0] == "REC-0001" and rows[2][10] == "REC-0002"

    assert owner_client.get("/records/new/?corrects=POL-001").status_code == 400
    assert owner_client.get("/records/new/?corrects=REC-9999").status_code == 404


def test_staff_cannot_file_records(staff_client, staff):
    assert staff_client.get("/records/new/").status_code == 403
    assert staff_client.post("/records/new/", form_data(staff)).status_code == 403
    assert "File a record" not in staff_client.get("/records/").content.decode()
    assert not Record.objects.exists()


def test_a_confidential_record_does_not_exist_for_staff(owner, staff, auditor):
    secret = file_record(
        owner,
        title="Zanzibar supplier dispute",
        classification="confidential",
        file=SimpleUploadedFile("dispute.txt", b"Dispute"),
    )
    internal = file_record(owner, title="Open audit", corrects=secret)
    staff_client = client_for(staff)
    assert "Zanzibar" not in staff_client.get("/records/").content.decode()
    assert "Zanzibar" not in staff_client.get("/records/?format=csv").content.decode()
    assert staff_client.get(f"/records/{secret.number}/").status_code == 404
    assert staff_client.get(f"/records/{secret.number}/file/").status_code == 404
    assert staff_client.get(f"/records/new/?corrects={secret.number}").status_code in (
        403,
        404,
    )
    # The internal correction does not name the confidential record to staff.
    internal_page = staff_client.get(f"/records/{internal.number}/").content.decode()
    assert secret.number not in internal_page
    assert numbers_in(staff_client.get("/records/?format=csv")) == [internal.number]
    auditor_client = client_for(auditor)
    assert "Zanzibar" in auditor_client.get("/records/").content.decode()
    assert auditor_client.get(f"/records/{secret.number}/file/").status_code == 200


def test_record_numbers_are_checked_before_the_database(owner_client, owner):
    file_record(owner)
    assert owner_client.get("/records/rec-0001/").status_code == 200
    assert owner_client.get("/records/REC-1/").status_code == 404
    assert owner_client.get("/records/REC-0002/").status_code == 404
    assert owner_client.get("/records/REC-0001/file/").status_code == 404  # no file


def test_the_register_filters_by_kind_clause_period_and_owner(owner_client, owner):
    other = make_user(
        "Document owners", username="ingrid", first_name="Ingrid", last_name="Berg"
    )
    incidents = RequiredItem.objects.get(code="incident-records")
    file_record(owner, period_start=date(2024, 1, 1), period_end=date(2024, 3, 31))
    file_record(
        other,
        kind=incidents,
        clauses=[Clause.objects.get(number="8.6.1")],
        period_start=date(2024, 4, 1),
        period_end=date(2024, 6, 30),
        owner=other,
    )
    file_record(owner, period_start=date(2025, 1, 1), period_end=date(2025, 1, 31))

    def listed(query):
        response = owner_client.get(f"/records/?format=csv&{query}")
        assert response.status_code == 200, response.content
        return numbers_in(response)

    assert listed("") == ["REC-0003", "REC-0002", "REC-0001"]
    assert listed("kind=incident-records") == ["REC-0002"]
    assert listed("clause=9.2") == ["REC-0003", "REC-0001"]
    assert listed("clause=8.6.1") == ["REC-0002"]
    assert listed("from=2024-03-31&to=2024-04-01") == ["REC-0002", "REC-0001"]
    assert listed("from=2024-07-01") == ["REC-0003"]
    assert listed("to=2023-12-31") == []
    assert listed("owner=INGRID") == ["REC-0002"]
    assert listed("owner=olivia owens") == ["REC-0003", "REC-0001"]
    assert listed("owner=berg&kind=audit-results") == []

    page = owner_client.get("/records/?kind=incident-records").content.decode()
    assert "REC-0002" in page and "REC-0001" not in page
    assert "1 record matches the filters" in page


@pytest.mark.parametrize(
    "query, message",
    [
        ("kind=nonsense", "Unknown kind of record"),
        ("kind=sla", "Unknown kind of record"),
        ("clause=99.9", "Unknown clause"),
        ("clause=abc", "Unknown clause"),
        ("from=2026-13-01", "from must be a date"),
        ("to=yesterday", "to must be a date"),
        ("from=2026-02-01&to=2026-01-01", "after its 'to' date"),
        ("owner=" + "x" * 151, "at most 150 characters"),
        ("owner=a%00b", "NUL"),
        ("page=0", "page must be a whole number"),
        ("page=two", "page must be a whole number"),
        ("page=3", "page must be from 1 to 1"),
        ("format=xml", "format must be csv or html"),
    ],
)
def test_bad_filters_answer_400_with_a_message(owner_client, owner, query, message):
    file_record(owner)
    response = owner_client.get(f"/records/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_csv_is_safe_to_open_in_a_spreadsheet(owner_client, owner):
    file_record(owner, title='=HYPERLINK("http://evil.example")')
    rows = rows_of(owner_client.get("/records/?format=csv"))
    assert rows[0][:3] == ["Number", "Title", "Kind"]
    assert rows[1][1].startswith("'=HYPERLINK")


def bulk_records(owner, numbers):
    """Records written directly (placeholder hashes), every seventh confidential
    and every fifth correcting the one before it, for the query budget."""
    kind = RequiredItem.objects.get(code="audit-results")
    now = timezone.now()
    Record.objects.bulk_create(
        Record(
            number=f"REC-{n:04d}",
            title=f"Record {n}",
            kind=kind,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 1, 1) + timedelta(days=n % 300),
            owner=owner,
            classification="confidential" if n % 7 == 0 else "internal",
            filed_by=owner,
            filed_at=now,
            content_hash="0" * 64,
            chain_hash=f"{n:064d}",
        )
        for n in numbers
    )
    ids = dict(Record.objects.values_list("number", "pk"))
    for n in numbers:
        if n % 5 == 2:
            Record.objects.filter(pk=ids[f"REC-{n:04d}"]).update(
                corrects=ids[f"REC-{n - 1:04d}"]
            )


# Session, user, groups, kinds, count, page, corrections; the base template's
# admin link (two permission queries) and Wagtail's user bar (its profile, twice).
REGISTER_QUERY_BUDGET = 11


def test_the_register_costs_the_same_queries_for_10_and_1000_records(
    owner, staff, django_assert_max_num_queries
):
    clients = {user: client_for(user) for user in (owner, staff)}
    urls = ["/records/?kind=audit-results&owner=owner", "/records/?format=csv"]
    for client in clients.values():
        client.get("/records/")  # Wagtail's user bar makes a profile once
    counts = {}
    for size, numbers in [(10, range(1, 11)), (1000, range(11, 1001))]:
        bulk_records(owner, numbers)
        for user, client in clients.items():
            for url in urls:
                with django_assert_max_num_queries(REGISTER_QUERY_BUDGET) as queries:
                    response = client.get(url)
                assert response.status_code == 200
                counts[size, user.username, url] = len(queries)
        assert "Corrected by" in clients[owner].get(urls[0]).content.decode()
        assert len(rows_of(clients[staff].get(urls[1]))) == 1 + size - size // 7
    assert {k[1:]: v for k, v in counts.items() if k[0] == 10} == {
        k[1:]: v for k, v in counts.items() if k[0] == 1000
    }


def test_the_register_has_pages_of_50(owner_client, owner):
    bulk_records(owner, range(1, 121))
    first = owner_client.get("/records/").content.decode()
    assert "page 1 of 3" in first and 'rel="next"' in first
    assert first.count('<th scope="row">') == 50
    last = owner_client.get("/records/?page=3").content.decode()
    assert last.count('<th scope="row">') == 20 and 'rel="prev"' in last
