"""Open data for others (DCAT-AP catalogue, schema.org Legislation, incremental harvesting) and
the national site built from several sites' open data (design.md, "Open data for others, and
the national view")."""

from __future__ import annotations

import csv
import functools
import hashlib
import http.server
import io
import json
import socket
import threading
import time
from datetime import date
from pathlib import Path

import feedparser
import pyshacl
import pytest
import rdflib
import yaml
from rdflib.namespace import DCAT, DCTERMS, RDF
from sitekit import Build, base_draft, build_fixture, write_site
from sitekit import build as sitekit_build

SHAPES = Path(__file__).parent / "dcat-ap"
SCHEMA = rdflib.Namespace("https://schema.org/")
HOSTILE = 'Học phí </script><script>alert(1)</script> & "x"'


def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(SHAPES / "shapes.ttl").parse(SHAPES / "range.ttl")


def validate(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph().parse(path, format="json-ld")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes())
    assert conforms, text
    return graph


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("standards")
    drafts = {
        "hoc-phi": base_draft(
            title=HOSTILE,
            documents=[{"title": "Dự thảo Nghị quyết", "file": "du-thao.pdf"}],
        ),
        "ban-hanh": base_draft(
            title="Nghị quyết hỗ trợ học sinh bán trú",
            adoption={"date": date(2026, 11, 20), "number": "15/2026/NQ-HĐND", "url": "https://vbpl.example.gov.vn/15"},
            response={"published": date(2026, 11, 10)},
            consultations=[{"subject": "draft", "opens": date(2026, 10, 1), "closes": date(2026, 10, 31)}],
        ),
    }
    built = build_fixture(
        root,
        drafts,
        files={"hoc-phi/du-thao.pdf": b"%PDF-1.4\n%%EOF\n"},
        plugin={"jurisdiction": "Tỉnh Minh Giang"},
    )
    assert built.ok, built.output
    return built


def test_catalog_is_valid_dcat_ap_3_and_lists_every_draft_and_the_data(site):
    graph = validate(site.site / "api/catalog.jsonld")
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    datasets = set(graph.objects(catalogs[0], DCAT.dataset))
    pages = {str(p) for d in datasets for p in graph.objects(d, DCAT.landingPage)}
    base = "https://fixture.example.gov.vn/"
    assert {base + "du-thao/hoc-phi/", base + "du-thao/ban-hanh/"} <= pages
    downloads = {str(u) for u in graph.objects(None, DCAT.downloadURL)}
    assert {base + "api/drafts.json", base + "api/drafts.csv", base + "du-thao/hoc-phi/du-thao.pdf"} <= downloads
    assert any(u.startswith(base + "bao-cao/2026/") and u.endswith(".csv") for u in downloads)
    titles = {str(t) for t in graph.objects(None, DCTERMS.title)}
    assert HOSTILE in titles  # the exact text, escaped only as JSON
    assert "</script>" not in site.text("api/catalog.jsonld")


def test_an_invalid_catalogue_is_refused_by_the_shapes(site, tmp_path):
    """The shapes do check: a dataset without its mandatory title and description fails."""
    data = json.loads(site.text("api/catalog.jsonld"))
    for dataset in data["dcat:dataset"]:
        dataset.pop("dct:description")
    broken = tmp_path / "broken.jsonld"
    broken.write_text(json.dumps(data), encoding="utf-8")
    graph = rdflib.Graph().parse(broken, format="json-ld")
    conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes())
    assert not conforms


def legislation_graph(site, draft_id: str) -> tuple[rdflib.Graph, rdflib.URIRef]:
    page = site.html(f"du-thao/{draft_id}/")
    scripts = page.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    data = json.loads(scripts[0].string)
    assert data["@context"] == "https://schema.org"
    data["@context"] = {"@vocab": "https://schema.org/"}  # no network: the vocabulary, not the remote context
    graph = rdflib.Graph().parse(data=json.dumps(data), format="json-ld")
    subject = next(graph.subjects(RDF.type, SCHEMA.Legislation))
    return graph, subject


