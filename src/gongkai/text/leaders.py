"""Leader names with titles: a title next to a name that the person did not hold at the page's date.

To keep false alarms low only two adjacent shapes are checked: a full title right before the name
(“国务院总理李克强”) and a title right after it (“李克强总理”). Short titles that local officials also
bear (主席, 副主席) are not used after a name. “原”“前”“时任”“已故” before the title mean a former
office and are never reported. Without a publication date, only titles the person never held are
reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from gongkai.text.data_files import DataFileError, packaged, read_data_file

FORMER = ("原", "前", "时任", "已故")
_SEP = (" ", "\u3000")


@dataclass(frozen=True)
class Tenure:
    name: str
    title: str
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class TitleHit:
    start: int
    end: int
    text: str
    suggestion: str
    message: str


def _date(value: str, path: Path, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise DataFileError(f"领导人名单 {path.name} 中“{name}”的日期“{value}”无效，应为 YYYY-MM-DD") from exc


def load_tenures(path: Path | None = None) -> list[Tenure]:
    """The leader list: the packaged one, or a supervisor's file in the same format."""
    data = packaged("leaders.tsv", 3) if path is None else read_data_file(Path(path), 3)
    tenures = []
    for row in data.rows:
        end = _date(row[3], data.path, row[0]) if len(row) > 3 and row[3] else None
        tenures.append(Tenure(row[0], row[1], _date(row[2], data.path, row[0]), end))
    return tenures


def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


class TitleChecker:
    """Checks the titles written next to the names of the leader list."""

    def __init__(self, tenures: list[Tenure]) -> None:
        self.tenures: dict[str, list[Tenure]] = {}
        for tenure in tenures:
            self.tenures.setdefault(tenure.name, []).append(tenure)
        full_titles = {tenure.title for tenure in tenures}
        short = {row[0]: tuple(row[1].split("|")) for row in packaged("titles.tsv", 2).rows}
        # Before a name only full titles count; after it the short forms too.
        self.before = {title: (title,) for title in full_titles}
        self.after = {**self.before, **short}
        # Longest first, so that “国务院副总理” wins over “总理”.
        self._before_order = sorted(self.before, key=len, reverse=True)
        self._after_order = sorted(self.after, key=len, reverse=True)

    @property
    def names(self) -> list[str]:
        return list(self.tenures)

    def _held(self, name: str, titles: tuple[str, ...], day: dt.date | None) -> bool:
        return any(t.title in titles and (day is None or t.covers(day)) for t in self.tenures[name])

    def _holders(self, title: str, day: dt.date) -> list[str]:
        return [t.name for ts in self.tenures.values() for t in ts if t.title == title and t.covers(day)]

    def check(self, text: str, start: int, end: int, published: dt.date | None) -> TitleHit | None:
        """The hit for the name at ``text[start:end]``, or None when its title fits (or is absent)."""
        name = text[start:end]
        found = self._title_before(text, start) or self._title_after(text, end)
        if found is None:
            return None
        title_start, title_end, surface, before = found
        titles = self.after[surface]
        if self._held(name, titles, published):
            return None
        hit_start, hit_end = min(title_start, start), max(title_end, end)
        written = text[hit_start:hit_end]
        full = titles[0]
        if published is None:
            message = f"职务称谓错误：{name}从未担任“{full}”"
            return TitleHit(hit_start, hit_end, written, "", message)
        own = [t.title for t in self.tenures[name] if t.covers(published)]
        holders = self._holders(full, published)
        parts = [f"职务称谓错误：{_fmt(published)}时{name}不是“{full}”"]
        if own:
            parts.append(f"，{name}当时任{'、'.join(own)}")
        if holders:
            parts.append(f"，{full}为{'、'.join(holders)}")
        # Suggest the one holder of the title, else the person's own title at the time.
        suggestion = ""
        if len(holders) == 1:
            suggestion = surface + holders[0] if before else holders[0] + surface
        elif own:
            suggestion = own[0] + name
        return TitleHit(hit_start, hit_end, written, suggestion, "".join(parts))

    def _title_before(self, text: str, start: int) -> tuple[int, int, str, bool] | None:
        end = start - 1 if start > 0 and text[start - 1] in _SEP else start
        for title in self._before_order:
            if end - len(title) >= 0 and text.startswith(title, end - len(title)):
                title_start = end - len(title)
                if any(text[max(0, title_start - len(word)) : title_start] == word for word in FORMER):
                    return None
                return title_start, start, title, True
        return None

    def _title_after(self, text: str, end: int) -> tuple[int, int, str, bool] | None:
        for title in self._after_order:
            if text.startswith(title, end):
                return end, end + len(title), title, False
        return None
