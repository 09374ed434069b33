"""The safe formula language: exact arithmetic, and nothing but arithmetic."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.scoring.expr import Expression, ExpressionError


def ev(text: str, **env) -> Decimal:
    return Expression(text).evaluate({k: Decimal(str(v)) for k, v in env.items()})


def test_exact_decimal_arithmetic():
    assert ev("0.2 * 报送信息 + 1 * 采用信息", 报送信息=27, 采用信息=25) == Decimal("30.4")
    assert ev("0.1 + 0.2") == Decimal("0.3")


def test_precedence_parentheses_and_unary_minus():
    assert ev("2 + 3 * 4") == 14
    assert ev("(2 + 3) * 4") == 20
    assert ev("-2 * -3") == 6
    assert ev("10 - 4 - 3") == 3 and ev("24 / 4 / 2") == 3


def test_chinese_operators_and_brackets():
    assert ev("（甲 ＋ 1）× 2 ÷ 4", 甲=3) == 2
    assert ev("甲 ≥ 5", 甲=5) == 1 and ev("甲 ≤ 4", 甲=5) == 0 and ev("甲 ≠ 5", 甲=5) == 0


def test_functions_comparisons_and_logic():
    assert ev("min(甲, 4)", 甲=10) == 4 and ev("max(1, 2, 3)") == 3
    assert ev("floor(2.9)") == 2 and ev("ceil(2.1)") == 3
    assert ev("5 * (甲 < 10)", 甲=3) == 5
    assert ev("甲 > 5 or 乙 > 10", 甲=1, 乙=11) == 1
    assert ev("甲 > 5 and not 乙 > 10", 甲=6, 乙=1) == 1


def test_names_are_collected():
    assert Expression("0.2 * 报送信息 + max(采用信息, 首页两周新增不足10条)").names == {
        "报送信息",
        "采用信息",
        "首页两周新增不足10条",
    }


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "甲.real",
        "甲(1)",
        "1 +",
        "(1",
        "1 2",
        "",
        "甲[0]",
        "lambda: 1",
        "2 ** 3",
        "exp(1)",
        "'字符串'",
        "min()",
    ],
)
def test_anything_but_arithmetic_is_rejected(text):
    with pytest.raises(ExpressionError):
        Expression(text).evaluate({"open": Decimal(1), "甲": Decimal(1)})


def test_unknown_name_and_division_by_zero_are_chinese_errors():
    with pytest.raises(ExpressionError, match="没有取值"):
        ev("甲 + 1")
    with pytest.raises(ExpressionError, match="除以零"):
        ev("1 / (甲 - 1)", 甲=1)


@given(
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.integers(min_value=0, max_value=500),
)
def test_matches_decimal_arithmetic(a, b, n):
    assert ev("a * n + b - max(a, b)", a=a, b=b, n=n) == a * n + b - max(a, b)


def test_a_name_is_only_ever_looked_up_in_the_given_values():
    # "open" is just a name here: it has the value given, never Python's builtin
    assert ev("open * 2", open=3) == 6
    with pytest.raises(ExpressionError, match="没有取值"):
        ev("open")
