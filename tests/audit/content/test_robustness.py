"""The parsers never crash on arbitrary text or HTML, and their outputs keep their invariants."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.audit.content.columns import (
    classify_column,
    column_findings,
    column_record,
    discover_columns,
    home_freshness,
    parse_list_page,
)
from gongkai.audit.content.dates import find_dates, page_pub_date, parse_date
from gongkai.audit.content.policy import interpretation_findings, is_interpretation, policy_missing_fields

AS_OF = date(2021, 4, 1)
# Text biased towards the characters dates and lists are made of.
ALPHABET = st.sampled_from(
    list("0123456789-/.年月日[]【】()：: 发布时间〇一二三十暂无信息文号〔〕号有效<>/a\"'=") + ["\x00"]
)
date_text = st.text(alphabet=ALPHABET, max_size=80) | st.text(max_size=80)

TAGS = ["ul", "li", "a", "span", "table", "tr", "td", "dl", "dt", "dd", "div", "script", "h3", "meta", "p"]


@st.composite
def html_soup(draw):
    """Random, often broken, nested markup with links, dates and CMS class names."""
    parts = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 4))
        tag = draw(st.sampled_from(TAGS))
        if kind == 0:
            cls = draw(st.sampled_from(["list", "nav", "page", "news", "footer", "", "hd"]))
            parts.append(f'<{tag} class="{cls}">')
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            href = draw(
                st.sampled_from(
                    ["/a.html", "javascript:;", "#", "http://[bad", "mailto:x@y", "", "index_2.html"]
                )
            )
            parts.append(f'<a href="{href}" title="{draw(date_text)}">{draw(date_text)}</a>')
        elif kind == 3:
            parts.append(draw(date_text))
        else:
            parts.append(
                draw(st.sampled_from(["更多", "下一页", "首页", "<script>$.ajax({})</script>", "[03-18]"]))
            )
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(date_text, st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_dates_never_crash_and_never_exceed_as_of(text, as_of):
    found = find_dates(text, as_of=as_of)
    assert all(d <= as_of + timedelta(days=1) for d in found)
    first = parse_date(text, as_of=as_of)
    assert first == (found[0] if found else None)


@settings(max_examples=150, deadline=None)
@given(html_soup() | st.text(max_size=300))
def test_html_parsers_never_crash(html):
    base = "http://www.x.gov.cn/col/index.html"
    listing = parse_list_page(html, base, as_of=AS_OF)
    assert listing.items or listing.empty  # no items always means empty
    assert all(i.date is None or i.date <= AS_OF + timedelta(days=1) for i in listing.items)
    assert all(i.url is None or i.url.startswith("http") for i in listing.items)
    for column in discover_columns(html, base):
        assert column.url.startswith("http://www.x.gov.cn/") and 2 <= len(column.name) <= 16
    finding = home_freshness(html, base, as_of=AS_OF)
    assert finding is None or finding["kind"] == "home_not_updated"
    assert page_pub_date(html, as_of=AS_OF) is None or page_pub_date(html, as_of=AS_OF) <= AS_OF + timedelta(
        days=1
    )
    assert set(policy_missing_fields(html)) <= {"文件类型", "文号", "发文日期", "效力状态"}
    record = column_record(base, classify_column(html[:20])[0], None, listing, as_of=AS_OF)
    assert record["status"] in ("ok", "stale", "empty")
    assert all(f["kind"] in ("empty_column", "stale_column") for f in column_findings(record))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(max_size=40), st.text(max_size=40), st.lists(st.text(max_size=30), max_size=3)),
        max_size=6,
    )
)
def test_interpretation_matching_never_crashes(raw_pages):
    pages = [
        {"url": f"http://x.gov.cn/{i}/{u}", "title": t, "links": links}
        for i, (u, t, links) in enumerate(raw_pages)
    ]
    for finding in interpretation_findings(pages):
        assert finding["kind"] == "interpretation_unlinked"
        assert any(p["url"] == finding["page"] for p in pages)
    for _, title, _ in raw_pages:
        is_interpretation(title, title)