def test_draft_pages_carry_schema_org_legislation(site):
    graph, law = legislation_graph(site, "hoc-phi")
    value = lambda p: str(graph.value(law, SCHEMA[p]))  # noqa: E731
    assert value("name") == HOSTILE
    assert value("url") == "https://fixture.example.gov.vn/du-thao/hoc-phi/"
    assert value("legislationType") == "Nghị quyết HĐND tỉnh"
    assert value("legislationJurisdiction") == "Tỉnh Minh Giang"
    assert value("legislationLegalForce") == "https://schema.org/NotInForce"
    assert value("datePublished").startswith("2026-10-01T00:00:00+07:00")
    publisher = graph.value(law, SCHEMA.publisher)
    assert str(graph.value(publisher, SCHEMA.name)) == "Sở Giáo dục và Đào tạo"
    adopted, law2 = legislation_graph(site, "ban-hanh")
    assert str(adopted.value(law2, SCHEMA.legislationLegalForce)) == "https://schema.org/InForce"
    assert str(adopted.value(law2, SCHEMA.legislationIdentifier)) == "15/2026/NQ-HĐND"


def test_the_changes_document_leads_to_each_record(site):
    changes = json.loads(site.text("api/thay-doi.json"))
    whole = {d["id"]: d for d in json.loads(site.text("api/drafts.json"))["drafts"]}
    assert {row["id"] for row in changes["drafts"]} == set(whole)
    import hashlib

    for row in changes["drafts"]:
        rel = row["data"].removeprefix("https://fixture.example.gov.vn/")
        text = site.text(rel)
        assert json.loads(text) == whole[row["id"]]
        assert hashlib.sha256(text.encode()).hexdigest()[:32] == row["sha256"]
        assert row["last_event"][:4] == "2026"


# -- the national site --------------------------------------------------------------------------

PROVINCES = {
    "minh-giang": ("Sở GD&ĐT Minh Giang", ["hoc-phi", "ban-tru"]),
    "song-lam": ("Sở Y tế Sông Lam", ["kham-benh", "bao-hiem", "tiem-chung"]),
    "cao-son": ("UBND tỉnh Cao Sơn", ["dat-dai"]),
}
MARKUP_TITLE = "Quy định <b>in đậm</b> về đất đai"


