"""Views of the composition root that adjust Wagtail's own."""

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.account import AccountView


class ControlledAccountView(AccountView):
    """Wagtail's account settings without the name and e-mail panel: display names
    and addresses appear on signatures and receive controlled mail, so only
    administrators change them (Settings → Users)."""

    def get_panels(self):
        return [panel for panel in super().get_panels() if panel.name != "name_email"]


account = require_admin_access(ControlledAccountView.as_view())
