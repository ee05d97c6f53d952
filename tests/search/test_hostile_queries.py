"""Whatever is typed into search, the answer is a page (never a server error) and
never a draft or a withdrawn document. Runs on every backend."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies.models import ProcedurePage
from tests.factories import make_document
from tests.search.conftest import section
from workflows.actions.withdrawal import WithdrawDocumentAction

SECRET = "Zebrafish"  # in every hidden document's title and text, in no visible one

NAMED = [
    "",
    " ",
    '"',
    '"incident',
    "incident\"'",
    "(incident",
    "incident)",
    "((((",
    "incident AND change",
    "incident OR",
    "NOT incident",
    "AND",
    "NEAR(incident change)",
    "NEAR/2",
    "incid*",
    "*",
    "^incident",
    "-incident",
    "title:incident",
    "body:",
    "{incident}",
    "[0 TO 9]",
    "incident~2",
    "a\\b",
    "'; DROP TABLE wagtailcore_page; --",
    "%",
    "_",
    "Überwachung café naïve",
    "インシデント管理",
    "事故",
    "حادث",
    "🔥🚒",
    "incident 🔥",
    "inci\x00dent",
    "\x00",
    "\u200b\u202e",
    "ｉｎｃｉｄｅｎｔ",  # full-width letters
    "incident " * 1200,  # about 10,800 characters
    "x" * 10_000,
    SECRET,
    SECRET.lower() + "*",
]


@pytest.fixture
def library_with_hidden_documents(library, owner, approver, incident_procedure):
    draft = make_document(
        ProcedurePage,
        library,
        owner=owner,
        title=f"{SECRET} draft procedure",
        body=section(f"{SECRET} incident change escalation."),
        publish=False,
    )
    withdrawn = make_document(
        ProcedurePage,
        library,
        owner=owner,
        title=f"{SECRET} withdrawn procedure",
        body=section(f"{SECRET} incident change escalation."),
    )
    WithdrawDocumentAction(withdrawn, user=approver, reason="Obsolete").execute()
    return [draft.document_number, withdrawn.document_number]


def assert_safe_answer(client, query, hidden=(), **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200, (query, response.status_code)
    hits = response.context.get("results") or []
    assert not [hit for hit in hits if SECRET in hit.title], query
    html = response.content.decode()
    for number in hidden:
        assert f"/documents/{number}/" not in html
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("query", NAMED, ids=lambda q: repr(q[:20]))
def test_named_hostile_queries_get_a_page_without_hidden_documents(
    staff_client, library_with_hidden_documents, query
):
    assert_safe_answer(staff_client, query, library_with_hidden_documents)


@pytest.mark.django_db
def test_operators_are_searched_as_words_not_obeyed(
    staff_client, library_with_hidden_documents, incident_procedure
):
    # "NOT incident" would exclude the incident procedure if NOT were obeyed.
    response = assert_safe_answer(staff_client, "NOT incident")
    assert [hit.title for hit in response.context["results"]] == [
        "Incident handling procedure"
    ]


@pytest.mark.django_db
def test_the_page_repeats_a_hostile_query_escaped(staff_client, library):
    response = assert_safe_answer(staff_client, '<script>alert("x")</script>')
    assert b'<script>alert("x")' not in response.content
    assert b"&lt;script&gt;" in response.content


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    query=st.one_of(
        st.text(max_size=200),
        st.lists(
            st.sampled_from(
                [
                    "incident",
                    "AND",
                    "OR",
                    "NOT",
                    "NEAR",
                    "*",
                    "^",
                    "-",
                    ":",
                    '"',
                    "(",
                    ")",
                    "\x00",
                    "🔥",
                    "é",
                    SECRET,
                    "change",
                ]
            ),
            max_size=30,
        ).map(" ".join),
    ),
    filters=st.fixed_dictionaries(
        {},
        optional={
            "type": st.sampled_from(["", "procedure", "guidance", "policy"]),
            "clause": st.sampled_from(["", "8.6.1", "8.5.1.3"]),
            "page": st.sampled_from(["", "1", "2"]),
        },
    ),
)
def test_any_query_gets_a_page_without_hidden_documents(
    staff_client, library_with_hidden_documents, query, filters
):
    assert_safe_answer(staff_client, query, library_with_hidden_documents, **filters)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from(["type", "process", "clause", "page"]),
    value=st.text(min_size=1, max_size=300),
)
def test_any_filter_value_gets_a_page_or_a_clear_refusal(
    staff_client, library_with_hidden_documents, name, value
):
    response = staff_client.get("/search/", {"q": "incident", name: value})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert response.context["error"]
    hits = response.context.get("results") or []
    assert not [hit for hit in hits if SECRET in hit.title]
