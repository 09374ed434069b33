"""Evidence off costs nothing, evidence on costs what (issue 18 item 2).

Generates a small synthetic site (gen_site.py, 10 columns of 60 articles: 643 pages), serves it
with nginx, then runs ``gongkai check`` of two source trees alternately, evidence off, and once
with ``--evidence`` (screenshots capped by ``--shots``).

    python bench/crawl/evidence_bench.py [--base /work/main/src] [--rounds 3] [--shots 20]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from gen_site import generate  # noqa: E402
from run_bench import NGINX_CONF, free_port  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/gk-evidence-bench"))
    parser.add_argument("--base", default="/work/main/src", help="source tree to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shots", type=int, default=20)
    args = parser.parse_args()
    work: Path = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    root = work / "site"
    if not root.exists():
        generate(root, 10, 60)
    port = free_port()
    (work / "nginx.conf").write_text(NGINX_CONF.format(work=work, port=port, root=root))
    nginx = subprocess.Popen(["/usr/sbin/nginx", "-c", str(work / "nginx.conf"), "-p", str(work)])
    time.sleep(1)
    ours = str(HERE.parents[1] / "src")

    def run(src: str, *extra: str) -> float:
        env = {**os.environ, "PYTHONPATH": src, "GONGKAI_DATA_DIR": str(work / "data")}
        cmd = [sys.executable, "-m", "gongkai", "check", f"http://127.0.0.1:{port}/", "--concurrency", "10"]
        cmd += ["--rate", "0", "--quiet", "--as-of", "2025-12-01", "--json", str(work / "out.json"), *extra]
        began = time.monotonic()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return round(time.monotonic() - began, 2)

    try:
        times: dict[str, list[float]] = {"base": [], "evidence_off": []}
        for _ in range(args.rounds):
            times["base"].append(run(args.base))
            times["evidence_off"].append(run(ours))
        shutil.rmtree(work / "ev", ignore_errors=True)
        seconds = run(ours, "--evidence", str(work / "ev"), "--evidence-max-shots", str(args.shots))
        data = json.loads((work / "out.json").read_text(encoding="utf-8"))
        pages = work / "ev" / "pages"
        summary = {
            **times,
            "pages_crawled": data["pages_crawled"],
            "evidence_on_seconds": seconds,
            "pages_kept": len(list(pages.glob("*.html"))),
            "screenshots": len(list(pages.glob("*.png"))),
            "findings_with_evidence": sum(1 for f in data["findings"] if f.get("evidence")),
        }
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    finally:
        nginx.terminate()
        nginx.wait()


if __name__ == "__main__":
    main()
