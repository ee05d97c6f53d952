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
