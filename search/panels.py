"""The "Guidance" tab of the document editor."""

from wagtail.admin.panels import Panel


class RelatedGuidancePanel(Panel):
    """Guidance for the document as it stands in the editor: the draft's mapped
    clauses and its current text, so the list follows every saved change."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "search/panels/related_guidance.html"

        def get_context_data(self, parent_context=None):
            from .related import related_guidance

            context = super().get_context_data(parent_context)
            context["related"] = related_guidance(self.instance)
            return context
