from django.contrib import messages
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Clause, ControlledDocumentPage, ProcessArea


class ClauseViewSet(SnippetViewSet):
    model = Clause
    icon = "list-ol"
    menu_label = "Clause catalogue"
    list_display = ["number", "title", "documented_information_summary"]
    list_filter = ["section", "uncertain"]
    search_fields = ["number", "title"]
    # A fixed catalogue loaded by migration: plain database lookups, no index to keep.
    search_backend_name = None
    ordering = ["sort_key"]
    inspect_view_enabled = True
    inspect_view_fields = ["number", "title", "parent", "documented_information"]
    list_per_page = 100
    copy_view_enabled = False


class ProcessAreaViewSet(SnippetViewSet):
    model = ProcessArea
    icon = "cogs"
    menu_label = "Process areas"
    list_display = ["name", "clause_numbers"]
    search_fields = ["name", "description"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return ProcessArea.objects.prefetch_related("clauses")


class ISO20000ViewSetGroup(SnippetViewSetGroup):
    menu_label = "ISO/IEC 20000"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ClauseViewSet, ProcessAreaViewSet)


register_snippet(ISO20000ViewSetGroup)


@hooks.register("after_create_page")
def tell_the_number_given(request, page):
    if isinstance(page, ControlledDocumentPage):
        messages.info(
            request,
            f"“{page.title}” is {page.document_number}: its number never changes.",
        )
