"""What search adds to a document's editor and page (policies.extensions)."""

import hashlib
import json
import uuid

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from wagtail.admin.panels import ObjectList, Panel

from policies.extensions import PreviewMode
from policies.models import ControlledDocumentPage

from .related import RelatedGuidance, guidance_entries, related_guidance
from .text import stream_text


class RelatedGuidancePanel(Panel):
    """Guidance for the document as it stands in the editor: the draft's mapped
    clauses and its current text, so the list follows every saved change. Loaded
    when the tab is opened (draft_guidance): finding it searches the library,
    which opening the editor should not wait for. A new page, not yet saved, has
    no draft to find guidance for."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "search/panels/related_guidance.html"

        def render_html(self, parent_context=None):
            if not self.instance.pk:
                return render_to_string(
                    "search/panels/draft_guidance.html", {"related": None}
                )
            return super().render_html(parent_context)


def draft_guidance(request, pk):
    """The Guidance tab's content: for the latest draft of a document the user may
    edit; for anyone else the document does not exist here."""
    document = get_object_or_404(ControlledDocumentPage, pk=pk)
    if not document.permissions_for_user(request.user).can_edit():
        raise Http404
    return TemplateResponse(
        request,
        "search/panels/draft_guidance.html",
        {"related": related_guidance(document.get_latest_revision_as_object())},
    )


def guidance_tab() -> ObjectList:
    return ObjectList([RelatedGuidancePanel()], heading="Guidance")


GUIDANCE_VERSION_KEY = "search:guidance-version"  # forgotten when guidance changes


def remembered_related_guidance(document, clauses) -> RelatedGuidance:
    """related_guidance, remembered in the cache under what it depends on: the
    document's title, purpose, body, clauses and process area as shown (an issue,
    or a draft in a preview) and the version of the guidance corpus. The same
    answer for every reader (it lists guidance, never documents), recomputed
    only when the text or the guidance changes; an answer from the fallback
    index (a cluster down) is not kept."""
    version = cache.get_or_set(GUIDANCE_VERSION_KEY, lambda: uuid.uuid4().hex, None)
    # The body's text, not its stored form: list items saved without ids get new
    # ones each time the stored form is made, so no two requests would match.
    inputs = json.dumps(
        [
            document.title,
            document.purpose,
            stream_text(document.body),
            sorted(clause.pk for clause in clauses),
            document.process_area_id,
        ],
        default=str,
        sort_keys=True,
    )
    key = f"search:related:{version}:{hashlib.sha256(inputs.encode()).hexdigest()}"
    if (ids := cache.get(key)) is not None:
        mapped, similar = ids
        entries = guidance_entries().in_bulk(mapped + similar)
        return RelatedGuidance(
            [entries[pk] for pk in mapped if pk in entries],
            [entries[pk] for pk in similar if pk in entries],
        )
    related = related_guidance(document, clauses=clauses)
    if not related.fell_back:
        ids = ([e.pk for e in related.mapped], [e.pk for e in related.similar])
        cache.set(key, ids, RELATED_SECONDS)
    return related


RELATED_SECONDS = 24 * 3600


def related_guidance_aside(document, request, clauses) -> str:
    """The "Related guidance" section after a document's body."""
    return render_to_string(
        "search/includes/related_guidance.html",
        {"related": remembered_related_guidance(document, clauses)},
        request=request,
    )


def serve_guidance_preview(document, request):
    # Beside the document as readers will see it, its related guidance as the
    # draft stands: Wagtail's live preview refreshes it while the owner types.
    return TemplateResponse(
        request,
        "search/guidance_preview.html",
        {"page": document, "related": related_guidance(document)},
    )


GUIDANCE_PREVIEW = PreviewMode("guidance", "Related guidance", serve_guidance_preview)
