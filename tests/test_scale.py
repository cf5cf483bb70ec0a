"""A reader's cost does not grow with the archive (design principle 7): on a generated corpus
of 2,000 drafts (bench/generate.py), every feed document and calendar stays under 1 MB,
archives (RFC 5005) hold every older event exactly once, the home page stays under 200 KB,
and a search downloads a few shards, not the archive. A site this large is built with worker
processes (drafts read in parallel, files written beside the page rendering): the result is
byte-identical to a build in one process. Times and the 10,000-draft figures are measured by
bench/ (bench/RESULTS.md), never asserted here."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
from policy_drafts.read.background import WORKERS
from readers import node_read
from sitekit import ROOT, build

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
