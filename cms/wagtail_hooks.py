from axes.models import AccessAttempt
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from policies.models import ControlledDocumentPage
from workflows.selectors import approval_states


class MyDocumentsPanel(Component):
    """The documents the signed-in user owns, with what a document owner watches:
    version, live or draft, where each stands in approval (in review, changes
    requested and by whom, awaiting approval), and when the next review falls
    due."""

    name = "my_controlled_documents"
    template_name = "cms/dashboard/my_documents_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        documents = list(
            ControlledDocumentPage.objects.filter(document_owner=self.user).order_by(
                "next_review_due", "document_number"
            )
        )
        states = approval_states(documents)
        for document in documents:
            document.approval_state = states[document.pk]
        context["documents"] = documents
        return context


@hooks.register("construct_homepage_panels")
def add_my_documents_panel(request, panels):
    if ControlledDocumentPage.objects.filter(document_owner=request.user).exists():
        panels.append(MyDocumentsPanel(request.user))


class UnlockOnlyPolicy(ModelPermissionPolicy):
    """Locked-out logins are looked at and deleted (which unlocks), never made up
    or edited: by administrators, or whoever is given delete permission."""

    def user_has_permission(self, user, action):
        if action in {"add", "change"}:
            return False
        return super().user_has_permission(user, action)


class LockedOutLoginsViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = "Locked-out logins"
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    form_fields = ["username"]
    copy_view_enabled = False
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_locked_out_logins():
    return LockedOutLoginsViewSet("locked_out_logins")
