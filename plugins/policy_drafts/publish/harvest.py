"""Harvesting the open data of other sites, for the national (or provincial) view (pure).

Each site's `api/drafts.json` is fetched over HTTP with time and size limits and a conditional
request (`If-None-Match` / `If-Modified-Since` from the last good copy), checked, and kept in
the cache folder as the site's last good copy. Nothing a site serves is trusted: a document that
cannot be read, is too large, of the wrong type or shape, is refused as a whole (a warning naming
the site; the last good copy is used), and each record is read like an editor's front matter:
lengths and counts limited, characters that mislead readers removed, every link judged, and the
draft's page must be on the site's own host. The build fails only for a site that was never
harvested.

The only clock is the build instant passed in (`now`); time limits use a monotonic timer.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..model import paths
from ..model.clock import BadMoment, Moment, parse_moment
from ..model.criteria import Criteria
from ..model.records import Adoption, Draft, Response, Round, Subject, Withdrawal, is_valid_id
from ..model.text import FORBIDDEN
from ..read.url_judge import host_allowed, judge
from .standards import digest, record_text

USER_AGENT = "policy-drafts-national/1 (+https://github.com/)"
TITLE_MAX = 500
SUMMARY_MAX = 2000
NAME_MAX = 200
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ROUNDS = 20
MAX_FIELDS = 20


class HarvestError(Exception):
    """Why a site's document was refused this time (in Vietnamese, for the build log)."""

    def __init__(self, message: str, *, unreachable: bool = False):
        super().__init__(message)
        self.unreachable = unreachable  # no answer at all (down, too slow): no point asking again


@dataclass(frozen=True)
class SiteSpec:
    key: str
    name: str
    url: str  # the site's public address (its drafts' pages must be on this host)
    data: str  # where its drafts.json is fetched (default <url>api/drafts.json)


@dataclass
class Fetched:
    body: bytes | None  # None: not modified since the last good copy
    etag: str = ""
    last_modified: str = ""


@dataclass
class HarvestedDraft:
    site: str  # the site's key
    id: str  # the draft's id on its own site
    url: str  # its page on its own site
    draft: Draft  # the facts, as the model reads them (status is derived again here)
    document_type: str  # names as the site gives them
    agency: str
    fields: list[tuple[str, str]]


@dataclass
class SiteData:
    spec: SiteSpec
    drafts: list[HarvestedDraft]
    generated_at: str  # when the site built its data (its own clock), ISO 8601
    harvested_at: str  # when this copy was last fetched and found good (our build instant)
    fresh: bool  # fetched (or confirmed unchanged) in this build
    warnings: list[str] = field(default_factory=list)
    skipped: int = 0  # records refused
    done: str = ""  # what this harvest transferred: nothing new, some records, the whole file


