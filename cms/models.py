from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from policies.models import DocumentLibraryPage


class HomePage(Page):
    """The intranet landing page: a way into the document library, nothing more."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["policies.DocumentLibraryPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["libraries"] = DocumentLibraryPage.objects.child_of(self).live()
        return context
