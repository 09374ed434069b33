"""Official titles written short (``data/official_titles.tsv``) → ``serious`` typos.

A title that drops a word (全国人大副委员长 for 全国人大常委会副委员长, 最高法院院长 for
最高人民法院院长) changes the office; only forms that are wrong wherever they stand are listed.
The full titles are added to the scanner's correct terms, so a wrong form inside a correct
longer one (人大常委会副委员长 in 全国人大常委会副委员长) is never reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from gongkai.text.data_files import packaged
from gongkai.text.fixed_terms import SERIOUS
from gongkai.text.patterns import TYPO, Pattern

SOURCE = "official_titles.tsv"


@dataclass(frozen=True)
class OfficialTitle:
    full: str
    wrong: tuple[str, ...]


def load_titles() -> list[OfficialTitle]:
    titles = []
    for row in packaged(SOURCE, min_columns=2).rows:
        titles.append(OfficialTitle(row[0], tuple(w for w in row[1].split("|") if w)))
    return titles


def correct_titles() -> list[str]:
    return [title.full for title in load_titles()]


def _what_differs(wrong: str, full: str) -> str:
    """``漏写“常委会”`` when ``wrong`` only drops characters of ``full``, else ``写法不规范``."""
    ops = SequenceMatcher(None, wrong, full, autojunk=False).get_opcodes()
    dropped = [full[j1:j2] for op, _, _, j1, j2 in ops if op == "insert"]
    if dropped and all(op in ("equal", "insert") for op, *_ in ops):
        return "漏写" + "、".join(f"“{part}”" for part in dropped)
    return "写法不规范"


def wrong_patterns(protected: set[str]) -> dict[str, Pattern]:
    """Every listed wrong form that is not itself a correct term or a whitelisted word."""
    patterns: dict[str, Pattern] = {}
    for title in load_titles():
        for wrong in title.wrong:
            if wrong in protected:
                continue
            message = f"职务名称错误：“{wrong}”应为“{title.full}”（{_what_differs(wrong, title.full)}）"
            patterns[wrong] = Pattern(TYPO, title.full, SERIOUS, message, confirm=True)
    return patterns
