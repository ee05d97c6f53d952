"""The body's block definition is packed once per process and language, and is
what Wagtail would pack on each request: nothing of a user, a request or a
document is in it."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse, set_script_prefix
from django.utils import translation
from wagtail.blocks.base import BlockWidget

from policies.block_widget import DefinitionCachingBlockWidget, without_item_ids
from policies.models import ProcedurePage
from policies.models.documents import BODY_BLOCK
from tests.factories import make_document, make_user
from tests.policies.test_editor import block_definitions, edit_url

DRAFT_KEY = re.compile(r'key\\": \\"[0-9a-z]+\\"')


@pytest.fixture(autouse=True)
def fresh_cache():
    DefinitionCachingBlockWidget.clear()
    yield
    DefinitionCachingBlockWidget.clear()


def packed(widget_class):
    """The definition and media, ids of default items left out; and the keys of
    Draft.js blocks in empty rich text, which Draftail draws at random for
    each packing and which name blocks within one editor only (they are never
    saved), made the same."""
    widget = widget_class(BODY_BLOCK)
    definition = json.dumps(without_item_ids(json.loads(widget.block_json)))
    return DRAFT_KEY.sub("key", definition), str(widget.media)


def item_ids(packed):
    """The ids of the default items in a packed definition."""
    if isinstance(packed, list):
        return [i for child in packed for i in item_ids(child)]
    if not isinstance(packed, dict):
        return []
    own = [packed["id"]] if {"id", "value"} <= set(packed) else []
    return own + [i for child in packed.values() for i in item_ids(child)]


def test_wagtail_gives_default_items_new_ids_and_the_kept_definition_none():
    first = json.loads(BlockWidget(BODY_BLOCK).block_json)
    second = json.loads(BlockWidget(BODY_BLOCK).block_json)
    assert item_ids(first) and item_ids(first) != item_ids(second)
    kept = json.loads(DefinitionCachingBlockWidget(BODY_BLOCK).block_json)
    assert len(item_ids(kept)) == len(item_ids(first))
    assert set(item_ids(kept)) == {None}


@pytest.mark.parametrize("language", ["en-gb", "fr", "de"])
def test_the_kept_definition_is_the_one_wagtail_packs(language):
    with translation.override(language):
        kept = packed(DefinitionCachingBlockWidget)
        assert packed(DefinitionCachingBlockWidget) == kept  # from the cache now
        assert packed(BlockWidget) == kept


def test_each_language_has_its_own_definition():
    with translation.override("en-gb"):
        english = packed(DefinitionCachingBlockWidget)[0]
    with translation.override("fr"):
        french = packed(DefinitionCachingBlockWidget)[0]
        assert french == packed(BlockWidget)[0]
    assert french != english
    with translation.override("en-gb"):
        assert packed(DefinitionCachingBlockWidget)[0] == english


def test_each_url_prefix_has_its_own_definition(db):
    chooser = reverse("wagtailadmin_choose_page")
    english = packed(DefinitionCachingBlockWidget)[0]
    set_script_prefix("/intranet/")
    try:
        prefixed = packed(DefinitionCachingBlockWidget)[0]
        assert prefixed == packed(BlockWidget)[0]
    finally:
        set_script_prefix("/")
    assert f'"/intranet{chooser}' in prefixed.replace("\\/", "/")
    assert prefixed != english


def editor_as(user, page):
    client = Client()
    client.force_login(user)
    response = client.get(edit_url(page))
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_two_owners_get_the_same_definition_and_only_their_own_text(library):
    first = make_user("Document owners", first_name="Fiona")
    second = make_user("Document owners", first_name="Sam")
    pages = {
        user: make_document(
            ProcedurePage,
            library,
            owner=user,
            body=json.dumps(
                [
                    {
                        "type": "section",
                        "value": {"heading": "Scope", "body": f"<p>By {user}.</p>"},
                    }
                ]
            ),
        )
        for user in (first, second)
    }
    fresh = packed(BlockWidget)[0]
    for user, other in [(first, second), (second, first)]:
        response = editor_as(user, pages[user])
        (definition,) = block_definitions(response)
        assert DRAFT_KEY.sub("key", json.dumps(definition)) == fresh
        content = response.content.decode()
        assert f"By {user}." in content
        assert f"By {other}." not in content
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        assert token.group(1) not in json.dumps(definition)
        assert user.first_name not in json.dumps(definition)
