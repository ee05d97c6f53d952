"""When the search cluster is down: documents are still saved and approved, search
answers from the database index with a notice, and `update_index` catches the
cluster up. Always run against osmem-server, whatever SEARCH_TEST_BACKEND says."""

import socket
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from policies.models import PolicyPage
from search.config import search_backends
from search.engine import CLUSTER_DOWN_KEY
from tests.factories import make_document
from tests.workflows.helpers import act, client_for, submit
from workflows.models import DocumentIssue

NOTICE = "The search service is not answering"


def closed_port_url():
    """The address of a port nothing listens on: a cluster that is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def use_cluster_at(settings, url):
    # Indices of their own: under SEARCH_TEST_BACKEND=opensearch the suite's
    # fixture has already filled the "test_" ones in the same cluster.
    settings.WAGTAILSEARCH_BACKENDS = search_backends(
        "opensearch", url, index_prefix="outage_"
    )


def hits(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response, [hit.title for hit in response.context["results"]]


@pytest.mark.django_db
def test_a_cluster_outage_loses_nothing_and_update_index_catches_up(
    settings,
    osmem_url,
    issued_policy,  # noqa: F811
    owner,
    reviewer,
    approver,
    staff_client,
):
    use_cluster_at(settings, closed_port_url())

    # The owner changes the policy and it is approved while the cluster is down.
    response = submit(
        client_for(owner),
        issued_policy,
        owner,
        purpose="Quokka accounts are reviewed every quarter.",
        summary="Quarterly reviews.",
    )
    assert response.status_code == 302
    assert act(client_for(reviewer), issued_policy, "approve").status_code == 302
    assert act(client_for(approver), issued_policy, "approve").status_code == 302
    issued_policy.refresh_from_db()
    assert issued_policy.current_version_label == "1.1"
    assert DocumentIssue.objects.filter(document=issued_policy).count() == 2

    # Search answers from the database, and says so.
    response, titles = hits(staff_client, "quokka")
    assert titles == ["Access policy"]
    assert NOTICE in response.content.decode()
    assert response.context["fell_back"]
    # The related guidance on the document page answers too.
    assert staff_client.get(issued_policy.url).status_code == 200

    # The cluster is back but empty (no indices yet): still answered, from the
    # database, until update_index has filled it.
    use_cluster_at(settings, osmem_url)
    cache.delete(CLUSTER_DOWN_KEY)  # the retry pause has passed
    response, titles = hits(staff_client, "quokka")
    assert titles == ["Access policy"]
    assert response.context["fell_back"]

    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    cache.delete(CLUSTER_DOWN_KEY)
    response, titles = hits(staff_client, "quokka")
    assert titles == ["Access policy"]
    assert not response.context["fell_back"]
    assert NOTICE not in response.content.decode()


@pytest.mark.django_db
def test_after_a_failure_search_skips_the_cluster_for_a_while(
    settings, osmem_url, staff_client, library, owner
):
    use_cluster_at(settings, osmem_url)
    call_command("update_index", stdout=StringIO(), stderr=StringIO())  # empty
    use_cluster_at(settings, closed_port_url())
    make_document(PolicyPage, library, owner=owner, title="Wombat policy")
    response, titles = hits(staff_client, "wombat")
    assert titles == ["Wombat policy"]
    assert cache.get(CLUSTER_DOWN_KEY)

    # The cluster answers again, but has missed the new document; during the
    # pause search still goes straight to the database, which has it.
    use_cluster_at(settings, osmem_url)
    response, titles = hits(staff_client, "wombat")
    assert titles == ["Wombat policy"]
    assert response.context["fell_back"]

    cache.delete(CLUSTER_DOWN_KEY)  # the pause is over: the cluster answers
    response, titles = hits(staff_client, "wombat")
    assert (titles, response.context["fell_back"]) == ([], False)
