"""Crawl benchmark: gongkai check vs Debian's linkchecker vs a bare fetch-and-parse loop.

Generates the synthetic site (gen_site.py), serves it with nginx on 127.0.0.1 (one worker
process, access log off, every answer carries the ``LinkChecker`` header so linkchecker lifts its
10 requests/s cap; its own configuration lifts it further), then runs the three crawlers one
after the other, each in its own process, and a one-page ``gongkai check`` for the latency. A run
that is cut short (page cap, timeout) or misses a planted broken link fails the bench (exit 1, no
figure).
Wall time comes from the parent; peak memory is the child's max RSS from ``os.wait4``.

    python bench/crawl/run_bench.py [--workdir /tmp/gk-bench] [--concurrency 10]

Needs: nginx and linkchecker (``apt-get install -y nginx-light linkchecker``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

HERE = Path(__file__).resolve().parent
VENV = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
from gen_site import generate  # noqa: E402

# the parent stays light (no gongkai import): a child's peak RSS counts the parent's at fork time


def normalize(url: str) -> str:
    return urldefrag(url)[0]


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ text/html html; image/jpeg jpg; image/png png; application/pdf pdf;
             text/css css; application/javascript js; }}
    default_type application/octet-stream;
    sendfile on;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
        add_header LinkChecker "gongkai-bench" always;
    }}
}}
"""
LINKCHECKER_RC = """
[checking]
threads={threads}
maxrequestspersecond=10000
timeout=30
[output]
status=0
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BenchError(SystemExit):
    """A run that did not cover the whole site: the bench prints why and gives no figure."""

    def __init__(self, message: str) -> None:
        super().__init__(f"基准失败:{message}")


def measure(cmd: list[str], stdout_path: Path, timeout: float) -> tuple[float, int]:
    """Run ``cmd``; return (wall seconds, peak RSS in MB). A run past ``timeout`` fails the bench."""
    with stdout_path.open("wb") as out, (stdout_path.with_suffix(".err")).open("wb") as err:
        began = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        deadline = began + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise BenchError(f"{cmd[0]} 超过 {timeout:.0f} 秒未结束,已终止")
            time.sleep(0.02)
        seconds = time.monotonic() - began
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss // 1024


def linkchecker_broken(path: Path) -> set[str]:
    lines = [
        line
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if line and not line.startswith("#")
    ]
    broken = set()
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        if row.get("valid") == "False":
            broken.add(
                normalize(urljoin(row["parentname"] or row["urlname"], row["urlname"])) or row["urlname"]
            )
    return broken


ONE_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>单页网站</title></head><body>'
    '<p>单页网站</p><a href="/one/missing.html">失效链接</a><img src="/images/pic_1.jpg" alt="图">'
    "</body></html>"
)


# before any timed run: gongkai's modules compiled to .pyc (an installed package has them; an
# editable install under PYTHONDONTWRITEBYTECODE=1, as on the build machines, would otherwise
# compile every module again in every run, ~0.5 s each) and the text detector's cache built
WARM = (
    "import compileall, pathlib, gongkai; "
    "assert compileall.compile_dir(pathlib.Path(gongkai.__file__).parent, quiet=1); "
    "from gongkai.text.scanner import default_scanner; from gongkai.text import lexicon; "
    "default_scanner(); lexicon.compact_dictionary()"
)


def by_path(urls: set[str]) -> set[str]:
    return {urlsplit(u).path for u in urls}


def check_run(name: str, ok: bool, message: str) -> None:
    if not ok:
        raise BenchError(f"{name}:{message}")


def verify(work: Path, name: str, planted: set[str], expected_pages: int) -> dict[str, int]:
    """The run of ``name`` covered the whole site and found every planted broken link, or the
    bench fails (no figure is printed for a run that was cut short)."""
    if name == "gongkai":
        data = json.loads((work / "gongkai.json").read_text(encoding="utf-8"))
        check_run(name, data["complete"] and not data["truncated"], f"检查不完整 {data['incomplete']}")
        pages = data["pages_crawled"]
        found = by_path({f["target"] for f in data["findings"] if f["kind"] == "broken_link"})
    elif name == "ceiling":
        data = json.loads((work / "ceiling.out").read_text())
        pages, found = data["html"], set(data["broken"])
    else:
        found = by_path(linkchecker_broken(work / "linkchecker.out"))
        pages = len(by_path(linkchecker_pages(work / "linkchecker.out")))
    check_run(name, pages >= expected_pages, f"只读了 {pages} 个网页,应为 {expected_pages} 个")
    missed = sorted(planted - found)
    check_run(name, not missed, f"漏报预置坏链接 {len(missed)} 个,例如 {missed[:5]}")
    return {"pages": pages, "broken_found": len(found & planted)}


def linkchecker_pages(path: Path) -> set[str]:
    """Valid HTML pages linkchecker read (the same rows as :func:`linkchecker_broken`)."""
    lines = [
        line
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if line and not line.startswith("#")
    ]
    pages = set()
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        url = normalize(urljoin(row["parentname"] or row["urlname"], row["urlname"])) or row["urlname"]
        if row.get("valid") == "True" and url.endswith((".html", "/")):
            pages.add(url)
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gk-bench")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--columns", type=int, default=40)
    parser.add_argument("--per-column", type=int, default=125)
    parser.add_argument(
        "--timeout", type=float, default=900, help="seconds one run may take before the bench fails"
    )
    parser.add_argument(
        "--tools",
        default="ceiling,linkchecker,gongkai,one-page",
        help="comma-separated subset to run (the ratios need ceiling, linkchecker and gongkai)",
    )
    args = parser.parse_args()
    tools = args.tools.split(",")
    work: Path = args.workdir
    shutil.rmtree(work, ignore_errors=True)
    root = work / "site"
    counts = generate(root, args.columns, args.per_column)
    planted = set((work / "planted.txt").read_text(encoding="utf-8").split())
    (root / "one").mkdir()
    (root / "one" / "index.html").write_text(ONE_PAGE, encoding="utf-8")
    os.chmod(work, 0o755)
    # search/index.html is linked from nowhere (the home page has a search form only)
    expected_pages = counts["html"] - 1
    print(f"站点:{counts['html']} 个网页,预置坏链接 {len(planted)} 个")
    port = free_port()
    (work / "nginx.conf").write_text(NGINX_CONF.format(work=work, port=port, root=root))
    (work / "linkcheckerrc").write_text(LINKCHECKER_RC.format(threads=args.concurrency))
    os.chmod(work / "linkcheckerrc", 0o644)
    nginx = subprocess.Popen(["nginx", "-c", str(work / "nginx.conf")])
    try:
        time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/index.html"
        c = str(args.concurrency)
        # --max-pages well above the site's size: a run cut at the cap fails the bench
        gongkai = [str(VENV / "gongkai"), "check", "--concurrency", c, "--rate", "0", "--quiet"]
        runs = {
            "ceiling": [sys.executable, str(HERE / "ceiling.py"), url, "--concurrency", c],
            "linkchecker": [
                "linkchecker",
                "-f",
                str(work / "linkcheckerrc"),
                "--no-status",
                "-o",
                "csv",
                "-v",
                "-t",
                c,
                url,
            ],
            "gongkai": gongkai
            + [url, "--max-pages", str(counts["html"] * 2), "--json", str(work / "gongkai.json")],
            # one page: its links are only checked for availability (HEAD), one of them is broken
            "one-page": gongkai
            + [f"http://127.0.0.1:{port}/one/index.html", "--json", str(work / "one-page.json")],
        }
        # the text engine's compiled forms are made once per machine (gongkai.text.compiled): make
        # them before timing, as any earlier run on the machine would have
        subprocess.run([sys.executable, "-c", WARM], check=True)
        results: dict[str, dict[str, float]] = {}
        for name, cmd in runs.items():
            if name not in tools:
                continue
            seconds, rss = measure(cmd, work / f"{name}.out", args.timeout)
            if name == "one-page":
                one = json.loads((work / "one-page.json").read_text(encoding="utf-8"))
                broken = {f["target"] for f in one["findings"] if f["kind"] == "broken_link"}
                check_run(name, by_path(broken) == {"/one/missing.html"}, f"坏链接应为 1 个,实为 {broken}")
                results[name] = {"seconds": round(seconds, 2), "peak_rss_mb": rss}
                print(f"{name:12s} {seconds:7.2f} 秒(一个网页的检查) 峰值内存 {rss} MB", flush=True)
                continue
            seen = verify(work, name, planted, expected_pages)
            results[name] = {
                "seconds": round(seconds, 1),
                "pages_per_s": round(counts["html"] / seconds, 1),
                "peak_rss_mb": rss,
                **seen,
            }
            print(
                f"{name:12s} {seconds:7.1f} 秒 {counts['html'] / seconds:8.1f} 页/秒 峰值内存 {rss} MB"
                f" 网页 {seen['pages']} 坏链接 {seen['broken_found']}/{len(planted)}",
                flush=True,
            )
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(10)
    summary: dict[str, object] = {
        "html_pages": counts["html"],
        "broken_planted": len(planted),
        "runs": results,
    }
    if {"ceiling", "linkchecker", "gongkai"} <= set(results):
        speed = {name: results[name]["pages_per_s"] for name in ("ceiling", "linkchecker", "gongkai")}
        summary["gongkai_share_of_ceiling"] = round(speed["gongkai"] / speed["ceiling"], 2)
        summary["linkchecker_share_of_ceiling"] = round(speed["linkchecker"] / speed["ceiling"], 2)
        summary["gongkai_vs_linkchecker"] = round(speed["gongkai"] / speed["linkchecker"], 2)
        print(
            f"gongkai / 上限 = {summary['gongkai_share_of_ceiling']:.2f},"
            f"linkchecker / 上限 = {summary['linkchecker_share_of_ceiling']:.2f},"
            f"gongkai / linkchecker = {summary['gongkai_vs_linkchecker']:.2f}"
        )
    (work / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
