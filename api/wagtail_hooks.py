"""How the API's tokens show in the Wagtail admin: a menu item to the token pages
(which are on the site, as staff have no admin access), and the audit log's
wording for creating and revoking a token (Settings → Reports → Site history)."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from .actions import CREATED_LOG_ACTION, REVOKED_LOG_ACTION

LOG_ACTIONS = [
    (
        CREATED_LOG_ACTION,
        "API token created",
        "API token {prefix} ({name}) created for {owner}",
    ),
    (
        REVOKED_LOG_ACTION,
        "API token revoked",
        "API token {prefix} ({name}) of {owner} revoked",
    ),
]


class ApiTokenLogFormatter(LogFormatter):
    template = ""

    def format_message(self, log_entry):
        return self.template.format(**log_entry.data)


@hooks.register("register_log_actions")
def register_api_token_log_actions(actions):
    for action, label, template in LOG_ACTIONS:
        formatter = type(
            "ApiTokenLogFormatter",
            (ApiTokenLogFormatter,),
            {"label": label, "template": template},
        )
        actions.register_action(action)(formatter)


@hooks.register("register_admin_menu_item")
def register_api_tokens_menu_item():
    return MenuItem("API tokens", reverse("api_tokens"), icon_name="key", order=10_000)


@hooks.register("register_account_menu_item")
def api_tokens_account_item(request):
    return {
        "url": reverse("api_tokens"),
        "label": "API tokens",
        "help_text": "Make and revoke your personal tokens for the REST API.",
    }
