"""Package imports run one way (docs/architecture.md): engines ← Django utilities ← registry ←
monitoring ← review ← registers ← assessment ← followup ← circulars ← orchestration ← web/api.

The test reads every module under src/gongkai with ``ast`` (imports inside functions and under
TYPE_CHECKING count too) and fails on an import from a lower layer into a higher one, on an engine
that imports Django, and on a package that has no layer yet (place it in LAYERS first).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "gongkai"

# package (or top-level module) -> layer; a module may import its own layer and the ones below
LAYERS: dict[str, int] = {
    # engines: plain Python, no Django
    **dict.fromkeys(
        [
            "audit",
            "text",
            "scoring",
            "reports",
            "disclosure",
            "tallies",
            "rollup",
            "demo",
            "workdays",
            "sheet_text",
            "text_encoding",
            "zipcheck",
        ],
        0,
    ),
    # Django utilities that know no app
    **dict.fromkeys(["uploads", "params"], 1),
    # the registry with the users and their access rules; the audit log (oversight) lives here
    # so that every layer above may record events
    **dict.fromkeys(["registry", "accounts", "oversight"], 2),
    "monitoring": 3,
    "review": 4,
    "registers": 5,
    "assessment": 6,
    "followup": 7,
    "circulars": 8,
    # what runs after an audit, the background jobs and the demo showcase tie the apps together
    **dict.fromkeys(["after_audit", "jobs", "celery", "showcase", "evidence_retention"], 9),
    **dict.fromkeys(["web", "api", "wsgi"], 10),
    **dict.fromkeys(["urls", "settings", "cli", "cli_help", "__main__", "__init__"], 11),
}
ENGINE = 0


def _package(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def _imported(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import in the file."""
    rel = path.relative_to(SRC)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ["gongkai", *rel.parts[:-1]]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module == "gongkai":  # from gongkai import jobs
                found += [(node.lineno, f"gongkai.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, module))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.relative_to(SRC).parts)


def test_every_package_has_a_layer():
    missing = sorted({_package(p) for p in _modules()} - set(LAYERS))
    assert not missing, f"place these packages in LAYERS (tests/test_layers.py): {missing}"


def _violations() -> list[str]:
    wrong = []
    for path in _modules():
        own = _package(path)
        if own not in LAYERS:
            continue
        for line, module in _imported(path):
            where = f"{path.relative_to(SRC.parent)}:{line} imports {module}"
            if LAYERS[own] == ENGINE and module.split(".")[0] == "django":
                wrong.append(f"{where}: an engine never imports Django")
            if not module.startswith("gongkai."):
                continue
            target = module.split(".")[1]
            if target not in LAYERS or target == own:
                continue
            if LAYERS[target] > LAYERS[own]:
                wrong.append(f"{where}: layer {LAYERS[own]} ({own}) reaches up to layer {LAYERS[target]}")
    return wrong


def test_imports_run_one_way():
    wrong = _violations()
    assert not wrong, "upward imports:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from gongkai.followup.models import Problem\n", "reaches up"),
        ("def f():\n    from gongkai import web\n", "reaches up"),
        ("import django\n", "never imports Django"),
    ],
)
def test_the_walker_sees_an_upward_import(tmp_path, monkeypatch, source, expected):
    """The checker itself: a planted upward import (top level, inside a function, Django in an
    engine) in a throw-away copy of the layout is reported."""
    fake = tmp_path / "gongkai"
    (fake / "registry").mkdir(parents=True)
    (fake / "audit").mkdir()
    (fake / "registry" / "x.py").write_text(source if "django" not in source else "", encoding="utf-8")
    (fake / "audit" / "y.py").write_text(source if "django" in source else "", encoding="utf-8")
    monkeypatch.setitem(globals(), "SRC", fake)
    wrong = _violations()
    assert len(wrong) == 1 and expected in wrong[0]
