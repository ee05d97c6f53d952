"""What search adds to a document's editor and page (policies.extensions)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from wagtail.admin.panels import ObjectList, Panel

from policies.extensions import PreviewMode
from policies.models import ControlledDocumentPage

from .related import related_guidance


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


def related_guidance_aside(document, request, clauses) -> str:
    """The "Related guidance" section after a document's body."""
    return render_to_string(
        "search/includes/related_guidance.html",
        {"related": related_guidance(document, clauses=clauses)},
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
