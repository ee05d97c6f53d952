from wagtail import hooks
from wagtail.admin.ui.components import Component

from policies.models import ControlledDocumentPage


class MyDocumentsPanel(Component):
    """The documents the signed-in user owns, with what a document owner watches:
    version, live or draft, and when the next review falls due."""

    name = "my_controlled_documents"
    template_name = "cms/dashboard/my_documents_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["documents"] = ControlledDocumentPage.objects.filter(
            document_owner=self.user
        ).order_by("next_review_due", "document_number")
        return context


@hooks.register("construct_homepage_panels")
def add_my_documents_panel(request, panels):
    if ControlledDocumentPage.objects.filter(document_owner=request.user).exists():
        panels.append(MyDocumentsPanel(request.user))
