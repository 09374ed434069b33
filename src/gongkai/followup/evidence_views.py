"""Serving the evidence behind an audit finding (issue 18): its screenshot, shown inline, and the
page as fetched and its response headers, both only as downloads of plain text.

Every file is read through gongkai.monitoring.evidence_files.evidence_file (never outside the
run's folder); the kind in the URL is one of KINDS and names a key of the finding's
``data["evidence"]``, so nothing in a request becomes a path. The page as fetched is the audited
site's own HTML: it is never rendered here (text/plain attachment, nosniff, and a sandboxing
Content-Security-Policy on every evidence response, the image included).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from gongkai.followup import access
from gongkai.monitoring.evidence_files import evidence_file
from gongkai.monitoring.models import AuditRun, Finding
from gongkai.uploads import attachment_response

# kind in the URL -> (key of data["evidence"], content type, file name suffix, inline)
CAPTURE_KINDS: dict[str, tuple[str, str, str, bool]] = {
    "screenshot": ("screenshot", "image/png", ".png", True),
    "html": ("html", "text/plain; charset=utf-8", ".html.txt", False),
    "headers": ("headers", "text/plain; charset=utf-8", ".headers.txt", False),
}
# the second capture before a single-item veto (gongkai.audit.recapture): evidence["recapture"]
RECAPTURE = "recapture-"
KINDS = {**CAPTURE_KINDS, **{RECAPTURE + kind: spec for kind, spec in CAPTURE_KINDS.items()}}
LABELS = {"screenshot": "证据截图", "html": "网页原文", "headers": "应答头"}
LABELS.update({RECAPTURE + kind: f"再次取证{label}" for kind, label in LABELS.items()})
POLICY = "default-src 'none'; sandbox"
GONE = "证据已按保存期限删除"
NOT_KEPT = "该检查发现没有保存这项证据"


class EvidenceMissing(Exception):
    """The finding has no such evidence, or its file is gone; the message is Chinese."""


def evidence_of(finding: Finding) -> dict | None:
    """The finding's ``evidence`` entry, or None when the audit kept none for it."""
    data = finding.data if isinstance(finding.data, dict) else {}
    evidence = data.get("evidence")
    return evidence if isinstance(evidence, dict) else None


def evidence_path(finding: Finding, kind: str) -> Path:
    """The file of ``kind`` for ``finding`` (check the permission first). Http404 for an unknown
    kind; EvidenceMissing when the audit kept no such file or it has been deleted since."""
    if kind not in KINDS:
        raise Http404("证据类型只能是截图、网页原文或应答头。")
    relative = _relative(evidence_of(finding), kind)
    if relative is None:
        raise EvidenceMissing(NOT_KEPT)
    path = evidence_file(finding.run, relative)
    if path is None:
        raise EvidenceMissing(GONE)
    return path


def _capture(evidence: dict | None, kind: str) -> dict:
    """The capture a kind names: the evidence itself, or its second capture (``recapture-…``)."""
    if evidence and kind.startswith(RECAPTURE):
        evidence = evidence.get("recapture")
    return evidence if isinstance(evidence, dict) else {}


def _relative(evidence: dict | None, kind: str) -> str | None:
    relative = _capture(evidence, kind).get(KINDS[kind][0])
    return relative if isinstance(relative, str) and relative else None


def evidence_response(finding: Finding, kind: str, path: Path) -> FileResponse:
    """The file as the browser must treat it: the PNG inline, the rest as text downloads."""
    _key, content_type, suffix, inline = KINDS[kind]
    name = f"evidence-{finding.pk}{suffix}"
    if inline:
        response = FileResponse(path.open("rb"), content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{name}"'
    else:
        label = f"{LABELS[kind]}-{finding.pk}{suffix}"
        response = attachment_response(
            path.open("rb"), content_type=content_type, ascii_name=name, name=label
        )
    return secured(response)


def secured(response: HttpResponse) -> HttpResponse:
    """The headers every evidence response carries, its errors included."""
    response["Content-Security-Policy"] = POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


def evidence_urls(
    finding: Finding, url_name: str = "followup:finding_evidence", *, check_files: bool = False
) -> dict | None:
    """For pages and the API: the URLs of the finding's evidence files, its SHA-256 and fetch
    time (a datetime when it parses); None when the audit kept no evidence for it. With
    ``check_files`` (pages) a file no longer on disk gets no URL, and ``gone`` says that every
    file kept has been deleted (retention)."""
    evidence = evidence_of(finding)
    if evidence is None:
        return None
    links = _capture_urls(finding, evidence, "", url_name, check_files)
    second = evidence.get("recapture")
    links["recapture"] = (
        _capture_urls(finding, evidence, RECAPTURE, url_name, check_files)
        if isinstance(second, dict)
        else None
    )
    return links


def _capture_urls(finding: Finding, evidence: dict, prefix: str, url_name: str, check_files: bool) -> dict:
    """The URLs, hash and time of one capture (``prefix`` "" or RECAPTURE)."""
    kinds = [prefix + kind for kind in CAPTURE_KINDS]
    kept = {kind: rel for kind in kinds if (rel := _relative(evidence, kind))}
    present = {kind for kind, rel in kept.items() if not check_files or evidence_file(finding.run, rel)}
    urls = {
        kind.removeprefix(prefix): reverse(url_name, args=[finding.pk, kind]) if kind in present else None
        for kind in kinds
    }
    capture = _capture(evidence, prefix + "html")
    fetched = capture.get("fetched_at") or ""
    try:
        when: datetime | str = datetime.fromisoformat(fetched)
    except (TypeError, ValueError):
        when = fetched
    return {
        **urls,
        "sha256": capture.get("sha256") or "",
        "fetched_at": when,
        "gone": bool(kept) and not present,
    }


def attach_runs(findings: Iterable[Finding | None]) -> None:
    """Load the evidence folder of the findings' runs in one query (only that column: a run's
    packed pages are large), so that pages listing findings can check the files."""
    findings = [f for f in findings if f is not None and evidence_of(f) is not None]
    runs = AuditRun.objects.only("id", "evidence_dir").in_bulk({f.run_id for f in findings})
    for finding in findings:
        if finding.run_id in runs:
            finding.run = runs[finding.run_id]


@login_required
def finding_evidence(request: HttpRequest, finding_id: int, kind: str) -> HttpResponse:
    finding = get_object_or_404(Finding.objects.select_related("run__site"), pk=finding_id)
    if not access.can_view_finding(request.user, finding):
        raise PermissionDenied("您无权查看该检查发现的证据（单位管理员只能查看本单位的检查证据）。")
    try:
        path = evidence_path(finding, kind)
    except EvidenceMissing as missing:
        page = render(request, "followup/evidence_gone.html", {"reason": str(missing)}, status=404)
        return secured(page)
    return evidence_response(finding, kind, path)
