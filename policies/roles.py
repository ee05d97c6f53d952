"""Role checks by the group names of design.md (which are part of the contract)."""

AUDITORS = "Auditors"
APPROVERS = "Approvers"
REVIEWERS = "Reviewers"
DOCUMENT_OWNERS = "Document owners"


def has_role(user, *group_names):
    """Superusers hold every role; everyone else by membership of a named group."""
    return user.is_superuser or user.groups.filter(name__in=group_names).exists()
