"""Crawl benchmark: gongkai check vs Debian's linkchecker vs a bare fetch-and-parse loop.

Generates the synthetic site (gen_site.py), serves it with nginx on 127.0.0.1 (one worker
process, access log off, every answer carries the ``LinkChecker`` header so linkchecker lifts its
10 requests/s cap), then runs the three crawlers one after the other, each in its own process.
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
from urllib.parse import urljoin

HERE = Path(__file__).resolve().parent
VENV = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
from gen_site import generate  # noqa: E402

from gongkai.audit.urls import normalize  # noqa: E402

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
maxrequestspersecond=1000
timeout=30
[output]
status=0
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(cmd: list[str], stdout_path: Path) -> tuple[float, int]:
    """Run ``cmd``; return (wall seconds, peak RSS in MB)."""
    with stdout_path.open("wb") as out:
        began = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gk-bench")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--columns", type=int, default=40)
    parser.add_argument("--per-column", type=int, default=125)
    parser.add_argument(
        "--tools",
        default="gongkai,linkchecker,ceiling",
        help="comma-separated subset to run (the comparison needs all three)",
    )
    args = parser.parse_args()
    tools = args.tools.split(",")
    work: Path = args.workdir
    shutil.rmtree(work, ignore_errors=True)
    root = work / "site"
    counts = generate(root, args.columns, args.per_column)
    os.chmod(work, 0o755)
    print(f"站点:{counts['html']} 个网页,预置坏链接 {counts['broken_planted']} 个")
    port = free_port()
    (work / "nginx.conf").write_text(NGINX_CONF.format(work=work, port=port, root=root))
    (work / "linkcheckerrc").write_text(LINKCHECKER_RC.format(threads=args.concurrency))
    os.chmod(work / "linkcheckerrc", 0o644)
    nginx = subprocess.Popen(["nginx", "-c", str(work / "nginx.conf")])
    try:
        time.sleep(0.5)
        url = f"http://127.0.0.1:{port}/index.html"
        c = str(args.concurrency)
        runs = {
            "gongkai": [
                str(VENV / "gongkai"),
                "check",
                url,
                "--max-pages",
                "100000",
                "--concurrency",
                c,
                "--rate",
                "0",
                "--quiet",
                "--json",
                str(work / "gongkai.json"),
            ],
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
            "ceiling": [sys.executable, str(HERE / "ceiling.py"), url, "--concurrency", c],
        }
        results = {}
        for name, cmd in runs.items():
            if name not in tools:
                continue
            seconds, rss = measure(cmd, work / f"{name}.out")
            results[name] = {
                "seconds": round(seconds, 1),
                "pages_per_s": round(counts["html"] / seconds, 1),
                "peak_rss_mb": rss,
            }
            print(
                f"{name:12s} {seconds:7.1f} 秒 {counts['html'] / seconds:8.1f} 页/秒 峰值内存 {rss} MB",
                flush=True,
            )
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(10)
    if set(tools) >= set(runs):
        compare(work, counts, results)


def compare(work: Path, counts: dict[str, int], results: dict[str, dict[str, float]]) -> None:
    """Broken links found by each tool, speed ratios; written to summary.json."""
    data = json.loads((work / "gongkai.json").read_text(encoding="utf-8"))
    ours = {f["target"] for f in data["findings"] if f["kind"] == "broken_link"}
    theirs = linkchecker_broken(work / "linkchecker.out")
    missed = sorted(theirs - ours)
    ceiling = json.loads((work / "ceiling.out").read_text())
    summary = {
        "html_pages": counts["html"],
        "gongkai_pages_crawled": data["pages_crawled"],
        "ceiling_html_pages": ceiling["html"],
        "gongkai_broken_targets": len(ours),
        "linkchecker_broken_targets": len(theirs),
        "missed_by_gongkai": missed[:20],
        "speedup_vs_linkchecker": round(results["linkchecker"]["seconds"] / results["gongkai"]["seconds"], 2),
        "share_of_ceiling": round(results["ceiling"]["seconds"] / results["gongkai"]["seconds"], 2),
        "runs": results,
    }
    (work / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
    print(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