def fetch(url: str, *, etag: str = "", last_modified: str = "", timeout: float = 20, max_bytes: int) -> Fetched:
    """GET `url`; a conditional request when a previous copy exists. Refuses a response that is
    not JSON, is larger than `max_bytes`, or takes longer than `timeout` seconds in all."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            kind = response.headers.get("Content-Type", "")
            if "json" not in kind.lower():
                raise HarvestError(f"kiểu dữ liệu '{kind[:80]}' không phải JSON")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise HarvestError(f"tệp quá lớn ({int(length) // 1_000_000} MB, tối đa {max_bytes // 1_000_000} MB)")
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise HarvestError(f"quá thời gian chờ ({timeout:g} giây)", unreachable=True)
                chunk = response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise HarvestError(f"tệp quá lớn (hơn {max_bytes // 1_000_000} MB)")
                chunks.append(chunk)
            return Fetched(
                b"".join(chunks), response.headers.get("ETag", ""), response.headers.get("Last-Modified", "")
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(None, etag, last_modified)
        raise HarvestError(f"máy chủ trả lời mã {error.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise HarvestError(f"không kết nối được ({str(reason)[:120]})", unreachable=True) from None


# -- reading a record ---------------------------------------------------------------------------


def clean(value, limit: int) -> str:
    """Harvested text as plain text: a string, without misleading characters, at most `limit`."""
    if not isinstance(value, str):
        raise ValueError("không phải văn bản")
    text = " ".join(FORBIDDEN.sub("", value).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _moment(value, tz: ZoneInfo) -> Moment:
    if not isinstance(value, str) or len(value) > 40:
        raise ValueError("thời điểm không hợp lệ")
    try:
        return parse_moment(value, tz)
    except BadMoment as error:
        raise ValueError(str(error)) from None


def _maybe(value, read):
    return None if value is None else read(value)


def _keyed(value) -> tuple[str, str]:
    if not isinstance(value, dict):
        raise ValueError("cần {key, name}")
    key = value.get("key")
    if not isinstance(key, str) or not KEY.match(key) or len(key) > 80:
        raise ValueError("key không hợp lệ")
    return key, clean(value.get("name"), NAME_MAX)


def _response(value, tz: ZoneInfo) -> Response | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError("response không hợp lệ")

    def count(v):
        return v if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 10**9 else None

    return Response(_moment(value.get("published"), tz), count(value.get("received")), count(value.get("accepted")))


def read_record(record, spec: SiteSpec, tz: ZoneInfo) -> HarvestedDraft:
    """One record of a site's drafts.json as a draft, or ValueError saying what is wrong."""
    if not isinstance(record, dict):
        raise ValueError("bản ghi không phải đối tượng JSON")
    draft_id = record.get("id")
    if not isinstance(draft_id, str) or len(draft_id) > 120 or not is_valid_id(draft_id):
        raise ValueError("id không hợp lệ")
    verdict = judge(str(record.get("url", ""))[:2000])
    site_host = (urlsplit(spec.url).hostname or "").lower()
    if not verdict or not host_allowed(urlsplit(verdict.url).hostname or "", (site_host,)):
        raise ValueError(f"{draft_id}: địa chỉ trang không thuộc {site_host}")
    doc_type, doc_type_name = _keyed(record.get("document_type"))
    agency, agency_name = _keyed(record.get("agency"))
    fields = record.get("fields")
    if not isinstance(fields, list) or not fields or len(fields) > MAX_FIELDS:
        raise ValueError(f"{draft_id}: fields không hợp lệ")
    field_pairs = [_keyed(f) for f in fields]
    crit = record.get("criteria")
    if not isinstance(crit, dict):
        raise ValueError(f"{draft_id}: criteria không hợp lệ")
    keys = ("proposal_required", "rights_obligations", "public_concern", "wide_impact")
    if not all(isinstance(crit.get(k), bool) for k in keys):
        raise ValueError(f"{draft_id}: criteria không hợp lệ")
    rounds_data = record.get("consultations")
    if not isinstance(rounds_data, list) or len(rounds_data) > MAX_ROUNDS:
        raise ValueError(f"{draft_id}: consultations không hợp lệ")
    rounds = []
    for index, r in enumerate(rounds_data):
        if not isinstance(r, dict) or r.get("subject") not in {s.value for s in Subject}:
            raise ValueError(f"{draft_id}: đợt lấy ý kiến không hợp lệ")
        rounds.append(
            Round(
                index=index,
                subject=Subject(r["subject"]),
                opens=_moment(r.get("opens"), tz),
                closes=_moment(r.get("closes"), tz),
                extended_to=_maybe(r.get("extended_to"), lambda v: _moment(v, tz)),
                response=_response(r.get("response"), tz),
            )
        )
    adoption = record.get("adoption")
    withdrawn = record.get("withdrawn")
    draft = Draft(
        id=f"{spec.key}/{draft_id}",
        path=f"{spec.key}/{draft_id}",
        title=clean(record.get("title"), TITLE_MAX),
        summary=clean(record.get("summary"), SUMMARY_MAX),
        published=_moment(record.get("published"), tz),
        document_type=doc_type,
        agency=agency,
        fields=tuple(k for k, _ in field_pairs),
        criteria=Criteria(*(crit[k] for k in keys)),
        body="",
        rounds=tuple(rounds),
        response=_response(record.get("response"), tz) if not rounds else None,
        adoption=Adoption(
            _moment(adoption.get("date"), tz),
            clean(adoption.get("number") or "", NAME_MAX),
        )
        if isinstance(adoption, dict)
        else None,
        withdrawn=Withdrawal(_moment(withdrawn.get("date"), tz), clean(withdrawn.get("reason") or "", SUMMARY_MAX))
        if isinstance(withdrawn, dict)
        else None,
    )
    if not draft.title:
        raise ValueError(f"{draft_id}: thiếu tên dự thảo")
    return HarvestedDraft(spec.key, draft_id, verdict.url, draft, doc_type_name, agency_name, field_pairs)