class Origin(http.server.SimpleHTTPRequestHandler):
    """A provincial site's web server: ETag and Last-Modified, conditional requests, and a
    switch to serve garbage instead."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        state = self.server.state  # type: ignore[attr-defined]
        state["requests"].append((self.path, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")))
        if state["mode"] == "garbage":
            body = b"<html><script>alert(1)</script>" + b"x" * 1000
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json" if path.suffix == ".json" else "text/plain")
        self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def start(directory: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Origin, directory=str(directory)))
    server.state = {"mode": "normal", "requests": []}  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def province(root: Path, key: str, ids: list[str]):
    drafts = {}
    for n, draft_id in enumerate(ids):
        title = MARKUP_TITLE if draft_id == "dat-dai" else f"Nghị quyết {draft_id.replace('-', ' ')} {key}"
        drafts[draft_id] = base_draft(
            title=title,
            criteria={
                "proposal_required": True,
                "rights_obligations": True,
                "public_concern": n % 2 == 0,
                "wide_impact": True,
            },
        )
    write_site(root, drafts)
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = f"https://{key}.example.gov.vn/"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = sitekit_build(root)
    assert built.ok, built.output
    return built


def national_site(root: Path, servers: dict, extra: dict | None = None) -> Path:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    sites = [
        {
            "key": key,
            "name": PROVINCES[key][0],
            "url": f"https://{key}.example.gov.vn/",
            "data": f"http://127.0.0.1:{server.server_address[1]}/api/drafts.json",
        }
        for key, server in servers.items()
    ]
    config = {
        "site_name": "Dự thảo chính sách toàn quốc",
        "site_url": "https://duthao.moj.example.gov.vn/",
        "theme": {"name": "material", "language": "vi"},
        "plugins": [
            {"search": {"lang": "vi"}},
            {"policy-drafts": {"page_size": 4, "national": {"sites": sites, "timeout": 5, **(extra or {})}}},
        ],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def provinces(tmp_path_factory):
    servers = {}
    for key, (_, ids) in PROVINCES.items():
        root = tmp_path_factory.mktemp(key)
        built = province(root, key, ids)
        servers[key] = start(built.site)
        servers[key].state["root"] = root  # type: ignore[attr-defined]
    yield servers
    for server in servers.values():
        server.shutdown()


@pytest.fixture(scope="module")
def national(tmp_path_factory, provinces):
    root = national_site(tmp_path_factory.mktemp("national"), provinces)
    built = sitekit_build(root, strict=True)
    assert built.ok, built.output
    return root, built


def listed(built) -> list:
    items = []
    page = "du-thao/"
    while page:
        soup = built.html(page)
        items += soup.select("[data-draft-id]")
        following = soup.select_one("a[rel=next]")
        page = ("du-thao/trang/" + following["href"].rstrip("/").rsplit("/", 1)[-1] + "/") if following else ""
    return items


def test_national_lists_every_draft_of_every_site_linking_to_its_own_page(national):
    _, built = national
    items = listed(built)
    expected = {(key, i) for key, (_, ids) in PROVINCES.items() for i in ids}
    assert {(li["data-site"], li["data-draft-id"]) for li in items} == expected
    for li in items:
        assert li["data-status"] == "open"
        assert li.a["href"] == f"https://{li['data-site']}.example.gov.vn/du-thao/{li['data-draft-id']}/"
    hostile = next(li for li in items if li["data-draft-id"] == "dat-dai")
    assert hostile.h2.get_text() == MARKUP_TITLE and hostile.find("b") is None  # escaped, shown as text
    assert len(built.html("du-thao/").select("[data-draft-id]")) == 4  # paginated


def test_national_feeds_hold_every_draft(national):
    _, built = national
    everything = feedparser.parse(built.text("rss/tat-ca.xml"))
    assert not everything.bozo
    links = {e.link for e in everything.entries}
    assert links == {f"https://{key}.example.gov.vn/du-thao/{i}/" for key, (_, ids) in PROVINCES.items() for i in ids}
    one = feedparser.parse(built.text("rss/tinh/song-lam.xml"))
    assert {e.link for e in one.entries} == {
        f"https://song-lam.example.gov.vn/du-thao/{i}/" for i in PROVINCES["song-lam"][1]
    }
    assert "BEGIN:VEVENT" in built.text("lich/dang-lay-y-kien.ics")


def test_national_report_has_one_row_per_site_with_the_counts(national):
    _, built = national
    rows = list(csv.reader(io.StringIO(built.text("bao-cao/bao-cao-407-toan-quoc.csv").lstrip("\ufeff"))))
    assert rows[0][:2] == ["Mã trang", "Tên trang"]
    by_key = {row[0]: row for row in rows[1:]}
    # song-lam: 3 drafts, 2 meeting all four criteria (the first and third), both put out for comment
    assert by_key["song-lam"] == ["song-lam", "Sở Y tế Sông Lam", "3", "2", "2", "0", "0"]
    assert by_key["minh-giang"][2:] == ["2", "1", "1", "0", "0"]
    assert built.html("bao-cao/").select_one("tr[data-site=cao-son]") is not None


def test_build_out_writes_the_national_sites_files_as_mkdocs_build_does(tmp_path, provinces):
    """`policy-drafts build --out` harvests as the build does, and writes the same bytes."""
    from test_cli import cli

    root = national_site(tmp_path / "national", provinces)
    built = sitekit_build(root, strict=True)
    assert built.ok, built.output
    result = cli(root, "build", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(tmp_path / "out").as_posix(): p for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert {"rss/tat-ca.xml", "lich/dang-lay-y-kien.ics", "bao-cao/bao-cao-407-toan-quoc.csv"} <= set(written)
    for path, file in written.items():
        assert file.read_bytes() == (built.site / path).read_bytes(), path


def test_harvesting_again_transfers_only_what_changed(national, provinces):
    root, _ = national

    def harvest_again() -> dict[str, list]:
        for server in provinces.values():
            server.state["requests"].clear()
        built = sitekit_build(root, strict=True)
        assert built.ok, built.output
        return {key: server.state["requests"] for key, server in provinces.items()}

    # The first build fetched each drafts.json; now each site's changes document says nothing changed.
    for requests in harvest_again().values():
        assert [path for path, _, _ in requests] == ["/api/thay-doi.json"]
    # Unchanged since: a conditional request, answered 304.
    for requests in harvest_again().values():
        [(path, etag, _)] = requests
        assert path == "/api/thay-doi.json" and etag
    # One draft of one site is edited: only its record is fetched.
    song_lam = provinces["song-lam"].state["root"]
    index = song_lam / "drafts" / "kham-benh" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("kham benh", "khám bệnh mới"), encoding="utf-8")
    assert sitekit_build(song_lam).ok
    requests = harvest_again()
    assert [path for path, _, _ in requests["song-lam"]] == ["/api/thay-doi.json", "/api/du-thao/kham-benh.json"]
    assert [path for path, _, _ in requests["cao-son"]] == ["/api/thay-doi.json"]
    built_site = root / "site"
    titles = {li.h2.get_text() for li in listed(Build(0, "", built_site))}
    assert "Nghị quyết khám bệnh mới song-lam" in titles


def test_a_site_down_or_serving_garbage_is_a_warning_and_its_last_good_copy_is_used(national, provinces, tmp_path):
    root, _ = national
    provinces["cao-son"].state["mode"] = "garbage"
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    sites = config["plugins"][1]["policy-drafts"]["national"]["sites"]
    down = next(s for s in sites if s["key"] == "minh-giang")
    down["data"] = f"http://127.0.0.1:{free_port()}/api/drafts.json"  # nothing listens there
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    try:
        built = sitekit_build(root, strict=False, site_dir=tmp_path / "site")
    finally:
        provinces["cao-son"].state["mode"] = "normal"
    assert built.ok, built.output
    warnings = [line for line in built.output.splitlines() if "WARNING" in line]
    assert any("minh-giang" in w and "không kết nối được" in w for w in warnings), built.output
    assert any("cao-son" in w and "không phải JSON" in w for w in warnings), built.output
    assert not any("song-lam" in w for w in warnings)
    items = listed(built)
    assert {li["data-site"] for li in items} == set(PROVINCES)  # last good copies
    soup = built.html("")
    stale = {s["data-site-updated"] for s in soup.select("[data-stale=true]")}
    assert stale == {"minh-giang", "cao-son"}
    note = soup.select_one("[data-site-updated=minh-giang]").get_text()
    assert "Dữ liệu cập nhật lúc" in note and "không thu thập được lần này" in note


def test_a_site_never_harvested_fails_the_build(tmp_path, provinces):
    root = national_site(tmp_path, {"song-lam": provinces["song-lam"]})
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"][1]["policy-drafts"]["national"]["sites"][0]["data"] = (
        f"http://127.0.0.1:{free_port()}/api/drafts.json"
    )
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = sitekit_build(root, strict=False)
    assert not built.ok
    assert "song-lam" in built.output and "chưa từng thu thập được" in built.output
    assert "Traceback" not in built.output


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.browser
def test_search_filter_tinh_in_chromium(browser, national):
    from test_browser import results_of, serve

    _, built = national
    server, url = serve(built.site)
    try:
        page = browser.new_page()  # no installed clock: search needs none
        page.goto(url + "tim-kiem/?tinh=song-lam")
        results = results_of(page)
        assert len(results) == 3, page.locator("[data-search-summary]").inner_text()
        sites = page.locator("[data-search-result]").evaluate_all("els => els.map(e => e.dataset.site)")
        assert set(sites) == {"song-lam"}
        assert all(r["href"].startswith("https://song-lam.example.gov.vn/du-thao/") for r in results)
        page.goto(url + "tim-kiem/?q=dat+dai")
        results = results_of(page)
        assert [r["title"] for r in results] == [MARKUP_TITLE]
        page.goto(url + "tim-kiem/?trang-thai=dang-lay-y-kien")
        assert len(results_of(page)) == sum(len(ids) for _, ids in PROVINCES.values())
    finally:
        server.shutdown()


# -- the pure core: paging, reading untrusted records, fetching with limits -----------------------


def test_a_large_catalogue_is_paged_and_each_page_validates(tmp_path):
    from policy_drafts.publish import standards
    from sitekit import site_of, valid

    site = site_of(*(valid(f"du-thao-{n}") for n in range(5)))
    pages = standards.catalog_pages(
        site, "Trang thử", {"url": "https://creativecommons.org/licenses/by/4.0/"}, [], lambda v, d: d.url, per_page=2
    )
    assert list(pages) == ["api/catalog.jsonld", "api/catalog/2.jsonld", "api/catalog/3.jsonld"]
    hydra = rdflib.Namespace("http://www.w3.org/ns/hydra/core#")
    seen = set()
    for n, (path, render) in enumerate(pages.items(), start=1):
        file = tmp_path / f"{n}.jsonld"
        file.write_text(render(), encoding="utf-8")
        graph = validate(file)
        seen |= {str(o) for o in graph.objects(None, DCTERMS.identifier)}
        view = rdflib.URIRef("https://fixture.example.gov.vn/" + path)
        assert str(graph.value(view, hydra.last)) == "https://fixture.example.gov.vn/api/catalog/3.jsonld"
        following = graph.value(view, hydra.next)
        assert (str(following) if following else None) == (
            f"https://fixture.example.gov.vn/api/catalog/{n + 1}.jsonld" if n < 3 else None
        )
    assert seen == {f"du-thao-{n}" for n in range(5)}


def good_record(**changes) -> dict:
    record = {
        "id": "hoc-phi",
        "url": "https://a.example.gov.vn/du-thao/hoc-phi/",
        "title": "Nghị quyết học phí",
        "summary": "Tóm tắt.",
        "published": "2026-10-01T00:00:00+07:00",
        "document_type": {"key": "nghi-quyet", "name": "Nghị quyết HĐND tỉnh", "min_days": 30},
        "agency": {"key": "so-gddt", "name": "Sở Giáo dục và Đào tạo"},
        "fields": [{"key": "giao-duc", "name": "Giáo dục"}],
        "criteria": {
            "proposal_required": True,
            "rights_obligations": True,
            "public_concern": True,
            "wide_impact": True,
        },
        "consultations": [
            {"subject": "draft", "opens": "2026-11-01T00:00:00+07:00", "closes": "2026-11-30T23:59:59+07:00"}
        ],
        "response": None,
        "adoption": None,
        "withdrawn": None,
    }
    record.update(changes)
    return record


def test_harvested_records_are_read_like_an_editors_and_bad_ones_are_dropped():
    from zoneinfo import ZoneInfo

    from policy_drafts.publish.harvest import HarvestError, SiteSpec, read_document

    spec = SiteSpec("a", "Trang A", "https://a.example.gov.vn/", "https://a.example.gov.vn/api/drafts.json")
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    records = [
        good_record(),
        good_record(id="markup", url="https://a.example.gov.vn/du-thao/markup/", title="<img src=x onerror=alert(1)>"),
        good_record(id="long", url="https://a.example.gov.vn/du-thao/long/", title="dài " * 1000 + "\u202e"),
        good_record(id="other-host", url="https://evil.example.com/du-thao/x/"),
        good_record(id="script", url="javascript:alert(1)"),
        good_record(id="../../etc", url="https://a.example.gov.vn/x/"),
        good_record(id="types", url="https://a.example.gov.vn/du-thao/types/", criteria="yes"),
        good_record(id="date", url="https://a.example.gov.vn/du-thao/date/", published="hôm qua"),
        "not a record",
        good_record(),  # a duplicate id
    ]
    body = json.dumps({"generated_at": "2026-11-20T09:00:00+07:00", "drafts": records}).encode()
    drafts, generated, skipped = read_document(body, spec, tz, max_drafts=100)
    assert [d.id for d in drafts] == ["hoc-phi", "markup", "long"]
    assert skipped == 7 and generated == "2026-11-20T09:00:00+07:00"
    assert drafts[1].draft.title == "<img src=x onerror=alert(1)>"  # text; templates escape it
    assert len(drafts[2].draft.title) <= 500 and "\u202e" not in drafts[2].draft.title
    for bad, message in [
        (b"<html>", "không phải JSON"),
        (b'{"drafts": {}}', "không có danh sách drafts"),
        (json.dumps({"drafts": [good_record()] * 3}).encode(), "quá nhiều dự thảo"),
        (b"[" * 100000 + b"]" * 100000, "không phải JSON"),
    ]:
        with pytest.raises(HarvestError, match=message):
            read_document(bad, spec, tz, max_drafts=2)


class Slow(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        mode = self.path.strip("/")
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if mode == "html" else "application/json")
        if mode == "announced-big":
            self.send_header("Content-Length", str(10**9))
        self.end_headers()
        if mode == "trickle":
            for _ in range(40):  # a byte every 0.1 s: each read is quick, the whole is too slow
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.1)
        elif mode == "big":
            self.wfile.write(b" " * 3_000_000)


@pytest.mark.parametrize(
    "path, message",
    [
        ("trickle", "quá thời gian"),
        ("big", "quá lớn"),
        ("announced-big", "quá lớn"),
        ("html", "không phải JSON"),
    ],
)
def test_fetch_refuses_slow_huge_and_wrong_responses(path, message):
    from policy_drafts.publish.harvest import HarvestError, fetch

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(HarvestError, match=message):
            fetch(f"http://127.0.0.1:{server.server_address[1]}/{path}", timeout=1, max_bytes=1_000_000)
    finally:
        server.shutdown()
