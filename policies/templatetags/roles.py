"""Role questions templates ask (the rules themselves live in policies.roles)."""

from django import template

from .. import roles

register = template.Library()


@register.filter
def reads_audit_trail(user) -> bool:
    return roles.reads_audit_trail(user)
