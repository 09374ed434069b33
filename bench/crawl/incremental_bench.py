"""Incremental re-audit benchmark (issue 17 item 4): the second audit of a site where 5 % of the
pages changed, against the first.

Generates the bench site (gen_site.py), serves it with nginx on 127.0.0.1 (as run_bench.py; nginx
sends ETag and Last-Modified for static files, and here writes an access log of status codes), runs
``gongkai check --page-state FILE`` once (full), rewrites 5 % of the article pages (new text, so a
new ETag), and runs it again with the same state file. Prints wall and CPU seconds of each run,
their ratios, the requests (and 304 answers) of each and the pages taken over unparsed.

Before each gongkai run the ceiling (ceiling.py --state: the bare fetch-and-parse loop that asks
every URL conditionally the second time and parses only what changed) runs on the same site, so
the ratio the bare loop itself reaches is printed beside gongkai's.

Fails loudly (exit status non-zero, no figures) when a run is cut short (incomplete, truncated,
fewer pages than the site has, a planted broken link missed), when the second run re-parsed an
unchanged article, or when the findings of the unchanged pages differ between the two runs.

    python bench/crawl/incremental_bench.py [--workdir /tmp/gk-incremental] [--changed 0.05]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
VENV = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
from gen_site import generate  # noqa: E402
from run_bench import NGINX_CONF, WARM, BenchError, by_path, check_run, free_port  # noqa: E402

AS_OF = "2025-12-20"  # both runs: the findings of unchanged pages must then be identical
LOG_FORMAT = "log_format codes '$status $request_method';"


def measure(cmd: list[str], out: Path, timeout: float) -> dict[str, float]:
    """Run ``cmd``: wall seconds (from the parent), CPU seconds (user + system) and peak RSS of the child."""
    with out.open("wb") as stdout, out.with_suffix(".err").open("wb") as stderr:
        began = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - began > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise BenchError(f"gongkai check 超过 {timeout:.0f} 秒未结束,已终止")
            time.sleep(0.02)
        wall = time.monotonic() - began
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise BenchError(f"gongkai check 退出码 {code}:{out.with_suffix('.err').read_text()[-500:]}")
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": usage.ru_maxrss // 1024,
    }


def change_pages(root: Path, share: float) -> set[str]:
    """Rewrite every 1/share-th article (sorted by path): new text in its body. Returns their paths."""
    articles = sorted(p for p in root.glob("col/*/art/**/*.html"))
    step = max(1, round(1 / share))
    changed = set()
    for path in articles[::step]:
        html = path.read_bytes()
        marker = b"</h1>"
        assert marker in html, path
        path.write_bytes(
            html.replace(marker, marker + "<p>本页内容已更新。</p>".encode(path_charset(html)), 1)
        )
        changed.add("/" + path.relative_to(root).as_posix())
    return changed


def path_charset(html: bytes) -> str:
    return "gb2312" if b"gb2312" in html[:500].lower() else "utf-8"


def access_codes(log: Path, start: int) -> tuple[Counter[str], int]:
    """(status code -> answers, bytes read) of the access log from offset ``start``."""
    data = log.read_bytes()[start:]
    return Counter(line.split()[0] for line in data.decode().splitlines() if line), len(data)


def page_findings(data: dict, skip: set[str]) -> list[str]:
    """The findings of the pages not in ``skip``, as sorted JSON lines (every field compared)."""
    return sorted(
        json.dumps(f, ensure_ascii=False, sort_keys=True)
        for f in data["findings"]
        if urlsplit(f["page"]).path not in skip
    )


def verify(data: dict, planted: set[str], expected_pages: int, name: str) -> None:
    check_run(name, data["complete"] and not data["truncated"], f"检查不完整 {data['incomplete']}")
    check_run(name, data["pages_crawled"] >= expected_pages, f"只读了 {data['pages_crawled']} 个网页")
    found = by_path({f["target"] for f in data["findings"] if f["kind"] == "broken_link"})
    missed = sorted(planted - found)
    check_run(name, not missed, f"漏报预置坏链接 {len(missed)} 个,例如 {missed[:5]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "gk-incremental")
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--columns", type=int, default=40)
    parser.add_argument("--per-column", type=int, default=125)
    parser.add_argument("--changed", type=float, default=0.05, help="share of the article pages changed")
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    work: Path = args.workdir
    shutil.rmtree(work, ignore_errors=True)
    root = work / "site"
    counts = generate(root, args.columns, args.per_column)
    planted = set((work / "planted.txt").read_text(encoding="utf-8").split())
    os.chmod(work, 0o755)
    expected_pages = counts["html"] - 1  # search/index.html is linked from nowhere
    port = free_port()
    conf = NGINX_CONF.format(work=work, port=port, root=root).replace(
        "    access_log off;", f"    {LOG_FORMAT}\n    access_log {work}/access.log codes;"
    )
    (work / "nginx.conf").write_text(conf)
    state = work / "page-state.sqlite"
    url = f"http://127.0.0.1:{port}/index.html"
    cmd = [
        str(VENV / "gongkai"),
        "check",
        url,
        "--as-of",
        AS_OF,
        "--concurrency",
        str(args.concurrency),
        "--rate",
        "0",
        "--quiet",
        "--max-pages",
        str(counts["html"] * 2),
        "--page-state",
        str(state),
    ]
    print(f"站点:{counts['html']} 个网页,预置坏链接 {len(planted)} 个", flush=True)
    subprocess.run([sys.executable, "-c", WARM], check=True)
    nginx = subprocess.Popen(["nginx", "-c", str(work / "nginx.conf")])
    runs: dict[str, dict] = {}
    ceilings: dict[str, dict] = {}
    try:
        time.sleep(0.5)
        changed: set[str] = set()
        for name in ("first", "second"):
            if name == "second":
                changed = change_pages(root, args.changed)
            bare = [sys.executable, str(HERE / "ceiling.py"), url, "--concurrency", str(args.concurrency)]
            kept = ["--state", str(work / "ceiling-state.json")]
            ceiling = measure([*bare, *kept], work / f"ceiling-{name}.out", args.timeout)
            bare_data = json.loads((work / f"ceiling-{name}.out").read_text())
            read = bare_data["html"] + bare_data["not_modified"]
            check_run(f"ceiling-{name}", read >= expected_pages, f"只读了 {read} 个网页")
            missed = sorted(planted - set(bare_data["broken"]))
            check_run(f"ceiling-{name}", not missed, f"漏报预置坏链接 {len(missed)} 个,例如 {missed[:5]}")
            ceilings[name] = {
                **ceiling,
                "parsed": bare_data["html"],
                "not_modified": bare_data["not_modified"],
            }
            print(
                f"ceiling {name:7s} 墙钟 {ceiling['wall_s']:6.2f} 秒 CPU {ceiling['cpu_s']:6.2f} 秒 "
                f"解析 {bare_data['html']} 个网页(304:{bare_data['not_modified']})",
                flush=True,
            )
            time.sleep(0.2)  # the ceiling's requests are not gongkai's: counted from here
            offset = (work / "access.log").stat().st_size
            out = work / f"{name}.json"
            figures = measure([*cmd, "--json", str(out)], work / f"{name}.out", args.timeout)
            time.sleep(0.2)  # nginx writes its log as answers go out
            codes, _ = access_codes(work / "access.log", offset)
            data = json.loads(out.read_text(encoding="utf-8"))
            verify(data, planted, expected_pages, name)
            runs[name] = {
                **figures,
                "requests": sum(codes.values()),
                "answers_304": codes.get("304", 0),
                "pages_crawled": data["pages_crawled"],
                "pages_unchanged": data.get("pages_unchanged"),
                "findings": len(data["findings"]),
                "data": data,
            }
            print(
                f"{name:7s} 墙钟 {figures['wall_s']:6.2f} 秒 CPU {figures['cpu_s']:6.2f} 秒 "
                f"峰值内存 {figures['peak_rss_mb']} MB 请求 {runs[name]['requests']}"
                f"(304:{runs[name]['answers_304']}) 网页 {data['pages_crawled']}"
                f"(未改动 {data.get('pages_unchanged')}) 问题 {len(data['findings'])}",
                flush=True,
            )
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(10)
    first, second = runs["first"].pop("data"), runs["second"].pop("data")
    articles = counts["html"] - 1 - len(changed)
    check_run("second", (runs["second"]["pages_unchanged"] or 0) > 0, "没有页面被认定为未改动")
    # every unchanged article answered 304 and was taken over; only changed and always-read pages parsed
    check_run(
        "second",
        runs["second"]["pages_unchanged"] <= articles,
        f"未改动页面数 {runs['second']['pages_unchanged']} 超过未改动的网页数 {articles}",
    )
    before, after = page_findings(first, changed), page_findings(second, changed)
    if before != after:
        lost, new = sorted(set(before) - set(after)), sorted(set(after) - set(before))
        raise BenchError(
            f"未改动页面的问题两次不同:少了 {len(lost)} 条(如 {lost[:2]}),多了 {len(new)} 条(如 {new[:2]})"
        )
    summary = {
        "html_pages": counts["html"],
        "changed_pages": len(changed),
        "as_of": AS_OF,
        "runs": runs,
        "cpu_ratio": round(runs["second"]["cpu_s"] / runs["first"]["cpu_s"], 3),
        "wall_ratio": round(runs["second"]["wall_s"] / runs["first"]["wall_s"], 3),
        "requests_ratio": round(runs["second"]["requests"] / runs["first"]["requests"], 3),
        "ceiling": ceilings,
        "ceiling_cpu_ratio": round(ceilings["second"]["cpu_s"] / ceilings["first"]["cpu_s"], 3),
        "ceiling_wall_ratio": round(ceilings["second"]["wall_s"] / ceilings["first"]["wall_s"], 3),
        "unchanged_findings_identical": True,
    }
    print(
        f"改动网页 {len(changed)} 个({args.changed:.0%} 的文章);第二次 / 第一次:CPU {summary['cpu_ratio']:.2f},"
        f"墙钟 {summary['wall_ratio']:.2f},请求 {summary['requests_ratio']:.2f};未改动页面的问题两次相同;"
        f"上限程序自身第二次 / 第一次:CPU {summary['ceiling_cpu_ratio']:.2f},墙钟 {summary['ceiling_wall_ratio']:.2f}"
    )
    (work / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
