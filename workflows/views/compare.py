"""Wagtail's "Compare" links, for controlled documents: the application's own
comparison, open to everyone who may compare (reviewers and approvers hold no page
permissions, so Wagtail's own view refused them)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from wagtail.admin.views.pages.revisions import RevisionsCompareView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page

from policies.models import ControlledDocumentPage
from policies.roles import may_compare

from .. import diff


class DocumentRevisionsCompareView(RevisionsCompareView):
    template_name = "workflows/admin_compare.html"

    def dispatch(self, request, *args, **kwargs):
        # Past RevisionsCompareView's own dispatch, which admits only people with
        # page permissions; get_object decides instead.
        return super(RevisionsCompareView, self).dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        page = get_object_or_404(Page, id=self.pk).specific
        perms = page.permissions_for_user(self.request.user)
        if not (may_compare(self.request.user, page) or perms.can_edit()):
            raise PermissionDenied
        return page

    def revision(self, revision_id: str):
        page = self.object
        if revision_id == "live":
            return page.live_revision
        if revision_id == "latest":
            return page.get_latest_revision()
        if revision_id == "earliest":
            return page.revisions.order_by("created_at", "id").first()
        return get_object_or_404(page.revisions, id=revision_id)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        old, new = self.revision(self.revision_id_a), self.revision(self.revision_id_b)
        context.update(
            document=self.object,
            old=old,
            new=new,
            **diff.compare(
                type(self.object),
                old.content if old else {},
                new.content if new else {},
            ),
        )
        return context


class ControlledDocumentViewSet(PageViewSet):
    """Wagtail's page views for controlled documents, with our comparison."""

    model = ControlledDocumentPage
    revisions_compare_view_class = DocumentRevisionsCompareView
