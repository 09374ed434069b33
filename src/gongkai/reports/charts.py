"""Charts of a circular with matplotlib (Agg): score distribution, trend across periods, problems by kind.

Chinese labels need a CJK font. Fonts come from Debian packages (fonts-noto-cjk or
fonts-wqy-zenhei, listed in scripts/system-packages.txt), found by path or through fontconfig;
when none covers the labels we raise a Chinese error instead of drawing tofu boxes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from gongkai.reports.errors import ReportError  # noqa: E402
from gongkai.reports.model import Circular  # noqa: E402

# Paths where Debian's CJK font packages put their files, in order of preference; the face
# index selects Simplified Chinese glyph forms inside a collection (.ttc).
KNOWN_FONTS = [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "WenQuanYi Zen Hei"),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", "AR PL UMing CN"),
]
# Characters every chart of a circular may show; a font must have all of them.
PROBE_TEXT = "政务公开得分单位数量期问题类型分布趋势平均市直镇街道"
DPI = 200


@dataclass(frozen=True)
class CJKFont:
    """A font file with Chinese glyphs, registered with matplotlib under ``family``."""

    path: Path
    family: str


def _faces(path: str) -> list[FT2Font]:
    fonts, index = [], 0
    while True:
        try:
            fonts.append(FT2Font(path, face_index=index))
        except (RuntimeError, OSError, ValueError):
            return fonts
        index += 1
        if index > 16:
            return fonts


def missing_glyphs(path: Path | str, family: str, text: str) -> set[str]:
    """Characters of ``text`` that the face ``family`` of the font file has no glyph for."""
    faces = [f for f in _faces(str(path)) if f.family_name == family] or _faces(str(path))[:1]
    if not faces:
        return set(text)
    face = faces[0]
    return {ch for ch in set(text) if not ch.isspace() and face.get_char_index(ord(ch)) == 0}


def _fontconfig_candidates() -> list[tuple[str, str]]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "file", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    candidates = []
    for line in sorted(out.splitlines()):
        path, _, families = line.partition(": ")
        if path and families:
            candidates.append((path.strip(), families.split(",")[0].strip()))
    return candidates


@lru_cache(maxsize=1)
def find_cjk_font() -> CJKFont:
    """The first installed font with glyphs for Chinese labels, registered with matplotlib."""
    for path, family in KNOWN_FONTS + _fontconfig_candidates():
        if Path(path).is_file() and not missing_glyphs(path, family, PROBE_TEXT):
            font_manager.fontManager.addfont(path)
            names = {entry.name for entry in font_manager.fontManager.ttflist if entry.fname == path}
            if family not in names:
                family = sorted(names)[0] if names else family
            return CJKFont(Path(path), family)
    raise ReportError(
        "未找到可显示中文的字体，图表中的汉字会显示为方框。请安装 Debian 软件包 fonts-noto-cjk"
        "（或 fonts-wqy-zenhei），见 scripts/system-packages.txt。"
    )


# rc_context changes matplotlib's global settings: two web threads drawing at once would restore
# the default font under each other's feet (tofu boxes), so drawing is serialised.
_RC_LOCK = threading.RLock()


@contextmanager
def cjk_rc() -> Iterator[CJKFont]:
    """matplotlib settings under which every text, tick labels included, uses the CJK font."""
    font = find_cjk_font()
    with (
        _RC_LOCK,
        matplotlib.rc_context({"font.family": [font.family, "DejaVu Sans"], "axes.unicode_minus": False}),
    ):
        yield font


def _figure(title: str, width: float = 7.0, height: float = 4.0) -> tuple[Figure, Axes]:
    """A figure on an Agg canvas (no pyplot state, safe in a web server's threads)."""
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.set_title(title, fontsize=13)
    return figure, axes


def _finish(figure: Figure) -> Figure:
    """Lay out and draw inside the CJK settings, so lazily created tick labels get the font too."""
    figure.tight_layout()
    figure.canvas.draw()
    return figure


def to_png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    with cjk_rc():
        figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _check_labels(*texts: str) -> None:
    """Fail instead of drawing tofu when a label has characters the font lacks (rare hanzi)."""
    font = find_cjk_font()
    missing = missing_glyphs(font.path, font.family, "".join(texts))
    missing = {ch for ch in missing if ord(ch) > 0x2000}
    if missing:
        raise ReportError(f"字体“{font.family}”缺少以下汉字的字形，无法正确绘图：{''.join(sorted(missing))}")


def score_distribution_figure(circular: Circular, bins: int = 10) -> Figure:
    """Histogram of total scores, one colour per unit category."""
    title = f"{circular.period_label}各类单位得分分布"
    _check_labels(title, *circular.categories)
    with cjk_rc():
        return _draw_distribution(circular, title, bins)


def _draw_distribution(circular: Circular, title: str, bins: int) -> Figure:
    figure, axes = _figure(title)
    data = [[score for _, score in table.scores()] for table in circular.tables]
    data_labels = [
        (scores, table.category) for scores, table in zip(data, circular.tables, strict=True) if scores
    ]
    if data_labels:
        axes.hist(
            [d for d, _ in data_labels], bins=bins, label=[c for _, c in data_labels], edgecolor="white"
        )
        axes.legend()
    axes.set_xlabel("得分")
    axes.set_ylabel("单位数量（个）")
    axes.yaxis.get_major_locator().set_params(integer=True)
    return _finish(figure)


def trend_figure(circular: Circular) -> Figure:
    """Average total score per category across the previous periods and the current one."""
    periods = [(p.label, p.scores) for p in circular.previous] + [
        (circular.period_label, circular.current_scores())
    ]
    title = "各期平均得分趋势"
    _check_labels(title, *circular.categories, *(label for label, _ in periods))
    with cjk_rc():
        return _draw_trend(circular, title, periods)


def _draw_trend(circular: Circular, title: str, periods: list) -> Figure:
    figure, axes = _figure(title)
    labels = [label for label, _ in periods]
    for category in circular.categories:
        averages = [
            (sum(scores[category].values()) / len(scores[category])) if scores.get(category) else float("nan")
            for _, scores in periods
        ]
        axes.plot(labels, averages, marker="o", label=category)
    axes.set_xlabel("考核期")
    axes.set_ylabel("平均得分")
    axes.legend()
    return _finish(figure)


def problems_figure(circular: Circular) -> Figure:
    """Horizontal bars: how many problems of each kind were found."""
    title = f"{circular.period_label}发现问题类型统计"
    kinds = [p.kind for p in circular.problems]
    _check_labels(title, *kinds)
    with cjk_rc():
        return _draw_problems(circular, title, kinds)


def _draw_problems(circular: Circular, title: str, kinds: list[str]) -> Figure:
    figure, axes = _figure(title, height=max(2.5, 0.5 * len(kinds) + 1.5))
    counts = [p.count for p in circular.problems]
    axes.barh(kinds[::-1], counts[::-1], color="#c0392b")
    for y, count in enumerate(counts[::-1]):
        axes.text(count, y, f" {count}", va="center")
    axes.set_xlabel("问题数量（处）")
    axes.xaxis.get_major_locator().set_params(integer=True)
    return _finish(figure)


def circular_charts(circular: Circular) -> dict[str, tuple[str, bytes]]:
    """The charts that apply to this circular: name -> (caption, PNG bytes)."""
    charts = {"score_distribution": ("各类单位得分分布", to_png(score_distribution_figure(circular)))}
    if circular.previous:
        charts["trend"] = ("各期平均得分趋势", to_png(trend_figure(circular)))
    if circular.problems:
        charts["problems"] = ("发现问题类型统计", to_png(problems_figure(circular)))
    return {
        name: (f"图{n} {caption}", png) for n, (name, (caption, png)) in enumerate(charts.items(), start=1)
    }
