import reversion
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .models import GuidanceEntry


class VersionedSaveMixin:
    """Keep every saved state of a guidance entry as a django-reversion version."""

    def save_instance(self):
        with reversion.create_revision():
            instance = super().save_instance()
            reversion.set_user(self.request.user)
        return instance


class GuidanceCreateView(VersionedSaveMixin, CreateView):
    pass


class GuidanceEditView(VersionedSaveMixin, EditView):
    pass


class GuidanceEntryViewSet(SnippetViewSet):
    model = GuidanceEntry
    icon = "help"
    menu_label = "Guidance"
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["title", "clause_numbers", "process_area"]
    list_filter = ["process_area"]
    search_fields = ["title", "what_to_do"]
    search_backend_name = None
    add_view_class = GuidanceCreateView
    edit_view_class = GuidanceEditView

    def get_queryset(self, request):
        return GuidanceEntry.objects.prefetch_related("clauses").select_related(
            "process_area"
        )


register_snippet(GuidanceEntryViewSet)
