"""Template tags that keep what a reader may not read out of a page."""

from django import template

from ..access import may_read_all, reads_everything
from ..fields import Classification

register = template.Library()


@register.simple_tag(takes_context=True)
def readable_documents(context, documents):
    """The live documents among `documents` (pages a block chose) that the reader
    may read, in their order; a query only when some are confidential."""
    request = context.get("request")
    documents = [d for d in documents if d is not None and d.live]
    if request is None:
        return []
    confidential = [
        d for d in documents if d.classification == Classification.CONFIDENTIAL
    ]
    if not confidential or reads_everything(request.user):
        return documents
    allowed = may_read_all(request.user, confidential)
    return [
        d
        for d in documents
        if d.classification != Classification.CONFIDENTIAL or d.pk in allowed
    ]
