"""The django-reversion history of a guidance entry in the Wagtail admin: every
version, newest first, and restoring an earlier one as a new version."""

from django.contrib.admin.utils import quote
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.views.generic import TemplateView
from reversion.errors import RevertError
from reversion.models import Version
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, UserColumn
from wagtail.admin.views.generic.base import (
    BaseListingView,
    BaseObjectMixin,
    WagtailAdminTemplateMixin,
)
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

from .actions import RestoreGuidanceVersionAction
from .models import GuidanceEntry
from .versions import (
    changed_fields,
    comparable,
    current_field_dict,
    version_date,
    versioned_fields,
)


class GuidanceVersionMixin(PermissionCheckedMixin, BaseObjectMixin):
    """Shared by the versions listing and the restore view: the entry from the URL,
    the permission each needs, and the links between the entry's admin pages."""

    model = GuidanceEntry
    permission_required = "change"
    header_icon = "history"
    index_url_name = None
    edit_url_name = None
    versions_url_name = None
    restore_url_name = None

    def dispatch(self, request, *args, **kwargs):
        # Wagtail would turn PermissionDenied into a redirect to the dashboard; a
        # reader who follows a link here gets a plain refusal instead.
        if not self.user_has_permission(self.permission_required):
            return TemplateResponse(
                request,
                "search/admin/permission_denied.html",
                {"page_title": "Versions", "header_icon": self.header_icon},
                status=403,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_edit_url(self):
        return reverse(self.edit_url_name, args=(quote(self.object.pk),))

    def get_versions_url(self):
        return reverse(self.versions_url_name, args=(quote(self.object.pk),))

    def get_restore_url(self, version):
        return reverse(self.restore_url_name, args=(quote(self.object.pk), version.pk))

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(self.model._meta.verbose_name_plural),
            },
            {"url": self.get_edit_url(), "label": str(self.object)},
            *self.get_trail(),
        ]

    def get_trail(self):
        return []


class VersionDateColumn(Column):
    cell_template_name = "search/admin/version_date_cell.html"


class VersionChangesColumn(Column):
    cell_template_name = "search/admin/version_changes_cell.html"


class RestoreColumn(Column):
    cell_template_name = "search/admin/version_restore_cell.html"


class GuidanceVersionsView(GuidanceVersionMixin, BaseListingView):
    """Every reversion version of one entry, newest first, with what each changed
    against the one before it and a way to restore it."""

    template_name = "search/admin/guidance_versions.html"
    # Reading the history needs only view permission (auditors, owners); the
    # restore links appear for those who may change guidance.
    permission_required = "view"
    page_title = "Versions"
    paginate_by = 20
    verbose_name_plural = "versions"

    columns = [
        VersionDateColumn("date", label="Date", accessor="revision.date_created"),
        UserColumn(
            "user",
            label="User",
            accessor="revision.user",
            blank_display_name="System",
        ),
        Column("comment", label="Comment", accessor="revision.get_comment"),
        VersionChangesColumn("changes", label="Changes"),
        RestoreColumn("restore", label="Restore"),
    ]

    def get_trail(self):
        return [{"url": "", "label": "Versions", "sublabel": str(self.object)}]

    @cached_property
    def header_buttons(self):
        return [HeaderButton("Edit", url=self.get_edit_url(), icon_name="edit")]

    def get_index_url(self):  # pagination links
        return self.get_versions_url()

    def get_index_results_url(self):
        return None

    def get_base_queryset(self):
        return (
            Version.objects.get_for_object(self.object)
            .select_related("revision__user__wagtail_userprofile")
            .order_by("-pk")
        )

    def paginate_queryset(self, queryset, page_size):
        paginator, page, versions, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        versions = list(versions)
        can_restore = self.user_has_permission("change")
        older = versions[1:]
        if versions:
            # The version before the last one on this page, to say what that one
            # changed; on the last page it is the first version, which has none.
            older.append(
                queryset.filter(pk__lt=versions[-1].pk).first()
                if page.has_next()
                else None
            )
        for position, (version, previous) in enumerate(
            zip(versions, older, strict=True)
        ):
            version.is_latest = page.number == 1 and position == 0
            version.restore_url = self.get_restore_url(version)
            version.can_restore = can_restore
            version.label_date = version_date(version)
            version.changes = self.describe_changes(version, previous)
        page.object_list = versions
        return paginator, page, versions, is_paginated

    @staticmethod
    def describe_changes(version, previous):
        if previous is None:
            return "First version"
        try:
            changed = changed_fields(version.field_dict, previous.field_dict)
        except RevertError:
            return "Cannot be compared: the stored data no longer loads"
        return ", ".join(changed) if changed else "No field changed"


class GuidanceRestoreView(
    GuidanceVersionMixin, WagtailAdminTemplateMixin, TemplateView
):
    """GET: the version's text and a confirmation form. POST: restore it."""

    template_name = "search/admin/guidance_restore_confirm.html"
    page_title = "Restore version"

    @cached_property
    def version(self):
        return get_object_or_404(
            Version.objects.get_for_object(self.object).select_related(
                "revision__user"
            ),
            pk=self.kwargs["version_id"],
        )

    def get_trail(self):
        return [
            {"url": self.get_versions_url(), "label": "Versions"},
            {"url": "", "label": "Restore", "sublabel": version_date(self.version)},
        ]

    def get(self, request, *args, **kwargs):
        try:
            self.rows = self.describe_version()
        except RevertError:
            return self.unreadable()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            left_out = RestoreGuidanceVersionAction(
                self.object, self.version, user=request.user
            ).execute()
        except RevertError:
            return self.unreadable()
        messages.success(
            request,
            f"Restored the version of {version_date(self.version)} of "
            f"“{self.object}”. The text it replaced is kept as a version.",
        )
        if left_out:
            messages.warning(
                request,
                f"{left_out} reference(s) of that version (clauses or process "
                "area) no longer exist and were left out.",
            )
        return redirect(self.get_edit_url())

    def unreadable(self):
        messages.error(
            self.request, "This version's stored data no longer loads; not restored."
        )
        return redirect(self.get_versions_url())

    def describe_version(self):
        """The version's values, label by label, references resolved, each marked
        when it differs from the entry now."""
        stored = self.version.field_dict
        current = current_field_dict(self.object)
        rows = []
        for key, field in versioned_fields():
            value = stored.get(key)
            if field.many_to_many:
                kind = "list"
            elif isinstance(field, models.TextField):
                kind = "long"
            else:
                kind = "short"
            rows.append(
                {
                    "label": capfirst(field.verbose_name),
                    "value": self.display(field, value),
                    "kind": kind,
                    "differs": comparable(value) != comparable(current.get(key)),
                }
            )
        return rows

    @staticmethod
    def display(field, value):
        if field.many_to_many:
            related = [
                str(obj)
                for obj in field.related_model._default_manager.filter(
                    pk__in=value or []
                )
            ]
            missing = len(set(value or [])) - len(related)
            if missing:
                related.append(f"{missing} that no longer exist(s)")
            return related
        if field.is_relation:
            if value is None:
                return None
            obj = field.related_model._default_manager.filter(pk=value).first()
            return str(obj) if obj else "(no longer exists)"
        return value

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            version=self.version,
            version_date=version_date(self.version),
            rows=self.rows,
            unchanged=not any(row["differs"] for row in self.rows),
            restore_url=self.get_restore_url(self.version),
            versions_url=self.get_versions_url(),
        )
        return context