def read_document(body: bytes, spec: SiteSpec, tz: ZoneInfo, max_drafts: int) -> tuple[list[HarvestedDraft], str, int]:
    """A site's drafts.json: (drafts, generated_at, records refused). HarvestError if the
    document as a whole cannot be used."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HarvestError("tệp không phải JSON hợp lệ") from None
    if not isinstance(data, dict) or not isinstance(data.get("drafts"), list):
        raise HarvestError("tệp không có danh sách drafts (không phải api/drafts.json của trang dự thảo)")
    records = data["drafts"]
    if len(records) > max_drafts:
        raise HarvestError(f"quá nhiều dự thảo ({len(records)}, tối đa {max_drafts})")
    generated = data.get("generated_at")
    try:
        generated_at = _moment(generated, tz).iso() if generated else ""
    except ValueError:
        generated_at = ""
    drafts, skipped, seen = [], 0, set()
    for record in records:
        try:
            draft = read_record(record, spec, tz)
        except (ValueError, TypeError, KeyError, RecursionError):
            skipped += 1
            continue
        if draft.id in seen:
            skipped += 1
            continue
        seen.add(draft.id)
        drafts.append(draft)
    return drafts, generated_at, skipped


# -- the cache: each site's last good copy ------------------------------------------------------


RECORD_MAX_BYTES = 2_000_000  # one draft's record
SHA = re.compile(r"^[0-9a-f]{32}$")


def record_digests(body: bytes) -> dict[str, str]:
    """The digest of each record of a drafts.json, as the site computes it for its changes
    document (standards.digest of the record file's text)."""
    try:
        data = json.loads(body.decode("utf-8"))
        records = data["drafts"]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        return {}
    return {r["id"]: digest(record_text(r)) for r in records if isinstance(r, dict) and isinstance(r.get("id"), str)}


def _incremental(spec: SiteSpec, meta: dict, cached: bytes, fetcher, timeout: float, max_bytes: int):
    """Follow the site's changes document (api/thay-doi.json): nothing more when it is unchanged,
    else only the records whose digest changed. (body, meta, what was done), or None when the
    whole file is the better way (no changes document: an older site; too many changes; a record
    that does not match its digest)."""
    folder = spec.data.rsplit("/", 1)[0] + "/"
    try:
        got = fetcher(
            folder + paths.CHANGES.removeprefix(paths.API),
            etag=str(meta.get("changes_etag", "")),
            last_modified=str(meta.get("changes_last_modified", "")),
            timeout=timeout,
            max_bytes=max_bytes,
        )
    except HarvestError as error:
        if error.unreachable:
            raise
        return None  # no usable changes document (an older site): the whole file
    if got.body is None:
        return cached, meta, "không đổi"
    try:
        changes = json.loads(got.body.decode("utf-8"))
        rows = [(row["id"], row["sha256"]) for row in changes["drafts"]]
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        return None
    if not all(isinstance(i, str) and is_valid_id(i) and isinstance(h, str) and SHA.match(h) for i, h in rows):
        return None
    old = meta.get("digests") or {}
    changed = [i for i, h in rows if old.get(i) != h]
    if len(changed) > max(20, len(rows) // 10):
        return None
    try:
        by_id = {r["id"]: r for r in json.loads(cached.decode("utf-8"))["drafts"] if isinstance(r, dict)}
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        return None
    wanted = dict(rows)
    for draft_id in changed:
        try:
            record = fetcher(
                folder + paths.RECORD.removeprefix(paths.API).format(id=draft_id),
                timeout=timeout,
                max_bytes=RECORD_MAX_BYTES,
            )
        except HarvestError as error:
            if error.unreachable:
                raise
            return None
        if record.body is None or hashlib.sha256(record.body).hexdigest()[:32] != wanted[draft_id]:
            return None
        try:
            by_id[draft_id] = json.loads(record.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None
    generated = changes.get("generated_at") if isinstance(changes, dict) else None
    doc = {"generated_at": generated, "drafts": [by_id[i] for i, _ in rows if i in by_id]}
    body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    meta = {
        **meta,
        "changes_etag": got.etag,
        "changes_last_modified": got.last_modified,
        "digests": {i: h for i, h in rows if i in by_id},
    }
    return body, meta, f"{len(changed)} bản ghi đã đổi"


def harvest(
    spec: SiteSpec,
    cache_dir: Path,
    now: datetime,
    tz: ZoneInfo,
    *,
    timeout: float,
    max_bytes: int,
    max_drafts: int,
    fetcher=fetch,
) -> SiteData:
    """The site's data: fetched now if it can be, else its last good copy (with a warning).
    HarvestError when there is neither.

    With a last good copy, the site's changes document is followed (only the records that
    changed are fetched); otherwise, or when that is not possible, the whole drafts.json, by a
    conditional request."""
    body_path = cache_dir / f"{spec.key}.json"
    meta_path = cache_dir / f"{spec.key}.meta.json"
    meta: dict = {}
    if meta_path.is_file() and body_path.is_file():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except ValueError:
            meta = {}
    now_iso = now.astimezone(tz).isoformat(timespec="seconds")
    problem = ""
    try:
        cached = body_path.read_bytes() if meta else None
        result = (
            _incremental(spec, meta, cached, fetcher, timeout, max_bytes) if cached and meta.get("digests") else None
        )
        if result is not None:
            body, meta, done = result
        else:
            got = fetcher(
                spec.data,
                etag=str(meta.get("etag", "")),
                last_modified=str(meta.get("last_modified", "")),
                timeout=timeout,
                max_bytes=max_bytes,
            )
            fetched = got.body if got.body is not None else cached
            if fetched is None:
                raise HarvestError("máy chủ trả lời 304 cho lần thu thập đầu tiên")
            body = fetched
            done = "toàn bộ tệp" if got.body is not None else "không đổi"
            meta = {"etag": got.etag, "last_modified": got.last_modified, "digests": record_digests(body)}
        drafts, generated_at, skipped = read_document(body, spec, tz, max_drafts)
        cache_dir.mkdir(parents=True, exist_ok=True)
        if body is not cached:
            body_path.write_bytes(body)
        meta["harvested_at"] = now_iso
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
        data = SiteData(spec, drafts, generated_at, now_iso, True, skipped=skipped, done=done)
        if skipped:
            data.warnings.append(f"{spec.key}: bỏ qua {skipped} bản ghi không hợp lệ")
        return data
    except (HarvestError, OSError) as error:
        problem = str(error)
    if not meta or not body_path.is_file():
        raise HarvestError(f"{spec.key} ({spec.data}): {problem}; chưa từng thu thập được dữ liệu của trang này")
    drafts, generated_at, skipped = read_document(body_path.read_bytes(), spec, tz, max_drafts)
    data = SiteData(spec, drafts, generated_at, str(meta.get("harvested_at", "")), False, skipped=skipped)
    data.warnings.append(f"{spec.key} ({spec.data}): {problem}; dùng bản thu thập lần cuối lúc {data.harvested_at}")
    return data


# -- the `national:` configuration ---------------------------------------------------------------


@dataclass(frozen=True)
class NationalConfig:
    sites: tuple[SiteSpec, ...]
    cache_dir: str = ".cache/national/"
    timeout: float = 20.0  # seconds per request, in all
    max_bytes: int = 200 * 1_000_000
    max_drafts: int = 100_000  # per site


def national_config(spec) -> tuple[NationalConfig | None, list[str]]:
    """`national:` of mkdocs.yml: {sites: [{key, name, url, data?}], cache_dir?, timeout?,
    max_mb?, max_drafts?}. (config, problems in Vietnamese)."""
    where = "policy-drafts.national"
    if not isinstance(spec, dict):
        return None, [f"{where}: viết {{sites: [{{key: ..., name: ..., url: https://...}}]}}"]
    problems: list[str] = []
    sites: list[SiteSpec] = []
    raw = spec.get("sites")
    if not isinstance(raw, list) or not raw:
        problems.append(f"{where}.sites: cần danh sách các trang, mỗi trang {{key, name, url}}")
        raw = []
    for n, item in enumerate(raw):
        at = f"{where}.sites[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{at}: viết {{key: so-gddt-minh-giang, name: ..., url: https://...}}")
            continue
        key, name = item.get("key"), item.get("name")
        if not isinstance(key, str) or not KEY.match(key):
            problems.append(f"{at}.key: chỉ chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ so-gddt-minh-giang)")
            continue
        if key in {s.key for s in sites}:
            problems.append(f"{at}.key: '{key}' trùng với một trang khác")
        if not isinstance(name, str) or not name.strip():
            problems.append(f"{at}.name: cần tên trang")
            continue
        verdict = judge(str(item.get("url", "")))
        if not verdict:
            problems.append(f"{at}.url: {verdict.problem} ({verdict.fix})")
            continue
        url = verdict.url if verdict.url.endswith("/") else verdict.url + "/"
        data = item.get("data", url + paths.OPEN_DATA)
        if not isinstance(data, str) or urlsplit(data).scheme not in ("http", "https") or not urlsplit(data).hostname:
            problems.append(f"{at}.data: cần địa chỉ http(s) của tệp api/drafts.json")
            continue
        sites.append(SiteSpec(key, clean(name, NAME_MAX), url, data))
    config = NationalConfig(tuple(sites))
    numbers = {"timeout": (1, 600), "max_mb": (1, 2000), "max_drafts": (1, 1_000_000)}
    values = {}
    for option, (low, high) in numbers.items():
        value = spec.get(option)
        if value is None:
            continue
        if not isinstance(value, int | float) or isinstance(value, bool) or not low <= value <= high:
            problems.append(f"{where}.{option}: cần một số từ {low} đến {high}")
            continue
        values[option] = value
    cache_dir = spec.get("cache_dir", config.cache_dir)
    if not isinstance(cache_dir, str) or not cache_dir:
        problems.append(f"{where}.cache_dir: cần đường dẫn thư mục (mặc định .cache/national/)")
        cache_dir = config.cache_dir
    config = NationalConfig(
        tuple(sites),
        cache_dir,
        float(values.get("timeout", config.timeout)),
        int(values.get("max_mb", config.max_bytes // 1_000_000)) * 1_000_000,
        int(values.get("max_drafts", config.max_drafts)),
    )
    return (config if not problems else None), problems
