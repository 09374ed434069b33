"""The manifest of a generated county: its units' sites and the problems planted in each.

Written next to the sites as ``manifest.json`` so the server, the demonstration and the tests
know what to expect from the audit without re-generating anything. Page paths are site-relative
(``/``, ``/gzdt/t20261120_1001.html``); join them with the unit's served URL.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class PlantedProblem:
    """One problem put into a site on purpose: the finding kind, where, and its key fields."""

    kind: str
    page: str  # site-relative path of the page the audit reports it on
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class ColumnInfo:
    name: str
    path: str  # site-relative, e.g. "/gzdt/"
    type: str  # column type of rules.md §3 (动态, 通知公告, 政策文件, 人事, 规划计划, 其他)
    items: int


@dataclass
class UnitSite:
    name: str
    category: str
    slug: str  # folder under the county root
    site_name: str
    site_id_code: str
    domain: str  # the SiteDomain tag (the production domain the demo site stands for)
    encoding: str  # "utf-8" or "gbk"
    profile: str  # "good", "fair" or "bad": how many problems were planted
    unreachable: bool = False  # served with 503 by default
    columns: list[ColumnInfo] = field(default_factory=list)
    planted: list[PlantedProblem] = field(default_factory=list)
    pages: int = 0  # HTML pages written

    def planted_kinds(self) -> set[str]:
        return {p.kind for p in self.planted}

    def planted_of(self, kind: str) -> list[PlantedProblem]:
        return [p for p in self.planted if p.kind == kind]


@dataclass
class CountyManifest:
    county: str
    as_of: str  # ISO date every generated date is relative to
    seed: int
    units: list[UnitSite] = field(default_factory=list)
    # word lists the sensitive_word plants need (the text engine enables no list by default)
    sensitive_lists: dict[str, list[str]] = field(default_factory=dict)

    def unit(self, name: str) -> UnitSite:
        for unit in self.units:
            if unit.name == name:
                return unit
        raise KeyError(f"样例县中没有单位“{name}”")

    def summary(self) -> dict[str, list[str]]:
        """Finding kind -> names of the units where it was planted (units in manifest order)."""
        kinds: dict[str, list[str]] = defaultdict(list)
        for unit in self.units:
            for kind in sorted(unit.planted_kinds()):
                kinds[kind].append(unit.name)
        return dict(sorted(kinds.items()))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def save(self, root: Path) -> Path:
        path = Path(root) / MANIFEST_NAME
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return path

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CountyManifest:
        units = []
        for raw in data["units"]:
            raw = dict(raw)
            raw["columns"] = [ColumnInfo(**c) for c in raw.get("columns", [])]
            raw["planted"] = [PlantedProblem(**p) for p in raw.get("planted", [])]
            units.append(UnitSite(**raw))
        return cls(data["county"], data["as_of"], data["seed"], units, data.get("sensitive_lists", {}))

    @classmethod
    def load(cls, root: Path) -> CountyManifest:
        """Read ``root/manifest.json``; a clear Chinese error when it is missing or damaged."""
        path = Path(root) / MANIFEST_NAME
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise ValueError(f"目录 {root} 中没有 {MANIFEST_NAME},请先生成样例县网站") from None
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path} 内容无效:{exc}") from None
