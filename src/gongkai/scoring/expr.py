"""A small, safe expression language for scheme formulas and conditions.

Schemes are written by supervisors, so formulas must never reach Python's ``eval``. This module
parses a formula into a tiny tree and evaluates it with :class:`~decimal.Decimal` arithmetic, so
``0.2 * 27 + 25`` is exactly ``30.4``.

Grammar (names are metric or count names declared by the scheme; Chinese names are fine)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := ("-" | "+") unary | atom
    atom    := NUMBER | NAME | FUNC "(" expr ("," expr)* ")" | "(" expr ")"
    FUNC    := min | max | floor | ceil

``×``, ``÷``, ``≥``, ``≤``, ``≠``, full-width parentheses and commas are accepted as well.
Comparisons and logic yield 1 or 0, so ``5 * (首页新增信息数 < 10)`` works.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

FUNCTIONS = ("min", "max", "floor", "ceil")
KEYWORDS = ("and", "or", "not", *FUNCTIONS)

_TRANSLATE = str.maketrans(
    {
        "×": "*",
        "÷": "/",
        "（": "(",
        "）": ")",
        "，": ",",
        "≥": ">=",
        "≤": "<=",
        "≠": "!=",
        "－": "-",
        "＋": "+",
    }
)
_TOKEN = re.compile(
    r"\s*(?:(?P<number>\d+(?:\.\d+)?|\.\d+)"
    r"|(?P<name>[A-Za-z_\u3400-\u9fff][A-Za-z0-9_\u3400-\u9fff]*)"
    r"|(?P<op><=|>=|==|!=|[-+*/(),<>]))"
)
_COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}
ONE, ZERO = Decimal(1), Decimal(0)


class ExpressionError(ValueError):
    """A formula that cannot be parsed or evaluated; the message is Chinese."""


@dataclass(frozen=True, slots=True)
class Node:
    op: str  # "num", "name", "neg", "not", a binary operator, "and", "or", or a function name
    args: tuple = ()
    value: Decimal | str | None = None


class Expression:
    """A parsed formula: keeps its source text, the names it uses, and evaluates safely."""

    def __init__(self, source: str) -> None:
        self.source = str(source).strip()
        self._tokens = _tokenize(self.source)
        self._pos = 0
        if not self._tokens:
            raise ExpressionError("公式为空")
        self.tree = self._or()
        if self._pos != len(self._tokens):
            raise ExpressionError(f"公式“{self.source}”在“{self._tokens[self._pos][1]}”处无法解析")
        self.names: frozenset[str] = frozenset(_names(self.tree))

    def evaluate(self, env: Mapping[str, Decimal]) -> Decimal:
        """Evaluate with ``env`` giving a Decimal for every name; raises ExpressionError."""
        return _eval(self.tree, env, self.source)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"

    # recursive descent -------------------------------------------------------------------
    def _peek(self) -> tuple[str, str] | None:
        return self._tokens[self._pos] if self._pos < len(self._tokens) else None

    def _accept(self, *texts: str) -> str | None:
        token = self._peek()
        if token and token[0] in ("op", "name") and token[1] in texts:
            self._pos += 1
            return token[1]
        return None

    def _expect(self, text: str) -> None:
        if not self._accept(text):
            found = self._peek()
            where = f"“{found[1]}”处" if found else "结尾处"
            raise ExpressionError(f"公式“{self.source}”在{where}缺少“{text}”")

    def _or(self) -> Node:
        node = self._and()
        while self._accept("or"):
            node = Node("or", (node, self._and()))
        return node

    def _and(self) -> Node:
        node = self._not()
        while self._accept("and"):
            node = Node("and", (node, self._not()))
        return node

    def _not(self) -> Node:
        if self._accept("not"):
            return Node("not", (self._not(),))
        return self._compare()

    def _compare(self) -> Node:
        node = self._sum()
        op = self._accept(*_COMPARE)
        return Node(op, (node, self._sum())) if op else node

    def _sum(self) -> Node:
        node = self._product()
        while op := self._accept("+", "-"):
            node = Node(op, (node, self._product()))
        return node

    def _product(self) -> Node:
        node = self._unary()
        while op := self._accept("*", "/"):
            node = Node(op, (node, self._unary()))
        return node

    def _unary(self) -> Node:
        if self._accept("-"):
            return Node("neg", (self._unary(),))
        if self._accept("+"):
            return self._unary()
        return self._atom()

    def _atom(self) -> Node:
        token = self._peek()
        if token is None:
            raise ExpressionError(f"公式“{self.source}”不完整")
        kind, text = token
        self._pos += 1
        if kind == "number":
            return Node("num", value=Decimal(text))
        if kind == "name" and text in FUNCTIONS:
            self._expect("(")
            args = [self._or()]
            while self._accept(","):
                args.append(self._or())
            self._expect(")")
            if text in ("floor", "ceil") and len(args) != 1:
                raise ExpressionError(f"公式“{self.source}”中 {text} 只接受一个参数")
            return Node(text, tuple(args))
        if kind == "name" and text not in KEYWORDS:
            return Node("name", value=text)
        if text == "(":
            node = self._or()
            self._expect(")")
            return node
        raise ExpressionError(f"公式“{self.source}”在“{text}”处无法解析")


def _tokenize(source: str) -> list[tuple[str, str]]:
    text = source.translate(_TRANSLATE)
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            bad = text[pos:].strip()[:1]
            raise ExpressionError(f"公式“{source}”含有不允许的字符“{bad}”")
        kind = match.lastgroup or "op"
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


def _names(node: Node):
    if node.op == "name":
        yield node.value
    for arg in node.args:
        yield from _names(arg)


def _eval(node: Node, env: Mapping[str, Decimal], source: str) -> Decimal:
    op = node.op
    if op == "num":
        return node.value  # type: ignore[return-value]
    if op == "name":
        try:
            return Decimal(env[node.value])  # type: ignore[index]
        except KeyError:
            raise ExpressionError(f"公式“{source}”用到的“{node.value}”没有取值") from None
    values = [_eval(arg, env, source) for arg in node.args]
    if op == "neg":
        return -values[0]
    if op == "not":
        return ONE if values[0] == 0 else ZERO
    if op == "and":
        return ONE if values[0] != 0 and values[1] != 0 else ZERO
    if op == "or":
        return ONE if values[0] != 0 or values[1] != 0 else ZERO
    if op in _COMPARE:
        return ONE if _COMPARE[op](values[0], values[1]) else ZERO
    if op == "min":
        return min(values)
    if op == "max":
        return max(values)
    if op == "floor":
        return values[0].to_integral_value(rounding=ROUND_FLOOR)
    if op == "ceil":
        return values[0].to_integral_value(rounding=ROUND_CEILING)
    left, right = values
    try:
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        if right == 0:
            raise ExpressionError(f"公式“{source}”出现除以零")
        return left / right
    except InvalidOperation as exc:  # pragma: no cover - Decimal overflow on absurd inputs
        raise ExpressionError(f"公式“{source}”无法计算：{exc}") from None
