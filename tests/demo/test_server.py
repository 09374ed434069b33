"""The county served on loopback, and the real audit engine finding the planted crawler-level problems."""

from __future__ import annotations

import asyncio
import http.client
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from gongkai.audit import AuditConfig, audit
from gongkai.demo.manifest import CountyManifest, UnitSite
from gongkai.demo.server import RunningCounty, main, serve_county
from tests.demo.conftest import AS_OF

CRAWLER_KINDS = ("broken_link", "missing_meta", "footer", "site")


def _get(url: str, method: str = "GET") -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=10) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def test_files_types_and_missing_pages(served: RunningCounty, manifest: CountyManifest) -> None:
    base = served.urls["教育体育局"]
    assert len(set(served.urls.values())) == len(manifest.units) == 44
    status, ctype, body = _get(base)
    assert status == 200 and ctype == "text/html; charset=utf-8" and "偃师市教育体育局".encode() in body
    assert _get(base + "gzdt/")[0] == 200
    for path, expected in (("css/style.css", "text/css"), ("images/banner.png", "image/png")):
        assert _get(base + path)[1].startswith(expected)
    unit = manifest.unit("教育体育局")
    files = sorted(p.name for p in (Path(served.root) / unit.slug / "files").iterdir())
    types = {Path(name).suffix: _get(base + "files/" + name)[1] for name in files}
    assert types[".pdf"] == "application/pdf"
    assert types[".docx"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    status, ctype, body = _get(base + "gzdt/t20990101_1.html")
    assert status == 404 and "页面不存在" in body.decode()
    assert _get(base, method="HEAD")[0] == 200


def test_no_way_out_of_the_site_folder(served: RunningCounty) -> None:
    parts = urlsplit(served.urls["教育体育局"])
    for path in ("/../manifest.json", "/%2e%2e/manifest.json", "/..%2fmanifest.json"):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        conn.request("GET", path)
        response = conn.getresponse()
        assert response.status == 404 and b"units" not in response.read(), path
        conn.close()


def test_gbk_sites_served_as_gbk(served: RunningCounty, manifest: CountyManifest) -> None:
    unit = next(u for u in manifest.units if u.encoding == "gbk")
    status, ctype, body = _get(served.urls[unit.name])
    assert status == 200 and ctype == "text/html"  # no HTTP charset: the meta tag decides
    assert b'charset="gb2312"' in body and unit.site_name in body.decode("gbk")


def test_unreachable_site_answers_503_and_can_be_switched(served: RunningCounty) -> None:
    assert served.unreachable == {"金融工作局"}
    assert _get(served.urls["金融工作局"])[0] == 503
    served.set_unreachable("教育体育局")
    try:
        assert _get(served.urls["教育体育局"])[0] == 503
    finally:
        served.set_unreachable("教育体育局", False)
    assert _get(served.urls["教育体育局"])[0] == 200
    with pytest.raises(KeyError):
        served.set_unreachable("不存在的局")


def test_bad_server_arguments(county_root: Path, manifest: CountyManifest, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="回环地址"):
        serve_county(county_root, manifest, host="0.0.0.0")
    with pytest.raises(ValueError, match="没有这些单位"):
        serve_county(county_root, manifest, unreachable=["不存在的局"])
    with pytest.raises(ValueError, match="manifest.json"):
        serve_county(tmp_path)
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    try:
        with pytest.raises(ValueError, match="无法在"):
            serve_county(county_root, manifest, base_port=busy.getsockname()[1])
    finally:
        busy.close()


def test_command_line_errors_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 2
    assert "请先生成样例县网站" in capsys.readouterr().err


def test_command_line_serves_until_interrupted(county_root: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "gongkai.demo.server", str(county_root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        header = process.stdout.readline()
        assert "样例县网站已启动" in header
        first = process.stdout.readline().split()
        assert first[0] == "教育体育局"
        assert _get(first[1])[0] == 200
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0 and "已停止" in out
    assert "Warning" not in err and "Traceback" not in err


def _audit(url: str) -> dict[str, Any]:
    # the real engine with the defaults of a local mirror; no retry pause for the planted dead links
    config = AuditConfig(
        start=url, as_of=AS_OF, rate=0, concurrency=8, retries=0, recheck_delay=0.05, veto_recheck_delay=0.05
    )
    return asyncio.run(audit(config)).to_dict()


def _key(kind: str, fields: dict[str, Any], base: str) -> tuple[Any, ...]:
    if kind == "broken_link":
        return (
            urlsplit(fields["target"]).path if fields["target"].startswith(base) else fields["target"],
            fields["element"],
            fields["home"],
        )
    if kind == "missing_meta":
        return (fields["name"],)
    if kind == "footer":
        return tuple(fields["missing"])
    return (fields["check"],)


def _crawler_findings(result: dict[str, Any], base: str) -> set[tuple[Any, ...]]:
    found = set()
    for f in result["findings"]:
        if f["kind"] in CRAWLER_KINDS and not (f["kind"] == "site" and f["check"] in ("https", "ipv6")):
            found.add((f["kind"], urlsplit(f["page"]).path, *_key(f["kind"], f, base)))
    return found


def _planted(unit: UnitSite) -> set[tuple[Any, ...]]:
    return {(p.kind, p.page, *_key(p.kind, p.fields, "/")) for p in unit.planted if p.kind in CRAWLER_KINDS}


@pytest.mark.parametrize("name", ["教育体育局", "统计局", "社保中心", "城市管理局", "金融工作局", "邙岭镇"])
def test_audit_finds_the_planted_crawler_problems(
    served: RunningCounty, manifest: CountyManifest, name: str
) -> None:
    unit = manifest.unit(name)
    base = served.urls[name]
    result = _audit(base)
    found = _crawler_findings(result, base.rstrip("/"))
    assert found == _planted(unit)
    assert not [f for f in result["findings"] if f["kind"] == "page_error"]
    if unit.unreachable:
        assert result["error"] and result["pages_crawled"] == 0
    else:
        assert result["error"] is None and result["pages_crawled"] >= 30
        assert result["site"]["https"] is False  # plain HTTP on loopback: the one finding every site gets
    if unit.profile == "good":
        assert not unit.planted and not found


def test_audit_reads_a_gbk_site(served: RunningCounty, manifest: CountyManifest) -> None:
    unit = next(u for u in manifest.units if u.encoding == "gbk")
    result = _audit(served.urls[unit.name])
    assert result["error"] is None and result["pages_crawled"] >= 30
    assert _crawler_findings(result, served.urls[unit.name].rstrip("/")) == _planted(unit)
