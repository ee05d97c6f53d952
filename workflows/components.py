"""Dashboard panels of the Wagtail admin."""

from wagtail.admin.ui.components import Component


class ReviewsDuePanel(Component):
    """Documents whose periodic review is overdue or due within 30 days: the owner's
    own, or every document for approvers and auditors."""

    name = "reviews_due"
    template_name = "workflows/reviews_due_panel.html"
    order = 60

    def __init__(self, documents, today):
        self.documents, self.today = documents, today

    def get_context_data(self, parent_context):
        return {"documents": self.documents, "today": self.today}


class AwaitingSignOffPanel(Component):
    """The review and approval tasks the user may act on, each linking to its
    sign-off page; or, for a task they may not sign, the reason. Replaces
    Wagtail's "Awaiting your review" panel, whose menu approved in one click."""

    name = "awaiting_sign_off"
    template_name = "workflows/awaiting_sign_off_panel.html"
    order = 210

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {"rows": self.rows}


class ReviewsToConfirmPanel(Component):
    """Periodic reviews that owners recorded as needing no change, waiting for
    this approver's confirmation."""

    name = "reviews_to_confirm"
    template_name = "workflows/reviews_to_confirm_panel.html"
    order = 215

    def __init__(self, reviews):
        self.reviews = reviews

    def get_context_data(self, parent_context):
        return {"reviews": self.reviews}
