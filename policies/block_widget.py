"""The document body's StreamField widget, with its block definition packed once
per process and language.

Wagtail's `BlockWidget` packs the whole block tree for the editor's JavaScript
(telepath: every child block, and the HTML of every widget in it) on each
request: for `DocumentBodyBlock` that was a third of the editor's time. The packed
definition depends only on the code (the blocks, their widgets and the rich-text
features), the active language (labels, help text, Wagtail's own strings) and the
URL prefix (chooser URLs); never on the user, the request or the document: the
widgets are rendered without a request, so no CSRF token or per-user URL can be
in it, and no block of ours reads the database to define itself. One thing in it
is made per packing: the ids Wagtail gives the items of a list block's default
(a new "Procedure steps" block starts with one step). Kept, every new block
would carry the same ids in every editor; so they are left out (null), as
Wagtail's own JavaScript allows, and the server gives each new item its id when
the form is saved. The value (the document's own text) is not part of the
definition: it is packed on every render, as before.
See docs/decisions/0020-block-definition-cache.md.
"""

import json
from threading import Lock

from django.urls import get_script_prefix
from django.utils import translation
from wagtail.blocks.base import BlockWidget


class DefinitionCachingBlockWidget(BlockWidget):
    """`BlockWidget` whose packed definition and media are kept per block, language
    and URL prefix for the life of the process."""

    _definitions: dict = {}
    _lock = Lock()

    @classmethod
    def clear(cls):
        with cls._lock:
            cls._definitions.clear()

    def _key(self):
        return (id(self.block_def), translation.get_language(), get_script_prefix())

    def _definition(self):
        """(block_json, media) for the active language and prefix."""
        key = self._key()
        entry = self._definitions.get(key)
        # The block is kept in the entry so that its id cannot be reused by
        # another block while the entry lives.
        if entry is None or entry[0] is not self.block_def:
            fresh = BlockWidget(self.block_def)
            block_json = json.dumps(without_item_ids(json.loads(fresh.block_json)))
            entry = (self.block_def, block_json, fresh.media)
            with self._lock:
                self._definitions[key] = entry
        return entry[1], entry[2]

    @property
    def block_json(self):
        return self._definition()[0]

    @property
    def js_context(self):
        raise AttributeError(
            "DefinitionCachingBlockWidget keeps the packed definition, not its "
            "JSContext: use block_json and media"
        )

    @property
    def media(self):
        return self._definition()[1]


def without_item_ids(packed):
    """`packed` with the id of every default block or list item set to null."""
    if isinstance(packed, list):
        return [without_item_ids(child) for child in packed]
    if not isinstance(packed, dict):
        return packed
    if "value" in packed and "id" in packed and set(packed) <= {"type", "value", "id"}:
        return {**packed, "id": None, "value": without_item_ids(packed["value"])}
    return {key: without_item_ids(child) for key, child in packed.items()}
