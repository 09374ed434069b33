"""Fixtures of the demo tests: the 偃师 units and one generated county served on loopback.

The unit names are read from ``gongkai/registry/sample.py`` by parsing its source, because
importing it needs Django and these tests must run without it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import gongkai.registry
from gongkai.demo.manifest import CountyManifest
from gongkai.demo.server import RunningCounty, serve_county
from gongkai.demo.sites import generate_county

AS_OF = date(2026, 11, 20)


def _sample_names(variable: str) -> list[str]:
    source = (Path(gongkai.registry.__file__).parent / "sample.py").read_text(encoding="utf-8")
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == variable for t in node.targets):
            call = node.value
            assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            return ast.literal_eval(call.func.value).split()
    raise AssertionError(f"{variable} not found in sample.py")


def yanshi_units() -> list[tuple[str, str]]:
    """The 44 units of seed 000 as the registry loads them: departments, then towns."""
    return [(n, "市直部门") for n in _sample_names("YANSHI_DEPARTMENTS")] + [
        (n, "镇街") for n in _sample_names("YANSHI_TOWNS")
    ]


@pytest.fixture(scope="session")
def county_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("county")
    generate_county(root, as_of=AS_OF, units=yanshi_units())
    return root


@pytest.fixture(scope="session")
def manifest(county_root: Path) -> CountyManifest:
    return CountyManifest.load(county_root)


@pytest.fixture(scope="session")
def served(county_root: Path, manifest: CountyManifest) -> Iterator[RunningCounty]:
    with serve_county(county_root, manifest) as county:
        yield county
