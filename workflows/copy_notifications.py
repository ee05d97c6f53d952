"""E-mail to the holders of controlled copies when a newer issue comes into force."""

from django.urls import reverse

from .notifications import IssueRecipientsNotifier, absolute


class CopiesToReplaceNotifier(IssueRecipientsNotifier):
    """A newer issue is in force: each holder (or responsible) of an older copy
    gets one message listing their copies to exchange."""

    notification = "copies_to_replace"

    def get_context(self, issue, numbers=None, **kwargs):
        return {
            "issue": issue,
            "document": issue.document,
            "numbers": numbers or {},
            "copies": absolute(reverse("my_copies")),
        }

    def send_notifications(self, template_set, context, recipients, **kwargs):
        # One message each, naming that person's own copies.
        sent = True
        for user in recipients:
            own = dict(context, own=context["numbers"].get(user.pk, []))
            sent = super().send_notifications(template_set, own, {user}) and sent
        return sent

    def get_subject(self, context):
        document, issue = context["document"], context["issue"]
        return (
            f"[{document.document_number}] Replace your controlled copy with "
            f"version {issue.label}: {document.title}"
        )
