#!/usr/bin/env python3
"""Benchmark the national site: N drafts spread over S sites, harvested over HTTP and built.

    python bench/national.py N [--sites 60] [--out DIR] [--keep]

1. Writes S sites' `api/drafts.json` with N synthetic records in all (every record valid
   open data: windows open, closed, upcoming, responded, adopted), and the changes documents
   and per-draft records of `standards.py`, under OUT/sites/<key>/.
2. Serves them from one local HTTP server and writes OUT/national/mkdocs.yml.
3. Builds the national site twice in fresh processes (the first harvest fetches every
   drafts.json; the second follows the changes documents, 304), SOURCE_DATE_EPOCH at the
   reference instant, and prints wall time, peak RSS, the files written and the largest
   page, feed, calendar and search file (each must stay bounded at any N).

OUT defaults to bench/out/national-<N> (git-ignored).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "plugins"))

from generate import REFERENCE, REFERENCE_EPOCH  # noqa: E402
from policy_drafts.publish.standards import digest, record_text  # noqa: E402

SUBJECTS = ("proposal", "draft")
WORDS = [
    "học",
    "phí",
    "giáo",
    "viên",
    "trường",
    "học",
    "bán",
    "trú",
    "hỗ",
    "trợ",
    "chi",
    "phí",
    "đất",
    "đai",
    "nhà",
    "ở",
    "y",
    "tế",
    "bảo",
    "hiểm",
    "khám",
    "bệnh",
    "giao",
    "thông",
    "môi",
    "trường",
    "nước",
    "sạch",
    "nông",
    "nghiệp",
    "thủy",
    "lợi",
    "du",
    "lịch",
    "văn",
    "hóa",
    "thể",
    "thao",
    "lao",
    "động",
    "việc",
    "làm",
]


def iso(at) -> str:
    return at.isoformat(timespec="seconds")


def record(site: str, n: int, rng: random.Random) -> dict:
    draft_id = f"du-thao-{n}"
    published = REFERENCE - timedelta(days=rng.randint(0, 900))
    opens = published + timedelta(days=rng.randint(0, 20))
    closes = opens + timedelta(days=30)
    responded = closes + timedelta(days=rng.randint(5, 40))
    title = "Nghị quyết quy định " + " ".join(rng.choice(WORDS) for _ in range(8))
    return {
        "id": draft_id,
        "url": f"https://{site}.example.gov.vn/du-thao/{draft_id}/",
        "title": title,
        "summary": "Dự thảo " + " ".join(rng.choice(WORDS) for _ in range(25)) + ".",
        "published": iso(published),
        "document_type": {"key": "nghi-quyet-hdnd-tinh", "name": "Nghị quyết HĐND tỉnh", "min_days": 30},
        "agency": {"key": f"so-{n % 7}", "name": f"Sở {n % 7}"},
        "fields": [{"key": f"linh-vuc-{n % 9}", "name": f"Lĩnh vực {n % 9}"}],
        "criteria": {
            "proposal_required": True,
            "rights_obligations": True,
            "public_concern": n % 3 != 0,
            "wide_impact": True,
        },
        "status": {"key": "announced", "label": "", "closing_soon": False, "response_due": None},
        "consultations": [
            {
                "number": 1,
                "subject": rng.choice(SUBJECTS),
                "opens": iso(opens),
                "closes": iso(closes),
                "extended_to": None,
                "deadline": iso(closes),
                "days": 30,
                "response": {"published": iso(responded), "received": 10, "accepted": 3, "document": None}
                if responded < REFERENCE and n % 2
                else None,
            }
        ],
        "response": None,
        "adoption": None,
        "withdrawn": None,
    }


def write_sites(out: Path, total: int, sites: int) -> list[str]:
    rng = random.Random(407)
    keys = [f"tinh-{i:02d}" for i in range(sites)]
    for i, key in enumerate(keys):
        folder = out / "sites" / key / "api"
        (folder / "du-thao").mkdir(parents=True, exist_ok=True)
        records = [record(key, n, rng) for n in range(i, total, sites)]
        texts = {r["id"]: record_text(r) for r in records}
        for draft_id, text in texts.items():
            (folder / "du-thao" / f"{draft_id}.json").write_text(text, encoding="utf-8")
        data = {"version": 2, "generated_at": iso(REFERENCE), "count": len(records), "drafts": records}
        (folder / "drafts.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        changes = {
            "version": 1,
            "generated_at": iso(REFERENCE),
            "drafts": [{"id": k, "sha256": digest(t)} for k, t in texts.items()],
        }
        (folder / "thay-doi.json").write_text(json.dumps(changes), encoding="utf-8")
    return keys


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(root: Path):
    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def national_config(out: Path, keys: list[str], port: int) -> Path:
    import yaml

    root = out / "national"
    (root / "docs").mkdir(parents=True, exist_ok=True)
    config = {
        "site_name": "Dự thảo chính sách toàn quốc",
        "site_url": "https://duthao.moj.example.gov.vn/",
        "theme": {"name": "material", "language": "vi"},
        "plugins": [
            {"search": {"lang": "vi"}},
            {
                "policy-drafts": {
                    "national": {
                        "sites": [
                            {
                                "key": key,
                                "name": f"Tỉnh {key}",
                                "url": f"https://{key}.example.gov.vn/",
                                "data": f"http://127.0.0.1:{port}/{key}/api/drafts.json",
                            }
                            for key in keys
                        ]
                    }
                }
            },
        ],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def build(root: Path) -> dict:
    env = {
        **__import__("os").environ,
        "SOURCE_DATE_EPOCH": str(REFERENCE_EPOCH),
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(BENCH.parent / "plugins"),
    }
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    return {"wall_s": round(wall, 1), "peak_rss_mb": round(max(peak, before) / 1024)}


def largest(site: Path, pattern: str) -> tuple[str, int]:
    files = [(p.stat().st_size, p) for p in site.glob(pattern) if p.is_file()]
    size, path = max(files, default=(0, site))
    return str(path.relative_to(site)), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("drafts", type=int)
    parser.add_argument("--sites", type=int, default=60)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    out = args.out or BENCH / "out" / f"national-{args.drafts}"
    shutil.rmtree(out, ignore_errors=True)
    keys = write_sites(out, args.drafts, args.sites)
    server = serve(out / "sites")
    root = national_config(out, keys, server.server_address[1])
    try:
        first = build(root)
        second = build(root)
    finally:
        server.shutdown()
    site = root / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    report = {
        "drafts": args.drafts,
        "sites": args.sites,
        "first_build": first,
        "second_build": second,
        "files": len(files),
        "site_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "largest_page": largest(site, "**/index.html"),
        "feed": largest(site, "rss/**/*.xml"),
        "calendar": largest(site, "lich/*.ics"),
        "search_file": largest(site, "tim-kiem/du-lieu/**/*"),
    }
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
