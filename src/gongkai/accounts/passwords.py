"""A password validator for the passwords Chinese users actually choose, next to Django's own.

The rules look at the *core* of a password: the letters left once leading and trailing digits and
symbols are removed (years, birthdays, 123, 520, !). A password is refused when its core is empty
(only digits, dates and symbols), a listed common word (``data/common_passwords_cn.txt``: gongkai,
woaini, zhengfu…), a pinyin name (a common surname and one or two syllables: zhangsan, lixiaoming),
a keyboard run (qwertyui, asdfgh, 1qaz2wsx) or one short group repeated (aaaa, abcabc). The word
lists ship in the repository; nothing is downloaded.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError

DATA = Path(__file__).resolve().parent / "data"
KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p")
MIN_RUN = 4  # shorter keyboard pieces are too common inside good passwords to refuse


@cache
def _words(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def core(password: str) -> str:
    """The letters of ``password`` between leading and trailing digits and symbols, lower case."""
    return re.sub(r"^[^a-z]+|[^a-z]+$", "", password.lower())


def _syllables(text: str, most: int) -> bool:
    """True when ``text`` splits into 1..``most`` pinyin syllables."""
    if not text:
        return False
    if most == 0:
        return False
    syllables = _words("pinyin_syllables.txt")
    return any(
        text[:n] in syllables and (n == len(text) or _syllables(text[n:], most - 1))
        for n in range(min(6, len(text)), 0, -1)
    )


def is_pinyin_name(text: str) -> bool:
    """A common surname followed by a one- or two-syllable given name (zhangsan, ouyangxiaoming)."""
    return any(
        text.startswith(surname) and _syllables(text[len(surname) :], 2)
        for surname in _words("pinyin_surnames.txt")
    )


def is_keyboard_run(text: str) -> bool:
    """Consecutive keys of one row or column, forwards or backwards (qwerty, 09876, 1qaz2wsx)."""
    if len(text) < MIN_RUN:
        return False
    return any(text in row or text in row[::-1] for row in KEYBOARD_ROWS)


def is_repetition(text: str) -> bool:
    """One group of one to three characters repeated (aaaaaa, 121212, abcabcabc)."""
    return re.fullmatch(r"(.{1,3})\1+", text) is not None


class ChineseMinimumLengthValidator(MinimumLengthValidator):
    """Django's minimum length with its message in Chinese: Django 5.2 changed the message's
    msgid (``%d`` for ``%(min_length)d``) and its zh_Hans catalog still has the old one, so the
    message came out in English while every other password message was Chinese."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"


class ChineseCommonPasswordValidator:
    """Django password validator (AUTH_PASSWORD_VALIDATORS) with Chinese messages."""

    def validate(self, password: str, user=None) -> None:
        lowered = password.lower()
        letters = core(password)
        plain = re.sub(r"[^a-z0-9]", "", lowered)
        if is_repetition(lowered) or is_repetition(plain):
            raise ValidationError("密码不能由同一组字符重复组成。", code="password_repeated")
        if is_keyboard_run(plain) or is_keyboard_run(letters):
            raise ValidationError(
                "密码不能是键盘上连续的按键（如 qwerty、1qaz2wsx）。", code="password_keyboard"
            )
        if not letters:
            raise ValidationError(
                "密码不能只由数字、日期或符号组成，请加入字母。", code="password_no_letters"
            )
        if letters in _words("common_passwords_cn.txt"):
            raise ValidationError(
                f"密码以常见词“{letters}”为主体（加上数字或符号也容易被猜中），请换一个。",
                code="password_common_cn",
            )
        if is_pinyin_name(letters):
            raise ValidationError(
                "密码不能是拼音姓名加数字（如 zhangsan1、lixiaoming1990），请换一个。",
                code="password_pinyin_name",
            )

    def get_help_text(self) -> str:
        return "密码不能是常见词、拼音姓名、年份或键盘连续按键加数字。"
