"""Database benchmark (issue 17 item 6): store N generated audit results of realistic size into
PostgreSQL through gongkai.monitoring.store.record_run, and report rows/s, bytes per site per
run (pg_total_relation_size of the run and finding tables, their indexes and TOAST included),
the time of the review page's queries, and the extrapolated growth per 1,000 sites per month.

    /work/main/.venv/bin/python bench/database/run_bench.py --sites 100 --pages 5000 --findings 250

It creates (and drops first) the database ``gongkai_bench_db`` on --server.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if "PYTHONPATH" not in os.environ:  # PYTHONPATH=/other/src measures another checkout's code
    sys.path.insert(0, str(ROOT / "src"))

KINDS = [  # (kind, share of findings, extra fields) as the engine writes them
    (
        "broken_link",
        0.55,
        lambda r, u: {
            "target": u + "gone.pdf",
            "status": 404,
            "error": "http",
            "text": "附件",
            "element": "a",
            "home": False,
        },
    ),
    (
        "typo",
        0.15,
        lambda r, u: {
            "text": "发布实间",
            "suggestion": "发布时间",
            "context": "本文发布实间为2026年11月，请及时关注。",
        },
    ),
    ("page_tags", 0.15, lambda r, u: {"missing": ["SiteName", "ColumnName"], "severity": "warning"}),
    (
        "column_update",
        0.05,
        lambda r, u: {
            "column": "工作动态",
            "column_type": "dynamic",
            "latest": "2026-09-30",
            "window_days": 14,
        },
    ),
    ("sensitive", 0.05, lambda r, u: {"text": "某词", "category": "political", "context": "……某词……"}),
    ("attachment_text", 0.05, lambda r, u: {"target": u + "f.doc", "format": "doc"}),
]


def _database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server.rstrip("/") + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.rstrip("/") + "/" + name


def _pages(rng: random.Random, root: str, n: int) -> list[str]:
    columns = [f"col{c:02d}" for c in range(40)]
    urls = {root}
    while len(urls) < n:
        col = rng.choice(columns)
        kind = rng.random()
        if kind < 0.7:
            urls.add(
                f"{root}{col}/{rng.randint(2019, 2026)}{rng.randint(1, 12):02d}/t{rng.randint(10**7, 10**8)}_{rng.randint(1, 9999)}.html"
            )
        elif kind < 0.85:
            urls.add(f"{root}{col}/index_{rng.randint(1, 200)}.html")
        else:
            urls.add(f"{root}{col}/P0{rng.randint(10**9, 10**10)}.pdf")
    return sorted(urls)


def _result(rng: random.Random, root: str, pages: list[str], findings: int, as_of: date) -> dict:
    found = []
    for i in range(findings):
        kind, extra = rng.choices([(k, e) for k, _, e in KINDS], weights=[w for _, w, _ in KINDS])[0]
        page = rng.choice(pages)
        found.append(
            {
                "kind": kind,
                "page": page,
                **extra(rng, page.rsplit("/", 1)[0] + "/"),
                "message": f"{kind} 问题说明第 {i} 条",
            }
        )
    return {
        "start": root,
        "as_of": as_of.isoformat(),
        "started_at": f"{as_of.isoformat()}T02:00:00+08:00",
        "finished_at": f"{as_of.isoformat()}T05:30:00+08:00",
        "pages_crawled": len(pages),
        "truncated": False,
        "error": None,
        "site": {"https": {"ok": True}, "ipv6": {"ok": False}, "search": {"ok": True}},
        "columns": [
            {"url": f"{root}col{c:02d}/", "type": "dynamic", "latest": "2026-11-01"} for c in range(40)
        ],
        "findings": found,
        "complete": True,
        "incomplete": [],
        "annual_reports": [],
        "messages": [],
        "pages": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--pages", type=int, default=5000, help="pages per site per run")
    parser.add_argument("--findings", type=int, default=250, help="findings per site per run")
    parser.add_argument("--out", default="/tmp/gk-bench-db/summary.json")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = _database(args.server, "gongkai_bench_db")
    os.environ.setdefault("GONGKAI_DATA_DIR", "/tmp/gk-bench-db/data")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gongkai.monitoring.models import Finding
    from gongkai.monitoring.store import latest_runs_of, record_run
    from gongkai.registry.models import Region, Site, Unit, UnitCategory

    call_command("migrate", verbosity=0)
    region = Region.objects.create(name="测试省", level=Region.Level.PROVINCE)
    category = UnitCategory.objects.order_by("order").first()
    units = [
        Unit.objects.create(region=region, category=category, name=f"单位{u:03d}")
        for u in range(max(1, args.sites // 10))
    ]
    sites = [
        Site.objects.create(
            unit=units[i % len(units)], name=f"网站{i:04d}", url=f"http://www.site{i:04d}.gov.cn/"
        )
        for i in range(args.sites)
    ]
    rng = random.Random(17)
    as_of = date(2026, 11, 20)

    def size() -> int:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT pg_total_relation_size('monitoring_auditrun') + pg_total_relation_size('monitoring_finding')"
            )
            return cur.fetchone()[0]

    before = size()
    results = [_result(rng, s.url, _pages(rng, s.url, args.pages), args.findings, as_of) for s in sites]
    raw_pages = sum(len(json.dumps(r["pages"], ensure_ascii=False).encode()) for r in results) / len(results)
    t0 = time.perf_counter()
    for site, result in zip(sites, results, strict=True):
        record_run(site, result)
    elapsed = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE monitoring_auditrun")
        cur.execute("VACUUM ANALYZE monitoring_finding")
    after = size()
    with connection.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'monitoring_auditrun'"
        )
        column = "pages_packed" if ("pages_packed",) in cur.fetchall() else "pages"  # before issue 17: jsonb
        cur.execute(f"SELECT avg(pg_column_size({column})) FROM monitoring_auditrun")
        packed = float(cur.fetchone()[0])
        sizes = {}
        for table in ("monitoring_auditrun", "monitoring_finding"):
            cur.execute(f"SELECT pg_total_relation_size('{table}'), pg_indexes_size('{table}')")
            sizes[table] = dict(zip(("total", "indexes"), cur.fetchone(), strict=True))

    # the review page's queries: the latest runs of a unit's sites, then their findings in order
    t1 = time.perf_counter()
    repeats = 20
    for _ in range(repeats):
        runs = latest_runs_of([units[0].pk], as_of)[units[0].pk]
        listed = list(Finding.objects.filter(run__in=runs).order_by("run__site_id", "run_id", "position"))
    review_ms = (time.perf_counter() - t1) / repeats * 1000

    rows = args.sites * (1 + args.findings)
    per_site_run = (after - before) / args.sites
    summary = {
        "sites": args.sites,
        "pages_per_run": args.pages,
        "findings_per_run": args.findings,
        "seconds": round(elapsed, 2),
        "runs_per_s": round(args.sites / elapsed, 1),
        "rows_per_s": round(rows / elapsed),
        "bytes_per_site_per_run": round(per_site_run),
        "pages_json_bytes_per_run": round(raw_pages),
        "pages_column": column,
        "pages_stored_bytes_per_run": round(packed),
        "tables": sizes,
        "review_unit_query_ms": round(review_ms, 2),
        "review_unit_findings": len(listed),
        "growth_per_1000_sites_per_month_mb": round(per_site_run * 1000 / 2**20, 1),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print(json.dumps(summary, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
