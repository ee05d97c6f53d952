"""Who holds which role: the one place that reads group membership.

Group names are part of the contract (docs/invariants.md, design "Roles"). What an
approver is, is decided here (docs/decisions/0004-what-an-approver-is.md): a member
of an approving group, that is of Approvers or of any group whose name ends in
"approvers" (Finance approvers). Whether an approver may act on one particular
document is the approval task's decision (workflows.permissions)."""

from django.db.models import Q

AUDITORS = "Auditors"
APPROVERS = "Approvers"
REVIEWERS = "Reviewers"
DOCUMENT_OWNERS = "Document owners"
STAFF = "Staff"

APPROVING_GROUP_SUFFIX = "approvers"
# The groups a document may name as its approving group.
APPROVING_GROUPS = Q(name__iendswith=APPROVING_GROUP_SUFFIX)


def user_groups(user) -> dict[int, str]:
    """The user's groups (id: name), read once per user object, as Django's
    ModelBackend caches permissions on it: a page that asks several role questions
    costs one query."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_itsms_groups"):
        user._itsms_groups = dict(user.groups.values_list("pk", "name"))
    return user._itsms_groups


def in_group(user, group_id: int) -> bool:
    return group_id in user_groups(user)


def _holds(names, role: str) -> bool:
    if role == APPROVERS:
        return any(name.lower().endswith(APPROVING_GROUP_SUFFIX) for name in names)
    return role in names


def groups_of_roles(*roles: str) -> Q:
    """The groups that give any of `roles`, as a filter on Group."""
    condition = Q(pk__in=[])
    for role in roles:
        condition |= APPROVING_GROUPS if role == APPROVERS else Q(name=role)
    return condition


def has_role(user, *roles: str) -> bool:
    """Superusers hold every role; everyone else by membership of the role's
    groups."""
    if user.is_superuser:
        return True
    names = user_groups(user).values()
    return any(_holds(names, role) for role in roles)


def is_approver(user) -> bool:
    return has_role(user, APPROVERS)


def sees_drafts(user) -> bool:
    """Drafts' existence is for auditors, approvers, reviewers and owners; staff see
    issued documents (current or withdrawn) only."""
    return has_role(user, AUDITORS, APPROVERS, REVIEWERS, DOCUMENT_OWNERS)


def reads_record_detail(user, document) -> bool:
    """Reviewer comments and hashes: auditors, approvers and the owner."""
    return user.pk == document.document_owner_id or has_role(user, AUDITORS, APPROVERS)


def may_compare(user, document) -> bool:
    """Superseded issues and comparisons: record readers, and reviewers, who compare
    a submitted draft with the current issue."""
    return user.pk == document.document_owner_id or has_role(
        user, AUDITORS, APPROVERS, REVIEWERS
    )


def reads_audit_trail(user) -> bool:
    """The audit page and the audit trail export: auditors and approvers."""
    return has_role(user, AUDITORS, APPROVERS)
