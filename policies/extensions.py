"""What the apps above policies add to a document's page and editor.

policies imports no other app (docs/architecture.md); workflows and search
contribute through these Wagtail hooks, registered in their own wagtail_hooks.py:

- ``register_document_editor_tabs``: ``fn() -> list[ObjectList]``, extra tabs of the
  document editor (search adds *Guidance*).
- ``construct_document_context``: ``fn(document, request, context)``, adds to the
  context of a document's page: ``control_actions`` (label, url) pairs (workflows
  adds those the reader may take), ``document_notices``, HTML shown before the text
  (workflows adds what the reader must read and acknowledge) and
  ``document_asides``, HTML shown after it (search adds the related guidance).
- ``register_document_preview_modes``: ``fn() -> list[PreviewMode]``, extra modes of
  Wagtail's live preview (search adds *Related guidance*).
- ``construct_library_context``: ``fn(section, request, context)``, adds to the
  context of a library section's page, whose ``documents`` is a queryset until a
  hook lists it (policies keeps only the readable ones first; workflows then sets
  each one's ``approval_state`` for those who see drafts, and ``show_approval``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from wagtail import hooks

EDITOR_TABS = "register_document_editor_tabs"
PAGE_CONTEXT = "construct_document_context"
PREVIEW_MODES = "register_document_preview_modes"
LIBRARY_CONTEXT = "construct_library_context"


@dataclass(frozen=True)
class PreviewMode:
    name: str
    label: str
    serve: Callable[[object, HttpRequest], HttpResponse]


def editor_tabs() -> list:
    return [tab for fn in hooks.get_hooks(EDITOR_TABS) for tab in fn()]


def construct_context(document, request: HttpRequest, context: dict) -> None:
    for fn in hooks.get_hooks(PAGE_CONTEXT):
        fn(document, request, context)


def construct_library_context(section, request: HttpRequest, context: dict) -> None:
    for fn in hooks.get_hooks(LIBRARY_CONTEXT):
        fn(section, request, context)


def preview_modes() -> list[PreviewMode]:
    return [mode for fn in hooks.get_hooks(PREVIEW_MODES) for mode in fn()]
