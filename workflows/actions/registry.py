"""The controlled actions people choose on a document, in the order they are
offered, with what the screens call them. Registered with Wagtail's action registry
(wagtail_hooks) so the admin view finds each by name."""

from dataclasses import dataclass

from policies.models import ControlledDocumentPage

from .base import DocumentAction
from .review import ConfirmReviewAction, RecordReviewAction
from .withdrawal import ReinstateDocumentAction, WithdrawDocumentAction


@dataclass(frozen=True)
class Wording:
    button: str  # in the admin page header
    link: str  # on the document's page
    icon: str
    title: str  # of the form, with {number}
    field: str  # what the reason field asks for
    help: str
    done: str  # with {number}


DOCUMENT_ACTIONS: dict[type[DocumentAction], Wording] = {
    ReinstateDocumentAction: Wording(
        button="Reinstate",
        link="Reinstate this document",
        icon="undo",
        title="Reinstate {number}",
        field="Reason for reinstatement",
        help="The document returns to the library at its last issue, exactly as "
        "it was approved, and can be edited again through approval.",
        done="{number} is reinstated: its last issue is current again.",
    ),
    WithdrawDocumentAction: Wording(
        button="Withdraw",
        link="Withdraw this document",
        icon="cross",
        title="Withdraw {number}",
        field="Reason for withdrawal",
        help="The document leaves the library and search; its issues stay in its "
        "history. Nobody can edit it again until an approver reinstates it.",
        done="{number} is withdrawn.",
    ),
    ConfirmReviewAction: Wording(
        button="Confirm review",
        link="Confirm its periodic review",
        icon="tick",
        title="Confirm the review of {number}",
        field="Comment",
        help="Confirm that the document was reviewed and needs no change.",
        done="Review of {number} confirmed; next review moved.",
    ),
    RecordReviewAction: Wording(
        button="Record review: no change needed",
        link="Record review: no change needed",
        icon="tick",
        title="Record the review of {number}",
        field="What you checked, and why no change is needed",
        help="An approver confirms the review; the next review date then moves by "
        "the review interval, without a new version.",
        done="Review of {number} recorded; an approver will confirm it.",
    ),
}


def available_actions(
    document: ControlledDocumentPage, user
) -> list[tuple[DocumentAction, Wording]]:
    """The actions `user` may take on `document` now, each decided by its own
    check: what buttons, links and reports offer."""
    available = []
    for action_class, wording in DOCUMENT_ACTIONS.items():
        action = action_class(document, user=user)
        if action.is_available():
            available.append((action, wording))
    return available
