"""The background task that builds an evidence pack (django-tasks; the database
backend "evidence", run by `manage.py db_worker --backend evidence`)."""

import logging

from django.utils import timezone
from django_tasks import task

from .evidence import build_pack
from .models import EvidencePack

logger = logging.getLogger(__name__)


@task(backend="evidence")
def build_evidence_pack(pack_id: int) -> str:
    """Build one pack: queued -> running -> done, or failed with the error."""
    pack = EvidencePack.objects.select_related("requested_by").get(pk=pack_id)
    EvidencePack.objects.filter(pk=pack_id).update(
        status=EvidencePack.Status.RUNNING, error=""
    )
    try:
        path = build_pack(pack)
    except Exception as error:
        logger.exception("Evidence pack %s failed", pack_id)
        EvidencePack.objects.filter(pk=pack_id).update(
            status=EvidencePack.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
        raise
    EvidencePack.objects.filter(pk=pack_id).update(
        status=EvidencePack.Status.DONE, finished_at=timezone.now()
    )
    return path.name
