"""gongkai.uploads on its own: what it may import, the batch check, the stored names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.uploads import CheckedFile, UploadError, check_uploads, random_name
from tests.assessment.conftest import figure_bytes

SRC = Path(__file__).resolve().parents[1] / "src" / "gongkai"


def _gongkai_imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return {m for m in modules if m.split(".")[0] == "gongkai"}


def test_the_module_imports_no_gongkai_app():
    assert _gongkai_imports(SRC / "uploads.py") <= {"gongkai.zipcheck", "gongkai.text_encoding"}  # engines


UPLOAD_NAMES = {
    "UploadedFile",
    "MultipleFileField",
    "check_upload",
    "check_uploads",
    "CheckedFile",
    "size_text",
}


def test_followup_takes_uploads_from_the_shared_module_not_from_assessment():
    """followup may ask assessment about periods, scores and access, never about uploads."""
    for path in (SRC / "followup").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("gongkai.assessment"):
                assert node.module not in ("gongkai.assessment.forms", "gongkai.assessment.evidence"), path
                assert not {alias.name for alias in node.names} & UPLOAD_NAMES, path


def test_a_batch_is_refused_whole_naming_every_refused_file(settings):
    settings.MAX_UPLOAD_BYTES = 20_000
    files = [
        SimpleUploadedFile("好的.pdf", figure_bytes("pdf")),
        SimpleUploadedFile("图片.pdf", figure_bytes("png")),
        SimpleUploadedFile("空.txt", b""),
    ]
    with pytest.raises(UploadError) as refused:
        check_uploads(files)
    message = str(refused.value)
    assert message.split("；") == [
        "文件“图片.pdf”的扩展名“.pdf”与内容不符：内容是PNG 图片，应为 .png，未保存",
        "文件“空.txt”是空文件，未保存",
    ]


def test_an_accepted_batch_keeps_order_and_the_detected_type():
    checked = check_uploads(
        [
            SimpleUploadedFile("a.png", figure_bytes("png")),
            SimpleUploadedFile("说明.txt", "整改完毕".encode()),
        ]
    )
    assert [c.name for c in checked] == ["a.png", "说明.txt"]
    assert all(isinstance(c, CheckedFile) for c in checked)
    assert [c.content_type for c in checked] == ["image/png", "text/plain"]
    assert check_uploads([]) == []


def test_a_stored_name_is_random_under_the_prefix_with_the_extension_in_lower_case():
    first, second = (random_name("followup/3/7", "../../整改 截图.PNG") for _ in range(2))
    assert re.fullmatch(r"followup/3/7/[0-9a-f]{32}\.png", first)
    assert first != second
    assert re.fullmatch(r"evidence/1/2/[0-9a-f]{32}", random_name("evidence/1/2", "README"))
