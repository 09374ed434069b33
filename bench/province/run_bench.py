"""Province-scale benchmark (issue 17 item 5): M loopback sites (site_server.py, one host each),
registered in a fresh PostgreSQL database, audited by ``gongkai audit --all --background --wait``
through Celery (Redis broker) with 1 and then 2 worker processes
(``celery -A gongkai.celery worker --pool solo -c 1``). Reports sites/hour, each worker's peak
RSS (VmHWM) and CPU seconds, and fails loudly when any site's audit is missing, failed or
incomplete, or its planted broken link was not found.

    /work/main/.venv/bin/python bench/province/run_bench.py --sites 40
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if "PYTHONPATH" not in os.environ:
    os.environ["PYTHONPATH"] = str(ROOT / "src")
sys.path.insert(0, os.environ["PYTHONPATH"].split(os.pathsep)[0])
sys.path.insert(0, str(HERE))

from site_server import pages_per_site  # noqa: E402

PYTHON = sys.executable
CELERY = str(Path(PYTHON).with_name("celery"))


def _database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server.rstrip("/") + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.rstrip("/") + "/" + name


def _proc(pid: int) -> tuple[int, float]:
    """(peak RSS in KB, CPU seconds) of a live process."""
    status = Path(f"/proc/{pid}/status").read_text()
    hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return hwm, (int(fields[11]) + int(fields[12])) / ticks


def _round(workers: int, as_of: date, env: dict, work: Path, sites: int) -> dict:
    logs = [work / f"worker-{workers}-{i}.log" for i in range(workers)]
    procs = [
        subprocess.Popen(
            [
                CELERY,
                "-A",
                "gongkai.celery",
                "worker",
                "--pool",
                "solo",
                "-c",
                "1",
                "-Q",
                env["GONGKAI_CELERY_QUEUE"],
                "-n",
                f"bench{workers}-{i}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
            ],
            env=env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for i, log in enumerate(logs)
    ]
    try:
        deadline = time.monotonic() + 60
        while not all("ready" in log.read_text(errors="replace") for log in logs):
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise SystemExit(
                    "Celery 工作进程未能启动：\n" + "\n".join(f.read_text(errors="replace") for f in logs)
                )
            time.sleep(0.5)
        started = time.perf_counter()
        audit = subprocess.run(
            [
                PYTHON,
                "-m",
                "gongkai",
                "audit",
                "--all",
                "--background",
                "--wait",
                "--as-of",
                as_of.isoformat(),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        elapsed = time.perf_counter() - started
        stats = [_proc(p.pid) for p in procs]
    finally:
        for p in procs:
            os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            p.wait(timeout=60)
    print(audit.stdout, audit.stderr, sep="\n")
    if audit.returncode != 0:
        raise SystemExit(
            f"{workers} 个工作进程：gongkai audit --all 失败（{audit.returncode}）：{audit.stderr}"
        )
    handled = [log.read_text(errors="replace").count("gongkai.run_audit_job") for log in logs]
    return {
        "workers": workers,
        "sites": sites,
        "seconds": round(elapsed, 1),
        "sites_per_hour": round(sites / elapsed * 3600),
        "peak_rss_mb": [round(kb / 1024, 1) for kb, _ in stats],
        "cpu_seconds": [round(cpu, 1) for _, cpu in stats],
        "log_lines_per_worker": handled,
    }


def _verify(as_of: date, sites: int) -> dict:
    """Every active site has exactly one complete run of ``as_of`` with its planted broken link."""
    from gongkai.monitoring.models import AuditJob, AuditRun
    from gongkai.registry.models import Site

    problems, pages = [], 0
    for site in Site.objects.filter(active=True):
        runs = list(AuditRun.objects.filter(site=site, as_of=as_of))
        if len(runs) != 1:
            problems.append(f"{site.url}：{len(runs)} 次检查记录")
            continue
        run = runs[0]
        pages += run.pages_crawled
        if run.status != AuditRun.Status.DONE or run.incomplete or run.truncated:
            problems.append(f"{site.url}：{run.status} {run.error} {run.incomplete}")
        if not run.findings.filter(kind="broken_link", data__target=site.url + "gone.html").exists():
            problems.append(f"{site.url}：未发现预置的失效链接")
        if run.pages_crawled < pages_per_site():
            problems.append(f"{site.url}：只抓取 {run.pages_crawled} 页")
    jobs = AuditJob.objects.filter(as_of=as_of)
    if jobs.count() != sites or jobs.exclude(status=AuditJob.Status.DONE).exists():
        problems.append(
            f"任务 {jobs.count()} 个，未完成 {jobs.exclude(status=AuditJob.Status.DONE).count()} 个"
        )
    if problems:
        raise SystemExit("检查不完整：\n" + "\n".join(problems))
    return {"pages": pages, "workers_seen": sorted(set(jobs.values_list("worker", flat=True)))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--work", default="/tmp/gk-bench-province")
    args = parser.parse_args()
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": _database(args.server, "gongkai_bench_province"),
        "REDIS_URL": args.redis,
        "GONGKAI_CELERY_QUEUE": f"bench-province-{uuid.uuid4().hex[:8]}",
        "GONGKAI_DATA_DIR": str(work / "data"),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }
    os.environ.update(env)
    subprocess.run([PYTHON, "-m", "gongkai", "migrate", "-v", "0"], env=env, check=True)
    import django

    django.setup()
    from gongkai.registry.models import Region, Site, Unit, UnitCategory

    region = Region.objects.create(name="测试省", level=Region.Level.PROVINCE)
    category = UnitCategory.objects.order_by("order").first()
    for n in range(2, args.sites + 2):
        unit = Unit.objects.create(region=region, category=category, name=f"测试县第{n}单位")
        Site.objects.create(unit=unit, name=f"测试县第{n}单位网站", url=f"http://127.0.0.{n}:{args.port}/")

    server = subprocess.Popen(
        [PYTHON, str(HERE / "site_server.py"), "--sites", str(args.sites), "--port", str(args.port)],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        if server.stdout.readline().strip() != "serving":
            raise SystemExit("网站服务未能启动")
        rounds = []
        for i, workers in enumerate(args.workers):
            as_of = date(2026, 11, 20) - timedelta(days=i)
            result = _round(workers, as_of, env, work, args.sites)
            result.update(_verify(as_of, args.sites))
            result["pages_per_hour"] = round(result["pages"] / result["seconds"] * 3600)
            rounds.append(result)
            print(json.dumps(result, ensure_ascii=False))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    summary = {"sites": args.sites, "pages_per_site": pages_per_site(), "rounds": rounds}
    (work / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
