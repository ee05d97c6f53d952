from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import extensions
from .access import may_read, readable, reads_everything, unreadable_by
from .models import (
    Clause,
    ControlledDocumentPage,
    DocumentLibraryPage,
    ProcessArea,
    SectionShare,
)
from .word_import_views import import_refusal, may_import_into, may_import_new


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
    inspect_view_fields = [
        "number",
        "title",
        "parent",
        "documented_information_summary",
        "amendment",
    ]
    list_per_page = 100
    copy_view_enabled = False

    def get_queryset(self, request):
        return Clause.objects.prefetch_related("required_items")


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


@hooks.register("before_edit_page", order=-100)  # before other apps' hooks
def read_the_workflow_state_once(request, page):
    """Wagtail's editor prefetches the page's workflow state for the page row
    (`prefetch_workflow_states`), but the page it edits is the latest draft,
    built from the revision without it; its header buttons, action menu, locks
    and permissions then asked for the state about 18 times a request. Read it
    once for the draft too, as Wagtail's prefetch does. Only to show the editor: a
    save can change the state within the request (review restarts)."""
    if (
        request.method == "GET"
        and isinstance(page, ControlledDocumentPage)
        and not hasattr(page, "_current_workflow_states")
    ):
        page._current_workflow_states = list(
            page.workflow_states.active()
            .select_related("current_task_state__task")
            .order_by("pk")
        )


@hooks.register("before_serve_page")
def hide_what_the_reader_may_not_read(page, request, serve_args, serve_kwargs):
    """A confidential document does not exist for those who may not read it."""
    if isinstance(page, ControlledDocumentPage) and not may_read(request.user, page):
        raise Http404


@hooks.register(extensions.LIBRARY_CONTEXT, order=-100)  # before other apps'
def one_page_of_readable_documents(section, request, context):
    """Only the documents the reader may read, and one page of them (50, in
    number order): a section of 500 documents costs what one of 50 does, and
    the other apps' hooks see that page only."""
    page = Paginator(
        readable(context["documents"], request.user), section.documents_per_page
    ).get_page(request.GET.get("page"))
    context["documents_page"] = page
    context["documents"] = list(page.object_list)


@hooks.register("construct_explorer_page_queryset")
def hide_unreadable_from_the_explorer(parent_page, pages, request):
    if reads_everything(request.user):
        return pages
    return pages.exclude(pk__in=unreadable_by(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_unreadable_from_choosers(pages, request):
    if reads_everything(request.user):
        return pages
    return pages.exclude(pk__in=unreadable_by(request.user))


class SectionShareViewSet(SnippetViewSet):
    """Administrators share library sections with owners (Plone's sharing)."""

    model = SectionShare
    icon = "group"
    menu_label = "Section sharing"
    add_to_settings_menu = True
    list_display = ["section", "user", "group"]
    copy_view_enabled = False


register_snippet(SectionShareViewSet)


class WordImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import_new(request.user)


@hooks.register("register_admin_menu_item")
def register_word_import_menu_item():
    return WordImportMenuItem(
        "Import from Word", reverse("word_import"), icon_name="upload", order=250
    )


def import_here_button(section, user, priority):
    if not section.permissions_for_user(user).can_add_subpage():
        return []
    url = f"{reverse('word_import')}?section={section.pk}"
    return [Button("Import from Word here", url, icon_name="upload", priority=priority)]


@hooks.register("register_page_listing_more_buttons")
def word_import_listing_button(page, user, next_url=None):
    if page.specific_class is DocumentLibraryPage:
        return import_here_button(page, user, priority=50)
    return []


@hooks.register("register_page_header_buttons")
def word_import_button(page, user, view_name=None, next_url=None):
    if page.specific_class is DocumentLibraryPage:
        return import_here_button(page, user, priority=90)
    document = page.specific_deferred
    if not isinstance(document, ControlledDocumentPage) or document.withdrawn:
        return []
    if import_refusal(document) or not may_import_into(user, document):
        return []
    return [
        Button(
            "Import from Word",
            reverse("word_import_into", args=(document.document_number,)),
            icon_name="upload",
            priority=90,
        )
    ]
