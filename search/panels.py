"""What search adds to a document's editor and page (policies.extensions)."""

from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from wagtail.admin.panels import ObjectList, Panel

from policies.extensions import PreviewMode

from .related import related_guidance


class RelatedGuidancePanel(Panel):
    """Guidance for the document as it stands in the editor: the draft's mapped
    clauses and its current text, so the list follows every saved change."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "search/panels/related_guidance.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["related"] = related_guidance(self.instance)
            return context


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
