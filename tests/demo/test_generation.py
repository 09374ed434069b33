"""Generation of the sample county: determinism, structure, manifest, footers and tags, files."""

from __future__ import annotations

import hashlib
import io
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pypdf
import pytest

from gongkai.audit.checks.footer import ITEMS, SITE_ID_FORMAT, footer_text, has_conac_mark, site_id_code
from gongkai.audit.checks.tags import REQUIRED
from gongkai.audit.page import Page
from gongkai.demo.manifest import CountyManifest
from gongkai.demo.sites import generate_county, id_check_digit
from gongkai.text.privacy import valid_id
from tests.demo.conftest import AS_OF, yanshi_units

CONTRACT_KINDS = {
    "broken_link",
    "empty_column",
    "stale_column",
    "home_not_updated",
    "typo",
    "privacy",
    "sensitive_word",
    "missing_meta",
    "footer",
    "policy_metadata",
    "interpretation_unlinked",
    "site",
}
# the 政府信息公开工作年度报告 kinds of docs/audit-json.md the demo plants (mismatch needs a register)
ANNUAL_KINDS = {
    "annual_report_missing",
    "annual_report_late",
    "annual_report_identity",
    "annual_report_copied",
}


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def read_page(root: Path, slug: str, path: str, encoding: str) -> str:
    file = root / slug / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
    return file.read_bytes().decode("gbk" if encoding == "gbk" else "utf-8")


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    units = yanshi_units()[:20]
    generate_county(tmp_path / "a", as_of=AS_OF, units=units, seed=7)
    # another process with another hash seed, a few seconds later: still the same bytes
    script = (
        "import sys; from datetime import date; from pathlib import Path; "
        "from gongkai.demo.sites import generate_county; "
        f"generate_county(Path(sys.argv[1]), as_of=date.fromisoformat('{AS_OF}'), units={units!r}, seed=7)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "b")], check=True, env=env, timeout=120)
    generate_county(tmp_path / "c", as_of=AS_OF, units=units, seed=8)
    a, b, c = (_tree_digest(tmp_path / x) for x in "abc")
    assert a == b
    assert len(a) > 20 * 40  # tens of files per site
    assert a != c


def test_forty_four_units_small(tmp_path: Path) -> None:
    # how long generation takes is not asserted here (a timed test fails on a loaded machine);
    # `gongkai demo` prints how long its whole run took
    manifest = generate_county(tmp_path, as_of=AS_OF, units=yanshi_units())
    assert len(manifest.units) == 44
    assert all(30 <= unit.pages <= 80 for unit in manifest.units)


def test_manifest_round_trip_and_every_kind_planted(county_root: Path, manifest: CountyManifest) -> None:
    assert CountyManifest.from_dict(manifest.to_dict()) == manifest
    summary = manifest.summary()
    assert set(summary) == CONTRACT_KINDS | ANNUAL_KINDS
    checks = {p.fields["check"] for u in manifest.units for p in u.planted_of("site")}
    assert checks == {"search", "unreachable"}
    # seed 000: the units that did well are clean, those that did badly carry problems
    for name in ("教育体育局", "公安局", "商城街道", "首阳山街道"):
        assert manifest.unit(name).planted == [] and manifest.unit(name).profile == "good"
    for name in ("统计局", "社保中心", "金融工作局", "城市管理局", "邙岭镇"):
        assert manifest.unit(name).profile == "bad" and manifest.unit(name).planted
    assert [u.name for u in manifest.units if u.unreachable] == ["金融工作局"]
    assert manifest.sensitive_lists == {"违规广告": ["六合彩", "特码资料"]}
    codes = [u.site_id_code for u in manifest.units]
    assert codes[0] == "4103810001" and len(set(codes)) == 44 and all(SITE_ID_FORMAT.match(c) for c in codes)
    assert all(4 <= len(u.columns) <= 8 for u in manifest.units)


def test_home_pages_have_footer_and_tags_unless_planted(county_root: Path, manifest: CountyManifest) -> None:
    for unit in manifest.units:
        page = Page(
            "http://127.0.0.1/",
            200,
            "text/html",
            read_page(county_root, unit.slug, "/", unit.encoding),
            0,
            True,
        )
        text = footer_text(page)
        missing = [item for item, pattern in ITEMS.items() if not pattern.search(text)]
        expected = [f for p in unit.planted_of("footer") for f in p.fields["missing"]]
        assert sorted(missing) == sorted(expected), unit.name
        assert has_conac_mark(page)
        if "网站标识码" not in expected:
            assert site_id_code(re.sub("：", ":", text)) == unit.site_id_code
        absent = [tag for tag in REQUIRED["home"] if not page.meta.get(tag.lower())]
        planted = [p.fields["name"] for p in unit.planted_of("missing_meta") if p.page == "/"]
        assert absent == planted, unit.name
        assert ('name="searchword"' in page.text) == (
            "search" not in {p.fields["check"] for p in unit.planted_of("site")}
        ), unit.name


def test_gbk_sites_are_gbk_bytes(county_root: Path, manifest: CountyManifest) -> None:
    gbk = [u for u in manifest.units if u.encoding == "gbk"]
    assert len(gbk) == 2
    for unit in gbk:
        raw = (county_root / unit.slug / "index.html").read_bytes()
        assert b'<meta charset="gb2312">' in raw
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert unit.site_name in raw.decode("gbk")


def test_attachments_are_real_documents(county_root: Path, manifest: CountyManifest) -> None:
    unit = manifest.unit("教育体育局")
    files = sorted((county_root / unit.slug / "files").iterdir())
    docs = [f for f in files if f.suffix == ".docx"]
    pdfs = [f for f in files if f.suffix == ".pdf"]
    assert docs and pdfs
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(docs[0].read_bytes())).paragraphs)
    assert "联系电话" in text
    reader = pypdf.PdfReader(io.BytesIO(pdfs[0].read_bytes()))
    assert len(reader.pages) == 1 and unit.site_name in reader.pages[0].extract_text()


def test_id_check_digit_follows_gb11643() -> None:
    # the example number of GB 11643-1999, appendix: 11010519491231002X
    assert id_check_digit("11010519491231002") == "X"
    assert valid_id("410381199001011234") is False  # a made-up number with a wrong check digit
    first17 = "41038119900101123"
    assert valid_id(first17 + id_check_digit(first17))


def test_bad_arguments_give_chinese_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="至少需要"):
        generate_county(tmp_path / "few", as_of=AS_OF, units=yanshi_units()[:3])
    with pytest.raises(ValueError, match="重复"):
        generate_county(tmp_path / "dup", as_of=AS_OF, units=yanshi_units()[:9] + yanshi_units()[:1])
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="不为空"):
        generate_county(other, as_of=AS_OF, units=yanshi_units()[:10])
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_regenerating_replaces_the_previous_county(tmp_path: Path) -> None:
    first = generate_county(tmp_path, as_of=AS_OF, units=yanshi_units()[:12])
    second = generate_county(tmp_path, as_of=date(2026, 12, 31), units=yanshi_units()[12:24])
    assert not (tmp_path / first.units[0].slug).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [u.slug for u in second.units] + ["manifest.json"]
    )


def test_demo_package_needs_no_django() -> None:
    script = "import sys, gongkai.demo; assert 'django' not in sys.modules, sorted(m for m in sys.modules if 'django' in m)"
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
