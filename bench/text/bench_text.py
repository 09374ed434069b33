"""Benchmark of the text engine: precision/recall on labelled sentences, then throughput.

Not a test: run by hand (see README.md). The SIGHAN 2015 test sentences are read from the data
file inside pycorrector's wheel, fetched with ``pip download`` (the library itself is never
imported or installed, and the data is not copied into the repository).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from gongkai.text import Scanner, data_versions

HERE = Path(__file__).parent
CLEAN_ARTICLES = HERE.parents[1] / "tests" / "text" / "clean"
# Real government documents shipped with the project's specs (optional: only where shared/ exists).
SEEDS = HERE.parents[2] / "shared" / "seeds"
SIGHAN_MEMBER = "pycorrector/data/sighan2015_test.tsv"
SIGHAN_PACKAGE = "pycorrector==1.1.4"


@dataclass
class Case:
    """One sentence; ``errors`` are the character spans a perfect detector reports."""

    text: str
    errors: list[tuple[int, int]]
    published: dt.date | None = None


@dataclass
class Tally:
    hits: Counter
    true_hits: Counter
    sentences_with_errors: int = 0
    detected: int = 0

    def line(self, name: str) -> str:
        parts = [f"{name}:"]
        for severity in ("serious", "normal", "suspect"):
            total = self.hits[severity]
            precision = f"{self.true_hits[severity] / total:.3f}" if total else "无命中"
            parts.append(f"{severity} 精确率 {precision}（{self.true_hits[severity]}/{total}）")
        all_hits = sum(self.hits.values())
        all_true = sum(self.true_hits.values())
        overall = f"{all_true / all_hits:.3f}" if all_hits else "无命中"
        recall = self.detected / self.sentences_with_errors if self.sentences_with_errors else 0.0
        parts.append(f"总精确率 {overall}（{all_true}/{all_hits}）")
        parts.append(f"召回率 {recall:.3f}（{self.detected}/{self.sentences_with_errors} 句）")
        return "\n  ".join(parts)


def _rows(path: Path) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line and not line.startswith("#")]


def gov_cases() -> list[Case]:
    cases = []
    for day, wrong, right, error in _rows(HERE / "gov_pairs.tsv"):
        published = dt.date.fromisoformat(day) if day else None
        if error != "-":
            start = wrong.index(error)
            cases.append(Case(wrong, [(start, start + len(error))], published))
        cases.append(Case(right, [], published))
    cases += [Case(row[0], []) for row in _rows(HERE / "gov_clean.txt")]
    return cases


def real_document_cases() -> list[Case]:
    """Lines of the clean test articles and of the real seed documents: every hit is a false alarm."""
    paths = sorted(CLEAN_ARTICLES.glob("*.txt")) + (sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
    return [
        Case(line, []) for path in paths for line in path.read_text(encoding="utf-8").splitlines() if line
    ]


def fetch_sighan(cache: Path) -> Path:
    """The SIGHAN tsv from pycorrector's wheel, downloaded once into ``cache``."""
    target = cache / "sighan2015_test.tsv"
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "-q",
            SIGHAN_PACKAGE,
            "-d",
            str(cache),
        ],
        check=True,
    )
    wheel = next(cache.glob("pycorrector-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        target.write_bytes(archive.read(SIGHAN_MEMBER))
    return target


def sighan_cases(path: Path) -> list[Case]:
    cases = []
    for wrong, right in _rows(path):
        if len(wrong) != len(right):
            continue
        errors = [(i, i + 1) for i, (a, b) in enumerate(zip(wrong, right, strict=True)) if a != b]
        cases.append(Case(wrong, errors))
        if errors:
            cases.append(Case(right, []))
    return cases


def evaluate(scanner: Scanner, cases: list[Case]) -> tuple[Tally, list[str]]:
    tally = Tally(Counter(), Counter())
    false_alarms = []
    for case in cases:
        hits = [hit for hit in scanner.scan(case.text, published=case.published) if hit.kind == "typo"]
        found = False
        for hit in hits:
            tally.hits[hit.severity] += 1
            if any(hit.start < end and start < hit.end for start, end in case.errors):
                tally.true_hits[hit.severity] += 1
                found = True
            else:
                false_alarms.append(f"{hit.severity} “{hit.text}”→“{hit.suggestion}” 于：{case.text}")
        if case.errors:
            tally.sentences_with_errors += 1
            tally.detected += found
    return tally, false_alarms


def throughput(scanner: Scanner, corpus: str, megabytes: float) -> tuple[float, float, int]:
    """MB/s of UTF-8 Chinese text through every detector, best of three runs on one core."""
    size = len(corpus.encode("utf-8"))
    text = corpus * max(1, int(megabytes * 1e6 / size))
    mb = len(text.encode("utf-8")) / 1e6
    best = float("inf")
    hits = 0
    for _ in range(3):
        started = time.perf_counter()
        hits = len(scanner.scan(text, published=dt.date(2024, 4, 12)))
        best = min(best, time.perf_counter() - started)
    return mb, mb / best, hits


def main() -> None:
    parser = argparse.ArgumentParser(description="文本检测引擎基准：精确率、召回率与吞吐量")
    parser.add_argument(
        "--sighan", type=Path, help="sighan2015_test.tsv 的本地路径（不给则用 pip download 获取）"
    )
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "gongkai-bench-text")
    parser.add_argument("--megabytes", type=float, default=5.0, help="吞吐量测试的文本量（MB）")
    parser.add_argument("--show-false-alarms", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    started = time.perf_counter()
    scanner = Scanner()
    print(f"日期 {dt.date.today()}；构建检测器 {time.perf_counter() - started:.2f} 秒（单核）")
    print("数据文件版本：" + "，".join(f"{name} {version}" for name, version in data_versions().items()))

    sighan = sighan_cases(args.sighan or fetch_sighan(args.cache))
    gov = gov_cases()
    real = real_document_cases()
    sets = {
        "政务句对（自编）": gov,
        "SIGHAN 2015 测试集": sighan,
        "无错政务文本（测试文章与真实种子文件，逐行）": real,
    }
    total_hits, total_true = Counter(), Counter()
    for name, cases in sets.items():
        tally, alarms = evaluate(scanner, cases)
        print(tally.line(f"{name}，{len(cases)} 句"))
        total_hits.update(tally.hits)
        total_true.update(tally.true_hits)
        if args.show_false_alarms:
            for alarm in alarms:
                print("    误报 " + alarm)
    serious = total_hits["serious"]
    print(
        f"合计 serious 精确率 {total_true['serious'] / serious:.3f}（{total_true['serious']}/{serious}，目标 ≥ 0.95）"
    )

    articles = "\n".join(path.read_text(encoding="utf-8") for path in sorted(CLEAN_ARTICLES.glob("*.txt")))
    corpus = articles + "\n" + "\n".join(case.text for case in gov + sighan)
    mb, rate, hits = throughput(scanner, corpus, args.megabytes)
    print(f"吞吐量：{mb:.1f} MB 文本，{rate:.2f} MB/s（单核，目标 ≥ 5 MB/s），命中 {hits} 处")


if __name__ == "__main__":
    main()
