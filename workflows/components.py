"""Dashboard panels of the Wagtail admin."""

from wagtail.admin.ui.components import Component


class DashboardPanel(Component):
    """A panel of the dashboard: a template and what it shows."""

    def __init__(self, name: str, template_name: str, order: int, **context):
        self.name, self.template_name, self.order = name, template_name, order
        self.context = context

    def get_context_data(self, parent_context):
        return self.context


def reviews_due_panel(documents, today) -> DashboardPanel:
    """Documents whose periodic review is overdue or due within 30 days: the
    owner's own, or every document for approvers and auditors."""
    return DashboardPanel(
        "reviews_due",
        "workflows/reviews_due_panel.html",
        60,
        documents=documents,
        today=today,
    )


def awaiting_sign_off_panel(rows) -> DashboardPanel:
    """The review and approval tasks the user may act on, each linking to its
    sign-off page, or with the reason they may not sign it. Replaces Wagtail's
    "Awaiting your review" panel, whose menu approved in one click."""
    return DashboardPanel(
        "awaiting_sign_off", "workflows/awaiting_sign_off_panel.html", 210, rows=rows
    )


def reviews_to_confirm_panel(reviews) -> DashboardPanel:
    """Periodic reviews recorded as needing no change, waiting for this approver's
    confirmation."""
    return DashboardPanel(
        "reviews_to_confirm",
        "workflows/reviews_to_confirm_panel.html",
        215,
        reviews=reviews,
    )


def my_reading_panel(items) -> DashboardPanel:
    """What the user must read and acknowledge, soonest due first."""
    return DashboardPanel(
        "my_reading", "workflows/my_reading_panel.html", 205, items=items
    )
