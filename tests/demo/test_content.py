"""The content problems planted in the sites, found by the pure content analysers and the text engine.

For every reachable unit the analysers the crawler is being wired to are run over the generated
files, and what they report must be exactly what the manifest says was planted: nothing missed,
and nothing found on the clean pages (so the planted problems are the only ones).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from gongkai.audit.content import (
    LinkedPage,
    column_findings,
    column_record,
    home_freshness,
    interpretation_findings,
    parse_list_page,
    policy_missing_fields,
)
from gongkai.audit.content.html import visible_text
from gongkai.audit.page import Page, extract_links
from gongkai.demo.manifest import CountyManifest, UnitSite
from gongkai.text import Scanner, TextConfig
from tests.demo.conftest import AS_OF

BASE = "http://127.0.0.1:8000"


def _units(manifest: CountyManifest) -> list[UnitSite]:
    return [u for u in manifest.units if not u.unreachable]


def _html(root: Path, unit: UnitSite, path: str) -> str:
    file = root / unit.slug / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
    return file.read_bytes().decode("gbk" if unit.encoding == "gbk" else "utf-8")


def _articles(root: Path, unit: UnitSite, folder: str = "*") -> list[str]:
    site = root / unit.slug
    return sorted("/" + str(p.relative_to(site)) for p in site.glob(f"{folder}/t*.html"))


def _planted(unit: UnitSite, *kinds: str, keys: tuple[str, ...] = ()) -> set[tuple[Any, ...]]:
    return {(p.kind, p.page, *(str(p.fields[k]) for k in keys)) for p in unit.planted if p.kind in kinds}


def test_columns_empty_and_stale_as_planted(county_root: Path, manifest: CountyManifest) -> None:
    for unit in _units(manifest):
        found = set()
        for column in unit.columns:
            url = BASE + column.path
            first = parse_list_page(_html(county_root, unit, column.path), url, as_of=AS_OF)
            pages = [first] + [
                parse_list_page(_html(county_root, unit, urlsplit(u).path), u, as_of=AS_OF)
                for u in first.pages
                if not u.endswith("/index.html")
            ]
            assert sum(len(p.items) for p in pages) == column.items, (unit.name, column.name)
            record = column_record(url, column.name, None, pages, as_of=AS_OF)
            assert record["type"] == column.type
            for finding in column_findings(record):
                found.add((finding["kind"], column.path, finding["column"], str(finding.get("newest", ""))))
        expected = {
            (p.kind, p.page, p.fields["column"], str(p.fields.get("newest", "")))
            for p in unit.planted
            if p.kind in ("empty_column", "stale_column")
        }
        assert found == expected, unit.name


def test_home_not_updated_as_planted(county_root: Path, manifest: CountyManifest) -> None:
    stale = []
    for unit in _units(manifest):
        finding = home_freshness(_html(county_root, unit, "/"), BASE + "/", as_of=AS_OF)
        planted = unit.planted_of("home_not_updated")
        assert (finding is None) == (not planted), unit.name
        if finding:
            assert finding["newest"] == planted[0].fields["newest"]
            stale.append(unit.name)
    assert stale == ["统计局"]


def test_policy_metadata_as_planted(county_root: Path, manifest: CountyManifest) -> None:
    for unit in _units(manifest):
        found = set()
        for path in _articles(county_root, unit, "zcwj"):
            missing = policy_missing_fields(_html(county_root, unit, path), as_of=AS_OF)
            if missing:
                found.add(("policy_metadata", path, str(missing)))
        assert found == _planted(unit, "policy_metadata", keys=("missing",)), unit.name


def test_interpretations_linked_both_ways_unless_planted(county_root: Path, manifest: CountyManifest) -> None:
    for unit in _units(manifest):
        pages = []
        for folder, column in (("zcwj", "政策文件"), ("zcjd", "政策解读")):
            for path in _articles(county_root, unit, folder):
                page = Page(BASE + path, 200, "text/html", _html(county_root, unit, path), 2, False)
                links = [(link.target, link.text) for link in extract_links(page)]
                pages.append(LinkedPage(page.url, page.title, links, column))
        assert len([p for p in pages if p.column == "政策解读"]) == 3
        found = {
            ("interpretation_unlinked", urlsplit(f["page"]).path, urlsplit(f["target"] or "").path)
            for f in interpretation_findings(pages)
        }
        assert found == _planted(unit, "interpretation_unlinked", keys=("target",)), unit.name


@pytest.fixture(scope="module")
def scanner(manifest: CountyManifest) -> Scanner:
    return Scanner(TextConfig(sensitive_lists=manifest.sensitive_lists))


def test_text_problems_exactly_as_planted(
    county_root: Path, manifest: CountyManifest, scanner: Scanner
) -> None:
    keys = {
        "typo": ("text", "suggestion", "severity"),
        "privacy": ("category", "text"),
        "sensitive_word": ("text", "list"),
    }
    for unit in _units(manifest):
        found = set()
        site = county_root / unit.slug
        for file in site.rglob("*.html"):
            path = "/" + str(file.relative_to(site))
            for hit in scanner.scan(visible_text(_html(county_root, unit, path))):
                found.add((hit.kind, path, *(str(getattr(hit, k)) for k in keys[hit.kind])))
        expected = set()
        for kind, names in keys.items():
            expected |= _planted(unit, kind, keys=names)
        assert found == expected, unit.name
