import reversion
from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
)

from policies.extensions import EDITOR_TABS, PAGE_CONTEXT, PREVIEW_MODES

from .actions import RESTORE_ACTION
from .admin_views import GuidanceRestoreView, GuidanceVersionsView
from .models import GuidanceEntry
from .panels import (
    GUIDANCE_PREVIEW,
    draft_guidance,
    guidance_tab,
    related_guidance_aside,
)


class VersionedSaveMixin:
    """Keep every saved state of a guidance entry as a django-reversion version."""

    def save_instance(self):
        with reversion.create_revision():
            instance = super().save_instance()
            reversion.set_user(self.request.user)
        return instance


class GuidanceIndexView(IndexView):
    versions_url_name = None

    @cached_property
    def can_see_versions(self):
        return bool(self.versions_url_name) and self.user_has_permission("view")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.can_see_versions:
            buttons.append(
                MenuItem(
                    "Versions",
                    url=reverse(self.versions_url_name, args=(quote(instance.pk),)),
                    icon_name="history",
                    priority=25,
                )
            )
        return buttons


class GuidanceCreateView(VersionedSaveMixin, CreateView):
    pass


class GuidanceEditView(VersionedSaveMixin, EditView):
    versions_url_name = None

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.versions_url_name:
            buttons.append(
                Button(
                    "Versions",
                    url=reverse(self.versions_url_name, args=(quote(self.object.pk),)),
                    icon_name="history",
                    priority=40,
                )
            )
        return buttons


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
    index_view_class = GuidanceIndexView
    add_view_class = GuidanceCreateView
    edit_view_class = GuidanceEditView
    versions_view_class = GuidanceVersionsView
    restore_view_class = GuidanceRestoreView

    def get_queryset(self, request):
        return GuidanceEntry.objects.prefetch_related("clauses").select_related(
            "process_area"
        )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            versions_url_name=self.get_url_name("versions"),
            restore_url_name=self.get_url_name("restore_version"),
            **kwargs,
        )

    @property
    def versions_view(self):
        return self.construct_view(self.versions_view_class)

    @property
    def restore_view(self):
        return self.construct_view(self.restore_view_class)

    def get_urlpatterns(self):
        conv = self.pk_path_converter
        return [
            *super().get_urlpatterns(),
            path(f"versions/<{conv}:pk>/", self.versions_view, name="versions"),
            path(
                f"versions/<{conv}:pk>/<int:version_id>/restore/",
                self.restore_view,
                name="restore_version",
            ),
        ]


register_snippet(GuidanceEntryViewSet)


class GuidanceRestoreLogFormatter(LogFormatter):
    label = "Restore guidance version"

    def format_message(self, log_entry):
        return "Restored the version of {}".format(
            log_entry.data.get("version_date", "an earlier date")
        )


@hooks.register("register_log_actions")
def register_guidance_log_actions(actions):
    actions.register_action(RESTORE_ACTION)(GuidanceRestoreLogFormatter)


@hooks.register(EDITOR_TABS)
def add_guidance_tab():
    return [guidance_tab()]


@hooks.register(PAGE_CONTEXT)
def add_related_guidance(document, request, context):
    context["document_asides"].append(
        related_guidance_aside(document, request, context["clauses"])
    )


@hooks.register(PREVIEW_MODES)
def add_guidance_preview_mode():
    return [GUIDANCE_PREVIEW]


@hooks.register("register_admin_urls")
def draft_guidance_url():
    return [
        path(
            "guidance-for-draft/<int:pk>/",
            draft_guidance,
            name="search_draft_guidance",
        )
    ]
