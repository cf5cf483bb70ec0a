"""Open data in the standards that other catalogues harvest (pure).

- `catalog_pages`: a DCAT-AP 3 catalogue in JSON-LD (`api/catalog.jsonld`) of the site's own
  data sets (the drafts as JSON and CSV, each yearly Decision 407 report) and of every published
  draft (its page as landing page, its documents and its own JSON record as distributions). CKAN
  with ckanext-dcat and the national open-data portal harvest it as they find it. At scale the
  catalogue is paged the way ckanext-dcat follows (Hydra `PartialCollectionView`: first, next,
  last), so that no single file grows with the archive.
- `legislation`: schema.org `Legislation` for a draft page (JSON-LD in the page).
- `changes_document`: what an incremental harvester follows (`api/thay-doi.json`): every
  published draft with the instant of its last event, a digest of its open-data record and the
  address of that record alone (`api/du-thao/<id>.json`). A harvester that comes back fetches
  this small document (conditionally: `If-None-Match`), then only the records whose digest
  changed, and drops the drafts no longer listed.

Every string comes from the published set and is written by `text.safe_json`, which escapes
`<`, `>` and `&`: no value can close the `<script>` that carries it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from ..model import paths
from ..model.consultation import Status
from ..model.text import safe_json
from .site import DraftView, SiteModel

DATASETS_PER_PAGE = 500  # drafts per catalogue page: about 3 MB (ckanext-dcat takes up to 50 MB)

LANGUAGE_VI = "http://publications.europa.eu/resource/authority/language/VIE"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
IANA = "https://www.iana.org/assignments/media-types/"
VIET_NAM = "http://publications.europa.eu/resource/authority/country/VNM"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "hydra": "http://www.w3.org/ns/hydra/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}


@dataclass(frozen=True)
class DataFile:
    """A file of the site's own open data, as a distribution."""

    path: str  # site-relative
    media_type: str  # IANA, e.g. application/json
    file_type: str  # EU file-type authority, e.g. JSON, CSV
    title: str


@dataclass(frozen=True)
class OwnDataset:
    """A data set of the site itself (the drafts, a yearly report)."""

    key: str  # the fragment of its identifier
    title: str
    description: str
    files: tuple[DataFile, ...]
    landing: str = ""  # site-relative page that explains it


def _literal(text: str) -> dict:
    return {"@value": text, "@language": "vi"}


def _date_time(iso: str) -> dict:
    return {"@value": iso, "@type": "xsd:dateTime"}


def _ref(url: str, kind: str) -> dict:
    return {"@id": url, "@type": kind}


def _agent(name: str, url: str = "") -> dict:
    agent: dict = {"@type": "foaf:Agent", "foaf:name": _literal(name)}
    if url:
        agent["foaf:homepage"] = _ref(url, "foaf:Document")
    return agent


def _licence(url: str) -> dict:
    return _ref(url, "dct:LicenseDocument")


def _distribution(url: str, title: str, licence: str, media_type: str = "", file_type: str = "") -> dict:
    out: dict = {
        "@id": url + "#phan-phoi" if "#" not in url else url + "-phan-phoi",
        "@type": "dcat:Distribution",
        "dct:title": _literal(title),
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dct:license": _licence(licence),
    }
    if media_type:
        out["dcat:mediaType"] = _ref(IANA + media_type, "dct:MediaType")
    if file_type:
        out["dct:format"] = _ref(FILE_TYPE + file_type, "dct:MediaTypeOrExtent")
    return out


