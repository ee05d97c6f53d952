from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from policies.models import DocumentLibraryPage
from workflows.reading_selectors import open_reading


class HomePage(Page):
    """The intranet landing page: what the visitor must read, and the way into the
    document library."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["policies.DocumentLibraryPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["libraries"] = DocumentLibraryPage.objects.child_of(self).live()
        if request.user.is_authenticated:
            context["reading"] = list(open_reading(request.user)[:5])
            context["today"] = timezone.localdate()
        return context
