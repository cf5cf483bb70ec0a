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

A rebuild (`mkdocs serve` after an edit) given the last build's `Memo` derives again only the
postings an edit changed, and writes the same bytes as a build from nothing (issue #22).
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import re
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import NamedTuple, TypeVar

from ..model.consultation import STATUS_INFO, Status
from ..model.formatting import vi_date, vi_datetime, vi_deadline
from ..model.paths import SEARCH_DATA
from ..model.text import fold, safe_json
from .memo import Memo, digest
from .site import DraftView, SiteModel

DOCS_PER_FILE = 50
SPLIT_BYTES = 48 * 1024  # a shard larger than this is split by one more character
SNIPPET = 220  # characters of the summary a result shows
T = TypeVar("T")

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
    # One fold for all the clauses, joined by a newline (a separator, so in no clause, and what
    # folding never makes), not one fold a clause: the same syllables, for half the time.
    for clause in fold("\n".join(_CLAUSE.split(text))).split("\n"):
        syllables = _WORD.findall(clause)
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


def _base36(n: int) -> str:
    if n < len(_B36):
        return _B36[n]
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = _DIGITS36[r] + out
        if not n:
            return out


_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_B36 = [a + b for a in ("", *_DIGITS36[1:]) for b in _DIGITS36]  # 0..1295: most gaps between docs

# A rebuild derives again only what an edit changed. The postings are a tree: drafts in
# blocks of consecutive documents, blocks in nodes, nodes in larger nodes; each keeps, by shard
# group (a token's first two letters: no shard mixes them), the postings of its documents
# numbered from its first. A run is cut after a draft whose key says so (one in BLOCK for a
# block, one in BLOCK * FANOUT for a node...), from half its average length and at MOST times
# it: a draft added, removed or moved changes the runs around it, not every run after it, and
# a node moved along keeps its postings. An edit derives again one block, the nodes above it,
# and the groups whose postings changed.
BLOCK = 16
FANOUT = 8
MOST = 4
assert len(_B36) >= MOST * BLOCK  # a gap inside a block is one lookup


class SearchIndex:
    """Every file of the search index of one build: site-relative path -> text.

    With a `memo` (memo.py), what an unchanged draft, block or shard group gives is taken from
    the last build instead of derived again; the files are the same bytes either way."""

    def __init__(self, site: SiteModel, memo: Memo | None = None):
        self.site = site
        self.views = site.drafts  # document n is site.drafts[n]
        self.memo = memo
        self._files: dict[str, str] | None = None

    def files(self) -> dict[str, str]:
        if self._files is None:
            self._files = self._build()
        return self._files

    def _build(self) -> dict[str, str]:
        shards: dict[str, str] = {}
        split: list[str] = []
        for group in self._groups():
            shards.update(group[0])
            split += group[1]
        out = {f"{SEARCH_DATA}{name}.txt": shards[name] for name in sorted(shards)}
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

    def _groups(self) -> list[tuple[dict[str, str], list[str]]]:
        """Each shard group's shard texts (by name) and split prefixes."""
        drafts = [self._terms(view) for view in self.views]
        heights = [int(key[:8], 16) for key, _ in drafts]
        nodes: list[_Node] = []
        for run in _runs(heights, BLOCK, BLOCK):
            block = drafts[run]
            postings = self._ask(
                ("search-block", tuple(key for key, _ in block)),
                partial(_block_postings, [terms for _, terms in block]),
            )
            nodes.append(_Node(len(block), heights[run.stop - 1], postings))
        modulus = BLOCK
        # Without a memo there is nothing to keep: the blocks go straight to the root.
        while self.memo is not None and len(nodes) > 2 * FANOUT:
            modulus *= FANOUT
            nodes = [self._node(nodes[run]) for run in _runs([n.height for n in nodes], modulus, FANOUT)]
        return [
            self._ask(("search-group", group, tuple(parts)), partial(_group_shards, parts))
            for group, parts in sorted(_parts(nodes).items())
        ]

    def _node(self, run: list[_Node]) -> _Node:
        merged = {
            group: self._ask(("search-node", group, tuple(parts)), partial(_merge, parts))
            for group, parts in _parts(run).items()
        }
        return _Node(sum(n.size for n in run), run[-1].height, merged)

    def _ask(self, key: tuple, compute: Callable[[], T]) -> T:
        """The memo's value by `key`, computed when absent (always, without a memo). A key holds
        the texts of the postings themselves: hashed once a text, compared by identity when
        they are the last build's objects."""
        return compute() if self.memo is None else self.memo.get(key, compute)

    def _terms(self, view: DraftView) -> tuple[str, tuple[str, bytes]]:
        """The draft's key, made of what its scores are made of only (neither its status nor the
        build instant), and its scores (`_compact_scores`)."""
        d = view.draft
        labels = _labels(view)
        key = digest(d.id, d.title, d.summary, labels, d.content.text)
        compute = partial(_compact_scores, d.id, d.title, d.summary, labels, d.content.text)
        return key, self._ask(("search-scores", key), compute)

    def _facets(self) -> str:
        s = self.site.settings
        return safe_json(facets(self.views, list(s.agencies), list(s.fields)))

    def _docs(self, start: int) -> str:
        return safe_json([_result(view) for view in self.views[start : start + DOCS_PER_FILE]])


def _labels(view: DraftView) -> str:
    return " ".join([view.agency_name, view.document_type_name, *(name for _, name in view.field_names)])


def _draft_scores(draft_id: str, title: str, summary: str, labels: str, text: str) -> dict[str, int]:
    """Each word of a draft with what its best place is worth (title > summary > labels > body)."""
    scores: dict[str, int] = {}

    def mark(tokens: list[str], weight: int) -> None:
        for token in tokens:
            if scores.get(token, 0) < weight:
                scores[token] = weight

    # The text readers see (the sanitized page), never the raw body: an HTML comment or a
    # `[//]: # (...)` note is in no output, and the search data is an output.
    body = Counter(terms(text))
    for token, count in body.items():
        scores[token] = BODY + 1 if count > 2 else BODY  # a word the body keeps coming back to
    mark(terms(labels), LABELS)
    mark(terms(summary), SUMMARY)
    mark(terms(title), TITLE)
    mark(terms(draft_id.replace("-", " ")), SUMMARY)
    return scores


def _compact_scores(draft_id: str, title: str, summary: str, labels: str, text: str) -> tuple[str, bytes]:
    """A draft's scores as kept between builds: its tokens in one string (a token never holds
    a newline) and their score digits, not a dict of hundreds of entries."""
    scores = _draft_scores(draft_id, title, summary, labels, text)
    return "\n".join(scores), "".join(map(str, scores.values())).encode()


def _block_postings(drafts: list[tuple[str, bytes]]) -> dict[str, str]:
    """The postings of a block of drafts (numbered from 0), by shard group: one line a token,
    'token<TAB>first doc<TAB>last doc<TAB>the gaps after the first, base 36<TAB>score digits',
    by token."""
    postings: dict[str, tuple[list[int], bytearray]] = {}
    for doc, (tokens, digits) in enumerate(drafts):
        for token, digit in zip(tokens.split("\n"), digits):
            entry = postings.get(token)
            if entry is None:
                postings[token] = ([doc], bytearray((digit,)))
            else:
                entry[0].append(doc)
                entry[1].append(digit)
    groups: dict[str, list[str]] = {}
    gap = _B36.__getitem__  # docs of a block are fewer than _B36
    for token in sorted(postings):
        docs, marks = postings[token]
        gaps = ",".join(map(gap, map(operator.sub, docs[1:], docs)))
        groups.setdefault(token[:2], []).append(f"{token}\t{docs[0]}\t{docs[-1]}\t{gaps}\t{marks.decode()}")
    return {group: "\n".join(lines) for group, lines in groups.items()}


class _Node(NamedTuple):
    size: int  # documents
    height: int  # of its last draft's key: where the runs of the next level are cut
    postings: dict[str, str]  # by shard group: lines of _block_postings, its documents from 0


def _runs(heights: list[int], modulus: int, average: int) -> list[slice]:
    """Consecutive runs, each ending where the height is a multiple of the modulus, once at
    half the average length (a draft is not re-derived with a long block), or at MOST times
    the average length."""
    runs, start = [], 0
    for i, height in enumerate(heights):
        length = i + 1 - start
        if (height % modulus == 0 and 2 * length >= average) or length >= MOST * average:
            runs.append(slice(start, i + 1))
            start = i + 1
    if start < len(heights):
        runs.append(slice(start, len(heights)))
    return runs


def _parts(nodes: list[_Node]) -> dict[str, list[tuple[int, str]]]:
    """Each shard group's postings in each node, with where the node starts among the nodes."""
    parts: dict[str, list[tuple[int, str]]] = {}
    start = 0
    for node in nodes:
        for group, text in node.postings.items():
            parts.setdefault(group, []).append((start, text))
        start += node.size
    return parts


def _merged(
    parts: list[tuple[int, str]],
) -> tuple[dict[str, int], dict[str, int], dict[str, list[str]], dict[str, list[str]]]:
    """The postings of consecutive nodes (where each starts, its lines) as one: each token's
    first and last document, the gaps after the first, the score digits."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    gaps: dict[str, list[str]] = {}
    marks: dict[str, list[str]] = {}
    for start, text in parts:
        for line in text.split("\n"):
            token, head, tail, inner, digits = line.split("\t")
            previous = last.get(token)
            if previous is None:
                first[token] = start + int(head)
                gaps[token] = [inner] if inner else []
                marks[token] = [digits]
            else:
                gaps[token].append(_base36(start + int(head) - previous))
                if inner:
                    gaps[token].append(inner)
                marks[token].append(digits)
            last[token] = start + int(tail)
    return first, last, gaps, marks


def _merge(parts: list[tuple[int, str]]) -> str:
    """The lines of consecutive nodes' postings of one shard group as the lines of one node."""
    first, last, gaps, marks = _merged(parts)
    return "\n".join(
        f"{token}\t{first[token]}\t{last[token]}\t{','.join(gaps[token])}\t{''.join(marks[token])}"
        for token in sorted(first)
    )


def _group_shards(parts: list[tuple[int, str]]) -> tuple[dict[str, str], list[str]]:
    """A shard group's shard texts by name and its split prefixes, from its postings in every
    node: a token's row gives its documents as gaps in base 36 from the last one (the first
    from 0), then one score digit each: 'a,1,5|731'."""
    first, _, gaps, marks = _merged(parts)
    rows = [
        f"{token}\t{','.join([_base36(first[token]), *gaps[token]])}|{''.join(marks[token])}" for token in sorted(first)
    ]
    shards, split = _split_shards(rows)
    return {name: "\n".join(group) + "\n" for name, group in shards.items()}, sorted(split)


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
