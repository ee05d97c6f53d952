"""The library tree: folders of controlled documents, as in Plone."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .. import extensions
from .documents import ControlledDocumentPage


class DocumentLibraryPage(Page):
    """A folder of the library, as in Plone: organises controlled documents."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["cms.HomePage", "policies.DocumentLibraryPage"]
    subpage_types = [
        "policies.DocumentLibraryPage",
        "policies.ServiceManagementPlanPage",
        "policies.PolicyPage",
        "policies.ProcessPage",
        "policies.ProcedurePage",
        "policies.WorkInstructionPage",
        "policies.PlanPage",
        "policies.AgreementPage",
        "policies.ServiceCataloguePage",
        "policies.ExternalDocumentPage",
    ]

    class Meta:
        verbose_name = "document library"
        verbose_name_plural = "document libraries"

    documents_per_page = 50

    def get_context(self, request, *args, **kwargs):
        """The section's folders and its documents; the hooks narrow them to what
        the reader may read and to one page (policies.wagtail_hooks), then add."""
        context = super().get_context(request, *args, **kwargs)
        context["folders"] = DocumentLibraryPage.objects.child_of(self).live()
        context["documents"] = (
            ControlledDocumentPage.objects.child_of(self)
            .live()
            .select_related("document_owner")
            .order_by("document_number")
        )
        extensions.construct_library_context(self, request, context)
        return context
