"""The one vocabulary of finding kinds (gongkai.audit.kinds): every kind the audit engine can
emit is in it, and no other module keeps its own kind -> label table."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import gongkai
from gongkai.audit.kinds import KINDS, REVIEW_ONLY_KINDS, SCORABLE_FIELDS, kind_label
from gongkai.text.hits import CONTRACT_FIELDS

SRC = Path(gongkai.__file__).parent


def _constants(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _constants(node.body)
        yield from _constants(node.orelse)


def emitted_kinds() -> set[str]:
    """Kinds written as literals where findings are made: Finding("kind", ...), kind="..." and
    kind = "..." in the audit engine and the text checks it runs."""
    kinds: set[str] = set()
    for path in [*(SRC / "audit").rglob("*.py"), *(SRC / "text").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("Finding", "TextHit") and node.args:
                    kinds.update(_constants(node.args[0]))
                for kw in node.keywords:
                    if kw.arg == "kind":
                        kinds.update(_constants(kw.value))
            elif isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "kind" for t in node.targets):
                # a variable named kind also holds a certificate's kind (自签名证书): codes only
                kinds.update(c for c in _constants(node.value) if c.isascii() and c.isidentifier())
            elif isinstance(node, ast.Dict):  # contract records: {"kind": "empty_column", ...}
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value == "kind":
                        kinds.update(_constants(value))
    return kinds | set(CONTRACT_FIELDS)  # the text checks' kinds (typo, sensitive_word ...)


def test_every_kind_the_engine_emits_is_in_the_vocabulary() -> None:
    emitted = emitted_kinds()
    # the walk finds the engine's own kinds and those of the text checks
    assert {"site", "footer", "missing_meta", "blocked", "broken_link", "page_error", "trap"} <= emitted
    assert {"typo", "privacy", "sensitive_word", "empty_column", "stale_column"} <= emitted
    assert emitted - set(KINDS) == set()


def test_our_own_failures_are_not_units_problems() -> None:
    assert {"blocked", "page_error", "trap", "audit_incomplete"} <= REVIEW_ONLY_KINDS
    assert not REVIEW_ONLY_KINDS & {"broken_link", "typo", "privacy", "footer", "site"}
    assert kind_label("privacy") == "个人信息泄露" and kind_label("footer") == "页脚标识不全"
    assert "page_error" not in SCORABLE_FIELDS and SCORABLE_FIELDS["broken_link"] >= {"target", "home"}


def test_no_other_module_defines_a_kind_label_table() -> None:
    """A dict literal mapping three or more finding kinds to Chinese text anywhere else is a
    second label table."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "audit" / "kinds.py" or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                labels = {
                    k.value
                    for k, v in zip(node.keys, node.values, strict=True)
                    if isinstance(k, ast.Constant)
                    and k.value in KINDS
                    and isinstance(v, ast.Constant)
                    and isinstance(v.value, str)
                    and any("\u4e00" <= c <= "\u9fff" for c in v.value)
                }
                if len(labels) >= 3:
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []
