"""Evidence files: type by content, size cap, extension agreement, nothing saved on refusal, and
downloads only for those who may see the unit's scores."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.assessment.models import Evidence, ManualEntry, ScoreChange
from gongkai.registry.models import Unit
from tests.assessment.conftest import figure_bytes, make_period
from tests.zipbombs import docx_bomb, plain_docx, traced_peak, with_lying_member, with_member

# the start of a Windows executable: "MZ" header, DOS stub, NUL padding
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run"
)


@pytest.fixture
def period(sample_county, users, media):
    yanshi = sample_county["偃师市"]
    units = Unit.objects.filter(region=yanshi, name__in=["教育体育局", "公安局"])
    return make_period(yanshi, "guoban-2019", user=users["supervisor"], units=list(units))


def _post(client, period, unit, files, points="88"):
    return client.post(
        f"/assessment/{period.pk}/units/{unit.pk}/manual/deductions/",
        {"applicable": "on", "points": points, "reason": "门户网站检查扣12分", "files": files},
    )


def _own(sample_county):
    return Unit.objects.get(region=sample_county["偃师市"], name="教育体育局")


@pytest.mark.django_db
def test_pdf_and_png_are_accepted_and_stored_outside_the_web_root(period, users, sample_county, media):
    client = Client()
    client.force_login(users["assessor"])
    pdf, png = figure_bytes("pdf"), figure_bytes("png")
    files = [
        SimpleUploadedFile("检查截图.png", png, content_type="image/png"),
        SimpleUploadedFile("扣分说明.pdf", pdf, content_type="application/octet-stream"),
    ]
    response = _post(client, period, _own(sample_county), files)
    assert response.status_code == 302, response.content.decode()
    stored = {e.original_name: e for e in Evidence.objects.all()}
    assert set(stored) == {"检查截图.png", "扣分说明.pdf"}
    assert stored["扣分说明.pdf"].content_type == "application/pdf"  # detected, not as declared
    assert stored["检查截图.png"].sha256 == hashlib.sha256(png).hexdigest()
    path = stored["扣分说明.pdf"].file.path
    assert path.startswith(str(media)) and f"evidence/{period.pk}/{_own(sample_county).pk}/" in path
    with open(path, "rb") as handle:
        assert handle.read() == pdf
    change = ScoreChange.objects.get(what="deductions")
    assert "检查截图.png" in change.reason and change.new == "88 分"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.pdf", EXE, "内容不是允许的类型"),
        ("picture.pdf", "png", "扩展名“.pdf”与内容不符"),
        ("setup.exe", "pdf", "扩展名“.exe”与内容不符"),
        ("big.pdf", "big", "超过大小上限"),
    ],
)
def test_refused_files_save_nothing(period, users, sample_county, media, settings, name, data, message):
    settings.MAX_UPLOAD_BYTES = 20_000
    content = {
        "png": figure_bytes("png"),
        "pdf": figure_bytes("pdf"),
        "big": b"%PDF-1.4\n" + b"0" * 20_001,
    }.get(data, data)
    client = Client()
    client.force_login(users["assessor"])
    ok = SimpleUploadedFile("fine.txt", "检查记录\n".encode(), content_type="text/plain")
    response = _post(client, period, _own(sample_county), [ok, SimpleUploadedFile(name, content)])
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ManualEntry.objects.exists() and not Evidence.objects.exists()
    assert not ScoreChange.objects.filter(what="deductions").exists()
    assert not (media / "evidence").exists() or not any((media / "evidence").rglob("*.*"))


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("build", "message"),
    [
        (docx_bomb, "解压后过大"),  # [Content_Types].xml inflates to 500 MB
        (lambda: with_lying_member(plain_docx(), "word/media/image1.png", 60), "解压后过大"),
        (lambda: with_lying_member(plain_docx(), "word/media/image1.png", 2), "压缩比达"),
        (lambda: with_member(plain_docx(), "word/media/photos.zip", plain_docx()), "嵌套了压缩包"),
    ],
    ids=["500MB-manifest", "lying-header-60MB", "lying-header-2MB", "nested-zip"],
)
def test_zip_bomb_evidence_is_refused_by_streaming(period, users, sample_county, media, build, message):
    """Issue 12.5: the bomb used to be read whole (about 1 GB of memory) and then accepted."""
    client = Client()
    client.force_login(users["assessor"])
    upload = SimpleUploadedFile("扣分说明.docx", build(), content_type=DOCX)
    response, peak = traced_peak(lambda: _post(client, period, _own(sample_county), [upload]))
    assert response.status_code == 200
    assert "文件“扣分说明.docx”被拒绝" in response.content.decode()
    assert message in response.content.decode()
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB"
    assert not ManualEntry.objects.exists() and not Evidence.objects.exists()
    assert not (media / "evidence").exists() or not any((media / "evidence").rglob("*.*"))


@pytest.mark.django_db
def test_a_document_with_an_embedded_workbook_is_accepted(period, users, sample_county, media):
    """Word puts a chart's data in word/embeddings/*.xlsx: one level of nesting is ordinary."""
    from openpyxl import Workbook

    workbook = io.BytesIO()
    Workbook().save(workbook)
    data = with_member(plain_docx(), "word/embeddings/Microsoft_Excel_Worksheet.xlsx", workbook.getvalue())
    client = Client()
    client.force_login(users["assessor"])
    response = _post(client, period, _own(sample_county), [SimpleUploadedFile("说明.docx", data)])
    assert response.status_code == 302, response.content.decode()
    assert Evidence.objects.get().content_type == DOCX


@pytest.fixture
def evidence(period, users, sample_county):
    client = Client()
    client.force_login(users["assessor"])
    _post(client, period, _own(sample_county), [SimpleUploadedFile("扣分说明.pdf", figure_bytes("pdf"))])
    return Evidence.objects.get()


EXPECTED_UNPUBLISHED = {
    "anonymous": 302,
    "supervisor": 200,
    "assessor": 200,
    "leader": 200,
    "unit_admin": 403,
    "other_admin": 403,
    "shangnan_supervisor": 403,
}


@pytest.mark.django_db
@pytest.mark.parametrize("published", [False, True])
def test_download_is_checked_like_the_score_page(evidence, period, users, published):
    if published:
        period.status = "已发布"
        period.save()
    expected = dict(EXPECTED_UNPUBLISHED, unit_admin=200 if published else 403)
    mismatches = []
    for role, status in expected.items():
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        response = client.get(f"/assessment/evidence/{evidence.pk}/")
        if response.status_code != status:
            mismatches.append(f"{role}: {response.status_code}, expected {status}")
        elif status == 200:
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("attachment;")
            assert response["X-Content-Type-Options"] == "nosniff"
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
        elif status == 403:
            assert "无权下载" in response.content.decode()
    assert not mismatches, "\n".join(mismatches)
