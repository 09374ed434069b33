"""Peak memory of each upload path on the zip bombs of issue 12.5, one fresh process per case.

    python bench/uploads/bombs.py                  # this tree's src/
    python bench/uploads/bombs.py --src /tmp/old   # another tree's src/ (e.g. before the fix)

Each case runs the function the upload view calls (evidence check, registry import reader,
metric/score table reader, crawler attachment reader) in a child process and prints the growth
of the child's maximum resident set (ru_maxrss) during that call, and the outcome.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.zipbombs import docx_bomb, plain_docx, with_lying_member, with_zero_member  # noqa: E402

CHILD = r"""
import io, json, os, resource, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
try:
    from gongkai.uploads import check_upload, UploadError
except ImportError:  # a tree from before the shared upload module
    from gongkai.assessment.evidence import check_upload, EvidenceError as UploadError
from gongkai.registry.excel_read import open_workbook
from gongkai.scoring.table_io import read_table, TableError
from gongkai.text.attachments import extract_text, AttachmentError
from pathlib import Path

path, kind = sys.argv[1], sys.argv[2]
data = Path(path).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    if kind == "evidence":
        checked = check_upload(SimpleUploadedFile("x.docx", data))
        outcome = "accepted as " + checked.content_type.rsplit(".", 1)[-1]
    elif kind == "registry":
        workbook, problems = open_workbook(data, 10 * 1024 * 1024)
        outcome = "refused: " + str(problems[0]) if problems else "opened"
    elif kind == "metric":
        headers, rows = read_table(Path(path))
        outcome = f"read {len(rows)} rows"
    else:
        outcome = f"read {len(extract_text(data, 'a.docx', max_bytes=10 * 1024 * 1024))} characters"
except (UploadError, TableError, AttachmentError) as exc:
    outcome = "refused: " + str(exc)
except Exception as exc:
    outcome = f"error {type(exc).__name__}: {str(exc)[:80]}"
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rss_mb": round((after - before) / 1024, 1), "outcome": outcome[:160]}, ensure_ascii=False))
"""


def xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["单位", "类别", "报送信息", "采用信息"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", default=str(ROOT / "src"))
    args = parser.parse_args()
    cases = {
        "docx, 500 MB [Content_Types].xml": (".docx", docx_bomb(), ["evidence", "attachment"]),
        "docx, 500 MB member declared as 1000 bytes": (
            ".docx", with_lying_member(plain_docx(), "word/media/image1.png", 500), ["evidence", "attachment"],
        ),
        "xlsx, 500 MB [Content_Types].xml": (
            ".xlsx", with_zero_member(xlsx(), "[Content_Types].xml", 500), ["registry", "metric"],
        ),
        "xlsx, 500 MB member declared as 1000 bytes": (
            ".xlsx", with_lying_member(xlsx(), "xl/media/image1.png", 500), ["registry", "metric"],
        ),
    }  # fmt: skip
    env = dict(os.environ, PYTHONPATH=args.src, GONGKAI_DATA_DIR=tempfile.mkdtemp())
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for label, (suffix, data, kinds) in cases.items():
            path = Path(folder) / f"bomb{suffix}"
            path.write_bytes(data)
            for kind in kinds:
                done = subprocess.run(
                    [sys.executable, "-c", CHILD, str(path), kind], env=env, capture_output=True, text=True
                )
                line = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
                result = {"file": label, "size_kb": len(data) // 1024, "path": kind, **json.loads(line)}
                results.append(result)
                print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
