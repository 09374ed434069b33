"""gongkai.text_encoding: an uploaded text file as UTF-8 (BOM dropped) or GB18030, and the two
readers that use it (the metric table's CSV, the evidence upload's text sniffing)."""

from __future__ import annotations

import pytest

from gongkai.scoring.table_io import TableError, read_table
from gongkai.text_encoding import decode_upload
from gongkai.uploads import detect_type

TEXT = "单位名称,空白栏目数\n教育体育局,2\n"


def test_utf8_with_or_without_bom_and_gbk_decode_to_the_same_text():
    assert decode_upload(TEXT.encode("utf-8")) == TEXT
    assert decode_upload(TEXT.encode("utf-8-sig")) == TEXT  # no stray \ufeff in the first header
    assert decode_upload(TEXT.encode("gbk")) == TEXT
    assert decode_upload(TEXT.encode("gb18030")) == TEXT
    assert decode_upload(b"\xff\xfe\x00") is None and decode_upload(b"abc\x80") is None


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_the_metric_table_reads_a_csv_saved_either_way(tmp_path, encoding):
    path = tmp_path / "metrics.csv"
    path.write_bytes(TEXT.encode(encoding))
    headers, rows = read_table(path)
    assert headers == ["单位名称", "空白栏目数"] and rows == [(2, ["教育体育局", "2"])]


def test_an_undecodable_csv_is_a_chinese_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xff\xff")
    with pytest.raises(TableError, match="无法识别 bad.csv 的文字编码"):
        read_table(path)


def test_evidence_text_in_either_encoding_is_text_and_binary_junk_is_not():
    assert detect_type("整改完毕".encode("gbk")) == "text/plain"
    assert detect_type("整改完毕\r\n".encode("utf-8-sig")) == "text/plain"
    assert detect_type(b"\x80\x80") is None  # neither UTF-8 nor GB18030
    assert detect_type("整改\x00完毕".encode()) is None  # a control character
