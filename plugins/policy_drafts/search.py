"""The search index of the search page /tim-kiem/: static, chunked, fetched only when a
reader searches, and as cheap at 10,000 drafts as at 100 (pure).

Why not Material's search: its worker downloads one index of the whole site on every page
view (100 MB at 10,000 drafts) and does not fold Vietnamese. Why not Pagefind: it folds
tone marks but not đ→d, ranks without the site's notion of a title phrase, and its Python
API took minutes on 3,000 drafts (bench/RESULTS.md). This index is small and specific:

- Words are folded as readers type them ("hoc phi" for "học phí", "doi" for "đổi") and
  split into syllables; pairs of adjacent syllables of titles and summaries are indexed too,
  so that a title holding the query's words in order ranks first.
- Postings live in shards named by the first two letters of a word (split by the third
  letter when a shard grows large); a query fetches the shards of its words only.
- `facets` gives every draft's status, agency and fields in a few bytes, for filters and
  their counts; `docs/<n>` holds what a result shows, 50 drafts a file, fetched for the
  results shown only.

Document numbers follow the site's order (newest activity first), so ties rank newest first.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass, field

from .consultation import STATUS_INFO, Status
from .formatting import vi_date, vi_datetime, vi_deadline
from .markup import plain_text
from .site import DraftView, SiteModel

SEARCH_URL = "tim-kiem/"
DATA_DIR = f"{SEARCH_URL}du-lieu/"
DOCS_PER_FILE = 50
SPLIT_BYTES = 48 * 1024  # a shard larger than this is split by the word's third letter
SNIPPET = 220  # characters of the summary a result shows

# What a word's presence in each part of a draft is worth (one digit per posting).
TITLE, SUMMARY, LABELS, BODY = 7, 4, 3, 1

_MARKS = re.compile("[\u0300-\u036f]")
_WORD = re.compile(r"[0-9a-z]+")


def fold(text: str) -> str:
    """Lowercase, without diacritics, đ as d (the same as the page's script does)."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))).lower()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def pairs(tokens: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def shard_of(token: str, split: set[str] | frozenset[str] = frozenset()) -> str:
    """The file of a word: its first two letters (a space as '_'), then its third when split.
    The page's script computes the same name (assets/search.js, shardName)."""
    head = token[:2].replace(" ", "_")
    if head in split:
        return f"{head}-{token[2:3].replace(' ', '_')}"
    return head


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
        lines: dict[str, list[str]] = {}
        for token in sorted(postings):
            lines.setdefault(shard_of(token), []).append(f"{token}\t{postings[token].encode()}")
        split = {head for head, rows in lines.items() if sum(len(r) + 1 for r in rows) > SPLIT_BYTES}
        shards: dict[str, list[str]] = {}
        for rows in lines.values():
            for row in rows:
                shards.setdefault(shard_of(row.split("\t", 1)[0], split), []).append(row)
        out = {f"{DATA_DIR}{name}.txt": "\n".join(rows) + "\n" for name, rows in sorted(shards.items())}
        out[f"{DATA_DIR}facets.json"] = self._facets()
        for start in range(0, len(self.views), DOCS_PER_FILE):
            out[f"{DATA_DIR}docs/{start // DOCS_PER_FILE}.json"] = self._docs(start)
        version = hashlib.sha256("".join(out[k] for k in sorted(out)).encode("utf-8")).hexdigest()[:12]
        manifest = {
            "version": version,
            "count": len(self.views),
            "per_file": DOCS_PER_FILE,
            "shards": sorted(shards),
            "split": sorted(split),
        }
        out[f"{DATA_DIR}manifest.json"] = _json(manifest)
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
        body = Counter(words(plain_text(d.content.html)))
        for token, count in body.items():
            scores[token] = BODY + 1 if count > 2 else BODY  # a word the body keeps coming back to
        labels = " ".join([view.agency_name, view.document_type_name, *(name for _, name in view.field_names)])
        mark(words(labels), LABELS)
        summary, title = words(d.summary), words(d.title)
        mark(summary + pairs(summary), SUMMARY)
        mark(title + pairs(title), TITLE)
        mark(words(d.id.replace("-", " ")), SUMMARY)
        return scores

    def _facets(self) -> str:
        s = self.site.settings
        statuses = [status.value for status in STATUS_INFO]
        agencies, fields = list(s.agencies), list(s.fields)
        return _json(
            {
                "statuses": statuses,
                "agencies": agencies,
                "fields": fields,
                "status": "".join(str(statuses.index(v.status.value)) for v in self.views),
                "agency": [agencies.index(v.draft.agency) for v in self.views],
                "field": [[fields.index(k) for k in v.draft.fields] for v in self.views],
            }
        )

    def _docs(self, start: int) -> str:
        return _json([_result(view) for view in self.views[start : start + DOCS_PER_FILE]])


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


def _json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
