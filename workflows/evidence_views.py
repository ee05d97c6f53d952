"""/evidence/: request an evidence pack as of a day (auditors and approvers), follow
its progress, download it (its requester, auditors and approvers)."""

import re

from django.http import FileResponse, Http404, HttpResponseForbidden, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from policies.dates import parse_day
from policies.models import Clause
from policies.roles import APPROVERS, AUDITORS, has_role

from .evidence import packs_root
from .evidence_tasks import build_evidence_pack
from .models import EvidencePack

CLAUSE_NUMBER = re.compile(r"[0-9]{1,2}(\.[0-9]{1,2}){0,4}", re.ASCII)
LISTED = 50


def may_request_packs(user) -> bool:
    return has_role(user, AUDITORS, APPROVERS)


def parse_clauses(text: str) -> list[str]:
    """Clause numbers separated by commas or spaces; ValueError naming the unknown."""
    numbers = [part for part in re.split(r"[,\s]+", text.strip()) if part][:40]
    bad = [n for n in numbers if not CLAUSE_NUMBER.fullmatch(n)]
    known = set(
        Clause.objects.filter(number__in=numbers).values_list("number", flat=True)
    )
    bad += [n for n in numbers if n not in known and n not in bad]
    if bad:
        raise ValueError(
            "Unknown clause "
            + ", ".join(b[:20] for b in bad)
            + ": give ISO/IEC 20000-1:2018 clause numbers such as 8.1, 9.2."
        )
    return list(dict.fromkeys(numbers))


def evidence(request):
    if not may_request_packs(request.user):
        return HttpResponseForbidden("Evidence packs are for auditors and approvers.")
    errors, values = [], {"as_of": timezone.localdate().isoformat(), "clauses": ""}
    if request.method == "POST":
        values = {
            "as_of": request.POST.get("as_of", "").strip(),
            "clauses": request.POST.get("clauses", "")[:400],
        }
        try:
            as_of = parse_day(values["as_of"].replace("\x00", ""), "as_of")
            if as_of is None:
                raise ValueError("Give the day the pack is as of (YYYY-MM-DD).")
            clauses = parse_clauses(values["clauses"].replace("\x00", ""))
        except ValueError as error:
            errors.append(str(error))
        else:
            pack = EvidencePack.objects.create(
                requested_by=request.user, as_of=as_of, clauses=clauses
            )
            build_evidence_pack.enqueue(pack.pk)
            return redirect(reverse("evidence") + f"#pack-{pack.pk}")
    packs = EvidencePack.objects.select_related("requested_by")[:LISTED]
    return TemplateResponse(
        request,
        "workflows/evidence.html",
        {"packs": packs, "errors": errors, "values": values},
        status=400 if errors else 200,
    )


def evidence_status(request):
    """The listed packs' status and progress, for static/workflows/evidence.js."""
    if not may_request_packs(request.user):
        return HttpResponseForbidden("Evidence packs are for auditors and approvers.")
    packs = EvidencePack.objects.all()[:LISTED]
    return JsonResponse(
        {
            "packs": [
                {
                    "id": pack.pk,
                    "status": pack.status,
                    "status_display": pack.get_status_display(),
                    "done": pack.progress_done,
                    "total": pack.progress_total,
                    "download": reverse("evidence_download", args=(pack.pk,))
                    if pack.status == EvidencePack.Status.DONE
                    else None,
                }
                for pack in packs
            ]
        }
    )


def evidence_download(request, pk):
    pack = get_object_or_404(EvidencePack, pk=pk)
    if pack.requested_by_id != request.user.pk and not may_request_packs(request.user):
        return HttpResponseForbidden("This evidence pack is not yours.")
    if pack.status != EvidencePack.Status.DONE or not pack.file:
        raise Http404("This evidence pack is not ready.")
    path = packs_root() / pack.file
    if not path.is_file():
        raise Http404("This evidence pack's file is gone.")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=pack.file_name,
        content_type="application/zip",
    )