_FILE_TYPES = {
    ".pdf": ("application/pdf", "PDF"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    ".doc": ("application/msword", "DOC"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    ".odt": ("application/vnd.oasis.opendocument.text", "ODT"),
    ".csv": ("text/csv", "CSV"),
    ".zip": ("application/zip", "ZIP"),
}


def _kind_of(url: str) -> tuple[str, str]:
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    for suffix, kind in _FILE_TYPES.items():
        if path.endswith(suffix):
            return kind
    return "", ""


def draft_dataset(site: SiteModel, view: DraftView, licence: str, document_url: Callable) -> dict:
    """A published draft as a dcat:Dataset: its page is the landing page, its documents and its
    own JSON record are the distributions."""
    d = view.draft
    page = site.urls.absolute(view.url)
    record = site.urls.absolute(site.urls.record(d.id))
    distributions = [_distribution(record, "Bản ghi dữ liệu mở (JSON)", licence, "application/json", "JSON")]
    for index, doc in enumerate(d.documents):
        url = document_url(view, doc)
        media, file_type = _kind_of(url)
        dist = _distribution(url, doc.title, licence, media, file_type)
        dist["@id"] = f"{page}#tai-lieu-{index + 1}"
        distributions.append(dist)
    dataset: dict = {
        "@id": page + "#du-lieu",
        "@type": "dcat:Dataset",
        "dct:identifier": d.id,
        "dct:title": _literal(d.title),
        "dct:description": _literal(d.summary),
        "dct:issued": _date_time(d.visible_from.iso()),
        "dct:modified": _date_time(view.last_activity.isoformat(timespec="seconds")),
        "dct:language": _ref(LANGUAGE_VI, "dct:LinguisticSystem"),
        "dct:publisher": _agent(view.agency_name, site.settings.agencies[d.agency].url),
        "dct:type": {
            "@id": site.urls.absolute(site.urls.document_types(d.document_type)),
            "@type": "skos:Concept",
            "skos:prefLabel": _literal(view.document_type_name),
        },
        "dcat:keyword": [_literal(name) for _, name in view.field_names]
        + [_literal(view.state.info.label), _literal(view.document_type_name)],
        "dcat:landingPage": _ref(page, "foaf:Document"),
        "dcat:distribution": distributions,
    }
    contact = d.contact
    email = (contact.email if contact else "") or site.settings.agencies[d.agency].email
    if email or (contact and contact.name):
        point: dict = {
            "@type": "vcard:Kind",
            "vcard:fn": (contact.name if contact and contact.name else view.agency_name),
        }
        if email:
            point["vcard:hasEmail"] = {"@id": f"mailto:{email}"}
        dataset["dcat:contactPoint"] = point
    return dataset


def own_dataset(site: SiteModel, data: OwnDataset, publisher: dict, licence: str) -> dict:
    home = site.urls.absolute(data.landing or "")
    out: dict = {
        "@id": site.urls.absolute(paths.CATALOG) + "#" + data.key,
        "@type": "dcat:Dataset",
        "dct:identifier": data.key,
        "dct:title": _literal(data.title),
        "dct:description": _literal(data.description),
        "dct:modified": _date_time(site.now.astimezone(site.settings.timezone).isoformat(timespec="seconds")),
        "dct:language": _ref(LANGUAGE_VI, "dct:LinguisticSystem"),
        "dct:publisher": publisher,
        "dct:spatial": _ref(VIET_NAM, "dct:Location"),
        "dcat:landingPage": _ref(home, "foaf:Document"),
        "dcat:distribution": [
            _distribution(site.urls.absolute(f.path), f.title, licence, f.media_type, f.file_type) for f in data.files
        ],
    }
    return out


def catalog_pages(
    site: SiteModel,
    site_name: str,
    licence: dict,
    own: Iterable[OwnDataset],
    document_url: Callable,
    per_page: int | None = None,
) -> dict[str, Callable[[], str]]:
    """Every page of the catalogue: path -> render. Page 1 holds the site's own data sets and
    the first drafts; each page is a whole catalogue description, valid on its own."""
    own = list(own)
    views = site.drafts
    per_page = per_page or DATASETS_PER_PAGE
    shown = catalog_page_drafts(site, per_page)
    count = len(shown)
    catalog_id = site.urls.absolute(paths.CATALOG)
    licence_url = licence["url"]
    publisher = _agent(site_name, site.urls.absolute(""))

    path = catalog_page_path

    def render(n: int) -> str:
        datasets = [own_dataset(site, data, publisher, licence_url) for data in own] if n == 1 else []
        datasets += [draft_dataset(site, view, licence_url, document_url) for view in shown[path(n)]]
        catalog: dict = {
            "@context": CONTEXT,
            "@id": catalog_id,
            "@type": "dcat:Catalog",
            "dct:title": _literal(f"{site_name} – danh mục dữ liệu mở"),
            "dct:description": _literal(
                "Dự thảo chính sách công bố để truyền thông, lấy ý kiến theo Quyết định 407/QĐ-TTg, "
                "và dữ liệu mở của trang (DCAT-AP 3)."
            ),
            "dct:publisher": publisher,
            "dct:language": _ref(LANGUAGE_VI, "dct:LinguisticSystem"),
            "dct:license": _licence(licence_url),
            "dct:modified": _date_time(site.now.astimezone(site.settings.timezone).isoformat(timespec="seconds")),
            "dct:spatial": _ref(VIET_NAM, "dct:Location"),
            "foaf:homepage": _ref(site.urls.absolute(""), "foaf:Document"),
            "dcat:dataset": datasets,
        }
        if count > 1:
            # Hydra paging as harvesters follow it: PartialCollectionView with next (ckanext-dcat,
            # udata), and the older PagedCollection with nextPage (older harvesters).
            view: dict = {
                "@id": site.urls.absolute(path(n)),
                "@type": ["hydra:PartialCollectionView", "hydra:PagedCollection"],
                "hydra:first": {"@id": site.urls.absolute(path(1))},
                "hydra:last": {"@id": site.urls.absolute(path(count))},
                "hydra:firstPage": {"@id": site.urls.absolute(path(1))},
                "hydra:lastPage": {"@id": site.urls.absolute(path(count))},
                "hydra:totalItems": {"@value": str(len(views) + len(own)), "@type": "xsd:nonNegativeInteger"},
                "hydra:itemsPerPage": {"@value": str(per_page), "@type": "xsd:nonNegativeInteger"},
            }
            if n > 1:
                view["hydra:previous"] = {"@id": site.urls.absolute(path(n - 1))}
            if n < count:
                view["hydra:next"] = {"@id": site.urls.absolute(path(n + 1))}
                view["hydra:nextPage"] = {"@id": site.urls.absolute(path(n + 1))}
            return safe_json({"@context": CONTEXT, "@graph": [catalog, view]})
        return safe_json(catalog)

    return {path(n): partial(render, n) for n in range(1, count + 1)}


def catalog_page_path(n: int) -> str:
    return paths.CATALOG if n == 1 else paths.CATALOG_PAGE.format(n=n)


def catalog_page_drafts(site: SiteModel, per_page: int | None = None) -> dict[str, tuple[DraftView, ...]]:
    """The drafts each page of the catalogue shows, by its path (page 1 also shows the site's
    own data sets; every page the number of pages and of data sets); DATASETS_PER_PAGE a page."""
    views = site.drafts
    per_page = per_page or DATASETS_PER_PAGE
    count = max(1, math.ceil(len(views) / per_page))
    return {catalog_page_path(n): tuple(views[(n - 1) * per_page : n * per_page]) for n in range(1, count + 1)}


# -- schema.org ---------------------------------------------------------------------------------

IN_FORCE = "https://schema.org/InForce"
NOT_IN_FORCE = "https://schema.org/NotInForce"


def legislation(site: SiteModel, view: DraftView, jurisdiction: str) -> dict:
    """schema.org Legislation of a draft page. A draft is not in force; an adopted text is
    (its own page on the legal-documents portal says from when)."""
    d = view.draft
    agency = site.settings.agencies[d.agency]
    publisher: dict = {"@type": "GovernmentOrganization", "name": view.agency_name}
    if agency.url:
        publisher["url"] = agency.url
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Legislation",
        "@id": site.urls.absolute(view.url),  # the page: every fragment the site names exists on its page
        "name": d.title,
        "description": d.summary,
        "url": site.urls.absolute(view.url),
        "inLanguage": "vi",
        "legislationType": view.document_type_name,
        "legislationJurisdiction": jurisdiction or "VN",
        "legislationLegalForce": IN_FORCE if view.status is Status.ADOPTED else NOT_IN_FORCE,
        "datePublished": d.visible_from.iso(),
        "publisher": publisher,
        "keywords": [name for _, name in view.field_names],
    }
    if view.status is Status.ADOPTED and d.adoption:
        data["legislationDate"] = d.adoption.date.day.isoformat()
        if d.adoption.number:
            data["legislationIdentifier"] = d.adoption.number
        if d.adoption.url:
            data["sameAs"] = d.adoption.url
    return data


# -- incremental harvesting ---------------------------------------------------------------------


def digest(record_json: str) -> str:
    return hashlib.sha256(record_json.encode("utf-8")).hexdigest()[:32]


def record_text(record: dict) -> str:
    return safe_json(record)


def changes_document(site: SiteModel, site_name: str, digests: dict[str, str]) -> str:
    """The drafts with their last change, newest first: `digests` maps an id to the `digest` of
    its record file's text (so a harvester can tell an edit without a new event)."""
    rows = [
        {
            "id": view.id,
            "url": site.urls.absolute(view.url),
            "data": site.urls.absolute(site.urls.record(view.id)),
            "last_event": view.last_activity.isoformat(timespec="seconds"),
            "sha256": digests[view.id],
        }
        for view in site.drafts
    ]
    return safe_json(
        {
            "version": 1,
            "site": {"name": site_name, "url": site.urls.absolute("")},
            "generated_at": site.now.astimezone(site.settings.timezone).isoformat(timespec="seconds"),
            "count": len(rows),
            "all": site.urls.absolute(paths.OPEN_DATA),
            "drafts": rows,
        }
    )
