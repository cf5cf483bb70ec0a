"""Open data for others (DCAT-AP catalogue, schema.org Legislation, incremental harvesting) and
the national site built from several sites' open data (design.md, "Open data for others, and
the national view")."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import DCAT, DCTERMS, RDF
from sitekit import base_draft, build_fixture

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
