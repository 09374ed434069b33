"""Clean official-style articles: the detectors report nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ARTICLES = sorted((Path(__file__).parent / "clean").glob("*.txt"))


def test_there_are_enough_articles():
    assert len(ARTICLES) >= 6
    assert all(len(path.read_text(encoding="utf-8")) >= 300 for path in ARTICLES)


@pytest.mark.parametrize("path", ARTICLES, ids=lambda path: path.name)
def test_clean_article(scanner, path):
    text = path.read_text(encoding="utf-8")
    assert scanner.scan(text, published=dt.date(2024, 4, 12)) == []
    assert scanner.scan(text) == []


def test_all_clean_articles_joined(scanner):
    joined = "\n".join(path.read_text(encoding="utf-8") for path in ARTICLES)
    assert scanner.scan(joined * 3, published=dt.date(2024, 4, 12)) == []
