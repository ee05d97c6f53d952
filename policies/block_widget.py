"""The document body's StreamField widget, with its block definition packed once
per process and language.

Wagtail's `BlockWidget` packs the whole block tree for the editor's JavaScript
(telepath: every child block, and the HTML of every widget in it) on each
request: for `DocumentBodyBlock` that was a third of the editor's time. The packed
definition depends only on the code (the blocks, their widgets and the rich-text
features), the active language (labels, help text, Wagtail's own strings) and the
URL prefix (chooser URLs); never on the user, the request or the document: the
widgets are rendered without a request, so no CSRF token or per-user URL can be
in it, and no block of ours reads the database to define itself. The value (the
document's own text) is not part of it: it is packed on every render, as before.
See docs/decisions/0019-block-definition-cache.md.
"""

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
            entry = (self.block_def, fresh.block_json, fresh.media)
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
