"""A reader's cost does not grow with the archive (design principle 7): on a generated corpus
of 2,000 drafts (bench/generate.py), every feed document and calendar stays under 1 MB,
archives (RFC 5005) hold every older event exactly once, the home page stays under 200 KB,
and a search downloads a few shards, not the archive. A site this large is built with worker
processes (drafts read in parallel, files written beside the page rendering): the result is
byte-identical to a build in one process. Times and the 10,000-draft figures are measured by
bench/ (bench/RESULTS.md), never asserted here. The parts are also tested in process, in a
second: the worker processes, a catalog read in parallel, the split of large search shards."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
from policy_drafts.read.background import WORKERS
from readers import node_read
from sitekit import ROOT, base_draft, build, fixture_settings, write_site

sys.path.insert(0, str(ROOT / "bench"))
import generate

DRAFTS = 2000
MB = 1_000_000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("scale")
    generate.generate(DRAFTS, out)
    return out / "product"


@pytest.fixture(scope="module")
def big(corpus):
    result = build(corpus, at=generate.REFERENCE.isoformat())
    assert result.ok, result.output[-3000:]
    return result.site


def test_worker_processes_change_nothing_in_the_site(corpus, big, tmp_path):
    alone = build(corpus, at=generate.REFERENCE.isoformat(), site_dir=tmp_path / "site", env={WORKERS: "1"})
    assert alone.ok, alone.output[-3000:]
    files = sorted(p.relative_to(big) for p in big.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(alone.site) for p in alone.site.rglob("*") if p.is_file())
    assert len(files) > 5 * DRAFTS
    different = [f for f in files if (big / f).read_bytes() != (alone.site / f).read_bytes()]
    assert not different, different[:10]


def feed_chain(site: Path, path: Path) -> list[Path]:
    """The subscription document, then every archive by its prev-archive links."""
    chain = [path]
    while True:
        links = feedparser.parse(chain[-1].read_bytes()).feed.get("links", [])
        older = [link["href"] for link in links if link.get("rel") == "prev-archive"]
        if not older:
            return chain
        chain.append(site / older[0].split("/", 3)[3])


def test_feeds_are_bounded_and_archives_hold_every_event_once(big):
    feeds = sorted(p for p in (big / "rss").rglob("*.xml") if "luu-tru" not in p.parts)
    assert len(feeds) > 10
    archived = 0
    for feed in feeds:
        chain = feed_chain(big, feed)
        guids: list[str] = []
        for number, doc in enumerate(chain):
            assert doc.stat().st_size < MB, doc
            parsed = feedparser.parse(doc.read_bytes())
            assert not parsed.bozo, (doc, parsed.bozo_exception)
            guids += [e.id for e in parsed.entries]
            if number == 0:
                assert len(parsed.entries) >= min(50, len(parsed.entries)) and len(parsed.entries) < 200
            else:
                archived += 1
                text = doc.read_text(encoding="utf-8")
                assert "<fh:archive/>" in text and 'rel="current"' in text and len(parsed.entries) == 100
        assert len(guids) == len(set(guids)), feed  # each event in exactly one document
        if len(chain) > 1:
            assert len(feedparser.parse(chain[0].read_bytes()).entries) >= 100
    assert archived, "the corpus is large enough to need archives"
    everything = feed_chain(big, big / "rss/tat-ca.xml")
    read = node_read("rss", everything)
    assert sum(len(doc["items"]) for doc in read.values()) == sum(
        len(feedparser.parse(p.read_bytes()).entries) for p in everything
    )


def test_json_feed_pages_to_older_events(big):
    seen: list[str] = []
    path = big / "rss/tat-ca.json"
    while True:
        assert path.stat().st_size < MB
        data = json.loads(path.read_text(encoding="utf-8"))
        seen += [item["id"] for item in data["items"]]
        if "next_url" not in data:
            break
        path = big / data["next_url"].split("/", 3)[3]
    rss = [e.id for doc in feed_chain(big, big / "rss/tat-ca.xml") for e in feedparser.parse(doc.read_bytes()).entries]
    assert seen == rss


def test_the_site_calendar_holds_what_is_ahead_under_1_mb(big):
    data = (big / "lich/tat-ca.ics").read_bytes()
    assert len(data) < MB
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(events) > 100
    read = node_read("ics", [big / "lich/tat-ca.ics"])
    assert len(next(iter(read.values()))["events"]) == len(events)
    cutoff = (generate.REFERENCE - timedelta(days=30)).date()
    for event in events:  # the recent past and what is ahead, the nearest first
        start = event.decoded("dtstart")
        assert (start.date() if isinstance(start, datetime) else start) >= cutoff


def test_the_home_page_is_bounded(big):
    page = big / "index.html"
    assert page.stat().st_size < 200_000
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    for block in soup.select(".pd-block"):
        assert len(block.select(".pd-card")) <= 6
    assert soup.select(".pd-more a")  # the rest is one click away


def test_a_search_downloads_a_few_shards(big):
    """What the page fetches for a word of two syllables: the shard of its pair (it lives with
    its first syllable), named as search.shard_of and assets/search.js name it."""
    from policy_drafts.publish.search import shard_of

    data = big / "tim-kiem/du-lieu"
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    split = set(manifest["split"])
    for query in ("hoc phi", "ban tru", "giao vien"):
        pair = data / f"{shard_of(query, split)}.txt"
        assert f"\n{query}\t" in "\n" + pair.read_text(encoding="utf-8"), (query, pair.name)
        files = {data / "manifest.json", data / "facets.json", data / "docs/0.json", pair}
        size = sum(f.stat().st_size for f in files)
        assert size < 2 * MB, (query, size)
    assert manifest["count"] > 1000
    largest = max((p.stat().st_size for p in data.glob("*.txt")), default=0)
    assert largest < 1 * MB  # split by one more character while a shard is large


# -- the parts, in process: worker processes and the search's shards ---------------------------


def test_background_jobs_run_in_another_process_and_report_their_failure(tmp_path, monkeypatch):
    from policy_drafts.read.background import PARALLEL_FROM, WORKERS, Background, BackgroundFailed, workers

    marks = [tmp_path / f"{i}.txt" for i in range(4)]
    job = Background.start([[lambda m=m: m.write_text(str(os.getpid())) for m in marks[:3]], [], [marks[3].touch]])
    pids = job.pids
    job.finish()
    assert len(pids) == 2 and os.getpid() not in pids  # an empty group costs no process
    assert {int(m.read_text()) for m in marks[:3]} == {pids[0]} and marks[3].exists()

    def fail() -> None:
        raise ValueError("hỏng tệp")

    job = Background.start([[fail, lambda: (tmp_path / "after.txt").write_text("")], [marks[0].touch]])
    with pytest.raises(BackgroundFailed, match="ValueError: hỏng tệp"):
        job.finish()
    assert not (tmp_path / "after.txt").exists()  # jobs run in order and stop at the first failure

    job = Background.start([[lambda: time.sleep(60)], [lambda: time.sleep(60)]])
    pids = job.pids
    job.cancel()  # the build failed elsewhere: nothing keeps writing into the site
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, 0)

    assert workers(PARALLEL_FROM - 1) == 1
    monkeypatch.setenv(WORKERS, "1")
    assert workers(10 * PARALLEL_FROM) == 1
    monkeypatch.setenv(WORKERS, "plenty")  # not a number: the default, the cores there are
    assert workers(10 * PARALLEL_FROM) == min(len(os.sched_getaffinity(0)), 4)


def test_a_large_site_reads_its_drafts_in_parallel_with_the_same_result(tmp_path, monkeypatch):
    from policy_drafts.read import background, catalog

    write_site(tmp_path, {f"du-thao-{i:02d}": base_draft(title=f"Dự thảo số {i}") for i in range(12)})
    (tmp_path / "drafts" / "du-thao-05" / "index.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    sequential = catalog.load_catalog(tmp_path, "drafts", fixture_settings())
    monkeypatch.setattr(background, "PARALLEL_FROM", 2)
    parallel = catalog.load_catalog(tmp_path, "drafts", fixture_settings(), parallel=True)
    assert [e.id for e in parallel.entries] == [f"du-thao-{i:02d}" for i in range(12)]
    assert parallel.entries == sequential.entries
    # A front matter that does not parse may be a state secret's: its problems are withheld.
    assert parallel.withheld_problems and parallel.withheld_problems == sequential.withheld_problems


def test_large_shards_split_by_one_more_character_and_every_token_is_where_its_name_says():
    from policy_drafts.publish.search import SPLIT_BYTES, _split_shards, shard_of

    postings = "|" + "7" * 2000  # a row of about 2 KB
    tokens = [f"hoc {s}" for s in ("phi", "sinh", "tap", "ba", "bong", "vien")] + ["hoc", "ho", "hong"]
    tokens += [f"hoc phi {n}" for n in range(40)] + ["ba", "ban tru"]
    rows = [f"{t}\t{postings}" for t in sorted(tokens)]
    shards, split = _split_shards(rows)
    assert {"ho", "hoc", "hoc "} <= split and "ba" not in split
    for name, group in shards.items():
        for row in group:
            assert shard_of(row.split("\t", 1)[0], split) == name
        assert sum(len(r) + 1 for r in group) <= SPLIT_BYTES
    assert shard_of("hoc phi", split).startswith("ho-c_p") and shard_of("hoc tap", split) == "ho-c_t"
    assert shard_of("ho", split) == "ho-" and shard_of("ban tru", split) == "ba"


def test_an_index_kept_by_a_memo_is_the_index_built_afresh_after_every_kind_of_edit(monkeypatch):
    """Issue #22: a rebuild takes from the memo what did not change (a draft's terms, a block's
    postings, a node's, a shard group's) and writes the same files as a build from nothing,
    after an edit of a body or a title, a draft added or removed, an order changed by activity,
    and at another build instant."""
    import dataclasses
    import random

    from policy_drafts.model.paths import SEARCH_DATA
    from policy_drafts.publish import search
    from policy_drafts.publish.memo import Memo
    from sitekit import BUILT, SECTIONS_BODY, parse, site_of

    # Small blocks, nodes and shards, so a few dozen drafts have them all.
    monkeypatch.setattr(search, "BLOCK", 2)
    monkeypatch.setattr(search, "FANOUT", 2)
    monkeypatch.setattr(search, "MOST", 2)
    monkeypatch.setattr(search, "SPLIT_BYTES", 400)
    phrases = (
        "học phí trường công lập tư thục học sinh sinh viên mức thu năm học vùng cấp hỗ trợ "
        "miễn giảm đóng góp phụ huynh giáo viên đào tạo quản lý ngân sách địa phương tỉnh "
        "huyện xã đô thị nông thôn miền núi đối tượng chính sách điều khoản hiệu lực thi hành"
    )
    vocabulary = phrases.split()
    rng = random.Random(22)

    def body(n: int) -> str:
        sentences = [" ".join(rng.choices(vocabulary, k=rng.randint(4, 12))).capitalize() for _ in range(n)]
        return SECTIONS_BODY + "\n## Phụ lục\n\n" + ". ".join(sentences) + ".\n"

    def draft(i: int, opens: int, title: str = "", text: str = ""):
        front = base_draft(
            title=title or f"Dự thảo {' '.join(rng.choices(vocabulary, k=4))} số {i}",
            consultations=[{"subject": "draft", "opens": date(2026, 11, opens), "closes": date(2026, 12, 31)}],
        )
        parsed, problems = parse(front, draft_id=f"du-thao-{i:02d}", body=text or body(rng.randint(3, 12)))
        assert not problems, [str(p) for p in problems]
        return parsed

    drafts = {i: draft(i, 1 + i % 15) for i in range(40)}
    memo = Memo()

    def same_files(now=BUILT) -> tuple[int, int]:
        site = site_of(*drafts.values(), now=now)
        memo.next_build()
        kept = search.SearchIndex(site, memo).files()
        afresh = search.SearchIndex(site).files()
        assert list(kept) == list(afresh)
        assert [p for p in afresh if kept[p] != afresh[p]] == []
        assert json.loads(afresh[f"{SEARCH_DATA}manifest.json"])["split"]  # large shards split too
        return memo.hits, memo.misses

    assert same_files()[0] == 0
    assert {key[0] for key in memo._this} == {"search-scores", "search-block", "search-node", "search-group"}
    hits, misses = same_files()
    assert hits and not misses
    assert same_files(BUILT + timedelta(hours=1)) == (hits, 0)  # nothing made of the instant
    drafts[7] = dataclasses.replace(
        drafts[7], content=dataclasses.replace(drafts[7].content, text=drafts[7].content.text + " Miễn học phí.")
    )
    hits, misses = same_files()
    assert 0 < misses < hits
    drafts[12] = draft(12, 1 + 12 % 15, title="Quy định mới về đóng góp của phụ huynh")
    same_files()
    drafts[40] = draft(40, 3)
    same_files()
    del drafts[25]
    same_files()
    drafts[30] = draft(30, 19, text=body(5))  # its consultation opens last: first in the site's order
    assert site_of(*drafts.values()).drafts[0].id == "du-thao-30"
    same_files()
    drafts = dict(reversed(drafts.items()))  # the catalog's order is not the site's
    assert same_files()[1] == 0
