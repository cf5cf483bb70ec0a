"""The search index of the search page /tim-kiem/: static, chunked, fetched only when a
reader searches, and as cheap at 10,000 drafts as at 100 (pure).

Why not Material's search: its worker downloads one index of the whole site on every page
view (100 MB at 10,000 drafts) and does not fold Vietnamese. Why not Pagefind: it folds
tone marks but not đ→d, ranks without the site's notion of a title phrase, and its Python
API took minutes on 3,000 drafts (bench/RESULTS.md). This index is small and specific:

- Words are folded as readers type them ("hoc phi" for "học phí", "doi" for "đổi") and
  split into syllables. A Vietnamese word is several syllables ("học phí"), so every pair
  of adjacent syllables of everything indexed is a token too: the page's script asks for
  the pairs of the query ("hoc phi"), and finds the drafts that say "học phí", not those
  that say "người học" in one place and "kinh phí" in another. A title holding the pair
  ranks first.
- Postings live in shards named by the first two letters of a token, split by one more
  character at a time while a shard grows large ("ho", "ho-c", "ho-c_p"); a query fetches
  the shards of its tokens only (a pair lives with its first syllable).
- `facets` gives every draft's status, agency and fields in a few bytes, for filters and
  their counts; `docs/<n>` holds what a result shows, 50 drafts a file, fetched for the
  results shown only.

Document numbers follow the site's order (newest activity first), so ties rank newest first.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from array import array
from collections import Counter
from dataclasses import dataclass, field

from ..model.consultation import STATUS_INFO, Status
from ..model.formatting import vi_date, vi_datetime, vi_deadline
from ..model.paths import SEARCH_DATA
from ..model.text import fold, safe_json
from .site import DraftView, SiteModel

DOCS_PER_FILE = 50
SPLIT_BYTES = 48 * 1024  # a shard larger than this is split by one more character
SNIPPET = 220  # characters of the summary a result shows

# What a word's presence in each part of a draft is worth (one digit per posting).
TITLE, SUMMARY, LABELS, BODY = 7, 4, 3, 1

_WORD = re.compile(r"[0-9a-z]+")
_CLAUSE = re.compile(r"[.,;:!?()\[\]{}\"“”‘’'/|\n…–—]+")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def pairs(tokens: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def terms(text: str) -> list[str]:
    """The syllables of a text and its pairs of adjacent syllables, where nothing but spaces
    (or a hyphen) separates them: "học phí. Năm" gives no pair "phi nam"."""
    out: list[str] = []
    for clause in _CLAUSE.split(text):
        syllables = words(clause)
        out += syllables + pairs(syllables)
    return out


def shard_of(token: str, split: set[str] | frozenset[str] = frozenset()) -> str:
    """The file of a word or a pair of syllables: its first two letters; when that prefix is
    split, one more character, and so on while the longer prefix is split too: "ho", "ho-c",
    "ho-c_p" (a space as '_'). The page's script computes the same name (assets/search.js,
    shardName)."""
    k = 2
    while k <= len(token) and token[:k] in split:
        k += 1
    head = token[:k]
    if k == 2:
        return head.replace(" ", "_")
    return f"{head[:2]}-{head[2:]}".replace(" ", "_")


def _split_shards(rows: list[str]) -> tuple[dict[str, list[str]], set[str]]:
    """Postings rows grouped into shards of at most SPLIT_BYTES where a longer prefix can
    separate them (a single word's row is never cut)."""
    split: set[str] = set()
    while True:
        shards: dict[str, list[str]] = {}
        prefixes: dict[str, str] = {}
        for row in rows:
            token = row.split("\t", 1)[0]
            name = shard_of(token, split)
            shards.setdefault(name, []).append(row)
            k = 2
            while k <= len(token) and token[:k] in split:
                k += 1
            prefixes[name] = token[:k]
        grown = {
            prefixes[name]
            for name, group in shards.items()
            if sum(len(r) + 1 for r in group) > SPLIT_BYTES
            and any(len(r.split("\t", 1)[0]) > len(prefixes[name]) for r in group)
        }
        if not grown:
            return shards, split
        split |= grown


@dataclass
class _Postings:
    docs: array = field(default_factory=lambda: array("I"))
    scores: bytearray = field(default_factory=bytearray)

    def add(self, doc: int, score: int) -> None:
        if self.docs and self.docs[-1] == doc:
            self.scores[-1] = max(self.scores[-1], score)
        else:
            self.docs.append(doc)
            self.scores.append(score)

    def encode(self) -> str:
        """Doc numbers as base-36 deltas, then one digit of score per doc: '0,1,5|731'."""
        previous = 0
        deltas = []
        for doc in self.docs:
            deltas.append(_base36(doc - previous))
            previous = doc
        return ",".join(deltas) + "|" + "".join(str(s) for s in self.scores)


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


class SearchIndex:
    """Every file of the search index of one build: site-relative path -> text."""

    def __init__(self, site: SiteModel):
        self.site = site
        self.views = site.drafts  # document n is site.drafts[n]
        self._files: dict[str, str] | None = None

    def files(self) -> dict[str, str]:
        if self._files is None:
            self._files = self._build()
        return self._files

    def _build(self) -> dict[str, str]:
        postings: dict[str, _Postings] = {}
        for doc, view in enumerate(self.views):
            for token, score in self._scores(view).items():
                postings.setdefault(token, _Postings()).add(doc, score)
        rows = [f"{token}\t{postings[token].encode()}" for token in sorted(postings)]
        shards, split = _split_shards(rows)
        out = {f"{SEARCH_DATA}{name}.txt": "\n".join(rows) + "\n" for name, rows in sorted(shards.items())}
        out[f"{SEARCH_DATA}facets.json"] = self._facets()
        for start in range(0, len(self.views), DOCS_PER_FILE):
            out[f"{SEARCH_DATA}docs/{start // DOCS_PER_FILE}.json"] = self._docs(start)
        version = hashlib.sha256("".join(out[k] for k in sorted(out)).encode("utf-8")).hexdigest()[:12]
        manifest = {
            "version": version,
            "count": len(self.views),
            "per_file": DOCS_PER_FILE,
            "shards": sorted(shards),
            "split": sorted(split),
        }
        out[f"{SEARCH_DATA}manifest.json"] = safe_json(manifest)
        return out

    def _scores(self, view: DraftView) -> dict[str, int]:
        """Each word of the draft with what its best place is worth (title > summary > labels > body)."""
        d = view.draft
        scores: dict[str, int] = {}

        def mark(tokens: list[str], weight: int) -> None:
            for token in tokens:
                if scores.get(token, 0) < weight:
                    scores[token] = weight

        # The text readers see (the sanitized page), never the raw body: an HTML comment or a
        # `[//]: # (...)` note is in no output, and the search data is an output.
        body = Counter(terms(d.content.text))
        for token, count in body.items():
            scores[token] = BODY + 1 if count > 2 else BODY  # a word the body keeps coming back to
        labels = " ".join([view.agency_name, view.document_type_name, *(name for _, name in view.field_names)])
        mark(terms(labels), LABELS)
        mark(terms(d.summary), SUMMARY)
        mark(terms(d.title), TITLE)
        mark(terms(d.id.replace("-", " ")), SUMMARY)
        return scores

    def _facets(self) -> str:
        s = self.site.settings
        return safe_json(facets(self.views, list(s.agencies), list(s.fields)))

    def _docs(self, start: int) -> str:
        return safe_json([_result(view) for view in self.views[start : start + DOCS_PER_FILE]])


def facets(views: list[DraftView], agencies: list[str], fields: list[str]) -> dict:
    """Each draft's status, agency and fields as numbers into the lists of their values (the
    page's script reads them by facet kind: publish/site.py, FACETS)."""
    statuses = [status.value for status in STATUS_INFO]
    return {
        "statuses": statuses,
        "agencies": agencies,
        "fields": fields,
        "status": "".join(str(statuses.index(v.status.value)) for v in views),
        "agency": [agencies.index(v.draft.agency) for v in views],
        "field": [[fields.index(k) for k in v.draft.fields] for v in views],
    }


def _result(view: DraftView) -> list:
    """What a result shows: [url, title, status, the deadline or the outcome, agency, summary]."""
    d = view.draft
    summary = d.summary if len(d.summary) <= SNIPPET else d.summary[: SNIPPET - 1].rsplit(" ", 1)[0] + "…"
    return [view.url, d.title, view.status.value, outcome(view), view.agency_name, summary]


def outcome(view: DraftView) -> str:
    """One line: until when to comment, when it opens, or what came of it."""
    d, st = view.draft, view.state
    if st.status is Status.OPEN:
        return f"Hạn góp ý: {vi_deadline(st.current.deadline)}"
    if st.status is Status.UPCOMING:
        return f"Lấy ý kiến từ {vi_datetime(st.current.opens)}"
    if st.status is Status.ADOPTED and d.adoption:
        number = f"số {d.adoption.number}, " if d.adoption.number else ""
        return f"Đã ban hành: {number}ngày {vi_date(d.adoption.date)}"
    if st.status is Status.WITHDRAWN and d.withdrawn:
        return f"Dừng xây dựng từ ngày {vi_date(d.withdrawn.date)}"
    if st.status is Status.RESPONDED and d.final_response:
        return f"Công bố tiếp thu, giải trình ngày {vi_date(d.final_response.published)}"
    if st.status is Status.CLOSED:
        return f"Hết hạn góp ý ngày {vi_date(st.current.deadline)}, chờ tiếp thu, giải trình"
    return f"Công bố ngày {vi_date(d.visible_from)}"
