from django.shortcuts import get_object_or_404, redirect

from .models import ControlledDocumentPage


def document_permalink(request, number):
    """Stable link to a document by its number, wherever it sits in the tree."""
    document = get_object_or_404(
        ControlledDocumentPage.objects.live().only("url_path"),
        document_number=number,
    )
    return redirect(document.get_url(request))
