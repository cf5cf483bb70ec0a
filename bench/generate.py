#!/usr/bin/env python3
"""Write the benchmark corpus: two MkDocs sites with the same synthetic drafts.

    python bench/generate.py N OUT [--seed S] [--attachments] [--check]

OUT/product/  the policy-drafts site: mkdocs.yml with the example site's theme and
              registries, docs/index.md, and drafts/<id>/index.md for N drafts in the
              contract format (design.md), dated around REFERENCE so that every
              status occurs at that instant.
OUT/plain/    the baseline: same theme, language and search, no policy-drafts plugin;
              the Markdown body of every draft the product site publishes, as a plain
              page docs/du-thao/<id>.md kept out of the navigation.
OUT/manifest.json  what was generated (read by run.py to reuse the corpus).

Generation is deterministic: draft i depends only on the seed and i, so the corpus for
N=50 is the first 50 drafts of the corpus for N=1000. With --check, the product site is
validated with `policy-drafts check`, and `policy-drafts list` confirms that every draft
has the status and visibility it was generated for.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
EXAMPLE_CONFIG = ROOT / "mkdocs.yml"
sys.path.insert(0, str(BENCH))

import vi_text as vi  # noqa: E402  (the text pools, beside this file)

VN = timezone(timedelta(hours=7))
REFERENCE = datetime(2026, 11, 23, 9, 0, tzinfo=VN)  # the build instant of every benchmark build
REFERENCE_EPOCH = int(REFERENCE.timestamp())  # SOURCE_DATE_EPOCH
DEFAULT_SEED = 407
PLUGIN = "policy-drafts"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

SECTIONS = {  # the contract's headings; mkdocs.yml `sections:` may rename them
    "necessity": "Sự cần thiết ban hành chính sách",
    "basic": "Nội dung cơ bản của chính sách",
    "changes": "Nội dung mới hoặc sửa đổi, bổ sung, bãi bỏ",
    "other": "Nội dung khác",
}

# What each draft is generated to be at REFERENCE, with its share of the corpus: draft i
# gets SCHEDULE[i % len], so every scenario occurs in any corpus of 33 drafts or more.
SCENARIOS = {
    "open": 5,
    "closing-soon": 2,
    "upcoming": 3,
    "closed": 4,
    "responded": 5,
    "adopted": 8,
    "withdrawn": 2,
    "announced": 2,
    "embargoed": 1,
    "state-secret": 1,
}
# The status `policy-drafts list` must report for each scenario (None: not checked).
EXPECTED_STATUS = {
    "open": "open",
    "closing-soon": "open+closing-soon",
    "upcoming": "upcoming",
    "closed": "closed",
    "responded": "responded",
    "adopted": "adopted",
    "withdrawn": "withdrawn",
    "announced": "announced",
    "embargoed": None,
}
DOCUMENT_TYPE_WEIGHTS = {
    "nghi-quyet-hdnd-tinh": 40,
    "quyet-dinh-ubnd-tinh": 30,
    "quyet-dinh-chu-tich-ubnd-tinh": 6,
    "nghi-quyet-hdnd-xa": 8,
    "quyet-dinh-ubnd-xa": 8,
    "nghi-dinh": 4,
}
FORM_HOSTS = (
    "https://forms.gle/{t}",
    "https://docs.google.com/forms/d/e/1FAIpQL{t}/viewform",
    "https://forms.office.com/r/{t}",
)


def schedule(seed: int) -> list[str]:
    """The scenario cycle, shuffled once per seed."""
    cycle = [name for name, count in SCENARIOS.items() for _ in range(count)]
    random.Random(f"schedule-{seed}").shuffle(cycle)
    return cycle


# -- the example site's configuration ---------------------------------------------------------


def load_example(path: Path = EXAMPLE_CONFIG) -> dict[str, Any]:
    """The example mkdocs.yml (plain YAML: it uses no custom tags)."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def plugin_options(config: dict[str, Any], name: str) -> dict[str, Any]:
    """The options of plugin `name` in a loaded mkdocs.yml (`- name` or `- name: {...}`)."""
    for entry in config.get("plugins") or []:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            return dict(entry[name] or {})
    raise KeyError(f"{name} is not among the plugins of the example mkdocs.yml")


def generated_nav(example: dict[str, Any]) -> list[dict[str, str]]:
    """The home page, then the example nav's entries for pages the plugin generates (those that
    are not files of the example's docs/: the draft listing, the yearly report, ...)."""
    docs = EXAMPLE_CONFIG.parent / example.get("docs_dir", "docs")
    nav = [{"Trang chủ": "index.md"}]
    for entry in example.get("nav") or []:
        title, target = next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
        if isinstance(target, str) and target.endswith(".md") and not (docs / target).exists():
            nav.append({title: target} if title else target)
    return nav


def site_config(example: dict[str, Any], *, nav: list, plugins: list, **extra: Any) -> dict[str, Any]:
    """A benchmark mkdocs.yml: the example's site identity, theme and Markdown extensions."""
    keys = ("site_name", "site_description", "site_url", "copyright", "theme", "markdown_extensions")
    config = {key: example[key] for key in keys if key in example}
    config.update(nav=nav, plugins=plugins, **extra)
    return config


# -- dates ------------------------------------------------------------------------------------


@dataclass
class Window:
    """One consultation round, in local days (`deadline` counts an extension)."""

    subject: str
    opens: date
    deadline: date
    shortened: bool = False
    closes: date | None = None  # the original deadline when extended
    extended_at: date | None = None

    @property
    def days(self) -> int:
        return (self.deadline - self.opens).days + 1


@dataclass
class Timeline:
    published: date
    publish_at: datetime | None = None
    windows: list[Window] = field(default_factory=list)
    response: date | None = None
    adoption: date | None = None
    withdrawn: date | None = None


def plan_timeline(kind: str, rng: random.Random, min_days: int, soon_days: int) -> Timeline:
    """Dated facts that give the draft the status `kind` at REFERENCE (see SCENARIOS)."""
    d0 = REFERENCE.date()
    day = timedelta(days=1)
    if kind == "announced":
        return Timeline(published=d0 - rng.randint(0, 150) * day)
    count = 2 if rng.random() < 0.4 else 1
    subjects = ["proposal", "draft"] if count == 2 else [rng.choice(["draft", "draft", "draft", "proposal"])]
    lengths = [_window_length(rng, min_days) for _ in subjects]
    if kind == "embargoed":
        return _embargoed(rng, subjects, lengths)

    last_days, last_short = lengths[-1]
    if kind in ("open", "closing-soon"):
        last_days = max(last_days, soon_days + 2)
        ahead = (
            rng.randint(0, soon_days - 1)
            if kind == "closing-soon"
            else rng.randint(soon_days, max(soon_days, last_days - 1))
        )
        last_opens = d0 + (ahead - last_days + 1) * day
    elif kind == "upcoming":
        last_opens = d0 + rng.randint(1, 100) * day
    else:  # the last window is over
        back = {"closed": (1, 120), "responded": (15, 400), "adopted": (40, 500), "withdrawn": (10, 450)}[kind]
        last_opens = d0 - (rng.randint(*back) + last_days - 1) * day
    windows = [Window(subjects[-1], last_opens, last_opens + (last_days - 1) * day, last_short)]
    for subject, (days, short) in zip(reversed(subjects[:-1]), reversed(lengths[:-1])):
        end = windows[0].opens - rng.randint(20, 120) * day
        if kind == "upcoming":
            end = min(end, d0 - rng.randint(1, 30) * day)  # over, so that the draft is not open
        windows.insert(0, Window(subject, end - (days - 1) * day, end, short))
    for window in windows:
        _maybe_extend(window, rng)

    timeline = Timeline(
        published=min(windows[0].opens - rng.randint(0, 20) * day, d0 - rng.randint(0, 10) * day), windows=windows
    )
    end = windows[-1].deadline
    if kind == "responded":
        timeline.response = end + rng.randint(3, min(45, (d0 - end).days)) * day
    elif kind == "adopted":
        if rng.random() < 0.85:
            timeline.response = end + rng.randint(5, 30) * day
        timeline.adoption = min(d0, (timeline.response or end) + rng.randint(10, 60) * day)
    elif kind == "withdrawn":
        timeline.withdrawn = min(d0, end + rng.randint(3, 90) * day)
    return timeline


def _window_length(rng: random.Random, min_days: int) -> tuple[int, bool]:
    """Days of a window (both ends counted) and whether it is shorter than the legal minimum."""
    if min_days > 10 and rng.random() < 0.07:
        return rng.randint(max(10, min_days // 2), min_days - 1), True
    return min_days + rng.randint(0, 20), False


def _maybe_extend(window: Window, rng: random.Random) -> None:
    """Sometimes the deadline was extended; the extension was announced before REFERENCE."""
    if rng.random() >= 0.12:
        return
    extra = rng.randint(5, 15)
    if window.days - extra < 5:
        return
    closes = window.deadline - timedelta(days=extra)
    announced = max(window.opens, closes - timedelta(days=rng.randint(0, 3)))
    if announced < REFERENCE.date():
        window.closes, window.extended_at = closes, announced


def _embargoed(rng: random.Random, subjects: list[str], lengths: list[tuple[int, bool]]) -> Timeline:
    """Not public at REFERENCE: published later, or published with a later publish_at."""
    d0 = REFERENCE.date()
    if rng.random() < 0.5:
        timeline = Timeline(published=d0 + timedelta(days=rng.randint(1, 20)))
        start = timeline.published
    else:
        publish_at = datetime.combine(d0 + timedelta(days=rng.randint(1, 10)), time(8, 0), VN)
        timeline = Timeline(published=d0 - timedelta(days=rng.randint(0, 5)), publish_at=publish_at)
        start = publish_at.date()
    opens = start + timedelta(days=rng.randint(1, 10))
    for subject, (days, short) in zip(subjects, lengths):
        window = Window(subject, opens, opens + timedelta(days=days - 1), short)
        timeline.windows.append(window)
        opens = window.deadline + timedelta(days=rng.randint(20, 90))
    return timeline


# -- text -------------------------------------------------------------------------------------


def vn_number(value: int) -> str:
    """1146 -> '1.146' (Vietnamese thousands separator)."""
    return f"{value:,}".replace(",", ".")


def _school_year(r: random.Random) -> str:
    year = r.randint(2025, 2028)
    return f"{year}-{year + 1}"


class Filler(dict):
    """Placeholder values for vi_text templates: fixed per draft, or drawn at each use."""

    DRAWS: ClassVar[dict[str, Callable[[random.Random], str]]] = {
        "nam": lambda r: str(r.randint(2019, 2026)),
        "nam_hoc": _school_year,
        "nam_truoc": lambda r: str(r.randint(2015, 2022)),
        "nam_sau": lambda r: str(r.randint(2027, 2028)),
        "nam_het": lambda r: str(r.randint(2028, 2031)),
        "giai_doan": lambda r: f"{r.choice((2026, 2027))}-2030",
        "so_nam": lambda r: str(r.randint(3, 10)),
        "thang": lambda r: f"{r.randint(1, 12):02d}",
        "ngay": lambda r: f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(2024, 2026)}",
        "n_nho": lambda r: str(r.randint(3, 30)),
        "n_tb": lambda r: str(r.randint(150, 900)),
        "n_lon": lambda r: vn_number(r.randint(1200, 48000)),
        "pt": lambda r: str(r.randint(15, 95)),
        "tien": lambda r: vn_number(r.randint(3, 90) * 10_000) + " đồng",
        "ty": lambda r: f"{r.randint(12, 480)} tỷ đồng",
        "van_ban_tw": lambda r: r.choice(vi.CENTRAL_DOCUMENTS).format(k=r.randint(10, 250), y=r.randint(2021, 2026)),
        "khoan_thu": lambda r: r.choice(vi.FEES),
        "xa": lambda r: r.choice(vi.COMMUNES),
    }

    def __init__(self, rng: random.Random, **fixed: str):
        super().__init__(fixed)
        self.rng = rng

    def __missing__(self, key: str) -> str:
        return self.DRAWS[key](self.rng)

    def __call__(self, template: str) -> str:
        return template.format_map(self)


def compose_body(rng: random.Random, fill: Filler, headings: dict[str, str], *, other: bool) -> str:
    """The communication content: the three required sections (and sometimes "Nội dung khác"),
    grown paragraph by paragraph from the pools until a target of 400–900 words."""
    target = rng.randint(400, 820)  # the last paragraph may overshoot by one paragraph
    pools = {
        "necessity": rng.sample(vi.NECESSITY, len(vi.NECESSITY)),
        "basic": rng.sample(vi.BASIC_ITEMS, len(vi.BASIC_ITEMS)),
        "changes": rng.sample(vi.CHANGES_ITEMS, len(vi.CHANGES_ITEMS)),
        "other": rng.sample(vi.OTHER, len(vi.OTHER)) if other else [],
    }
    caps = {"necessity": 6, "basic": 9, "changes": 7, "other": 3}
    chosen: dict[str, list[str]] = {key: [] for key in pools}
    words = 0

    def take(key: str) -> None:
        nonlocal words
        text = fill(pools[key].pop())
        chosen[key].append(text)
        words += len(text.split())

    for key, first in (("necessity", 2), ("basic", 3), ("changes", 2), ("other", 1 if other else 0)):
        for _ in range(first):
            take(key)
    extras: list[str] = []
    if rng.random() < 0.2:
        extras.append(_fee_table(rng))
    if rng.random() < 0.4:
        extras.append(fill(rng.choice(vi.BASIC_PARAGRAPHS)))
    words += sum(len(e.split()) for e in extras)
    while words < target:
        open_keys = [k for k in pools if pools[k] and len(chosen[k]) < caps[k]]
        if not open_keys:
            break
        take(rng.choice(open_keys))

    parts = [
        f"## {headings['necessity']}",
        *chosen["necessity"],
        f"## {headings['basic']}",
        rng.choice(vi.BASIC_INTRO),
        _bullets(chosen["basic"]),
        *extras,
        f"## {headings['changes']}",
    ]
    intro = rng.choice(vi.CHANGES_INTRO)
    parts += ([intro] if intro else []) + [_bullets(chosen["changes"])]
    if other:
        parts += [f"## {headings['other']}", *chosen["other"]]
    return "\n\n".join(parts) + "\n"


def _bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _fee_table(rng: random.Random) -> str:
    rows = []
    for region, scale in zip(vi.TABLE_ROWS, (1.0, 0.6, 0.3)):
        cells = [vn_number(int(rng.randint(40, 90) * scale * (1 + level * 0.25))) for level in range(4)]
        rows.append(f"| {region} | " + " | ".join(cells) + " |")
    return "\n".join([vi.TABLE_INTRO, "", vi.TABLE_HEADER, *rows])


# -- one draft --------------------------------------------------------------------------------


@dataclass
class SyntheticDraft:
    id: str
    scenario: str
    public: bool  # published at REFERENCE (not a state secret, not embargoed)
    title: str
    front: dict[str, Any]
    body: str
    attachments: dict[str, bytes] = field(default_factory=dict)

    def index_md(self) -> str:
        """drafts/<id>/index.md for the product site."""
        return "---\n" + _yaml(self.front) + "---\n\n" + self.body

    def plain_md(self) -> str:
        """docs/du-thao/<id>.md for the plain site: the same body under a title-only front matter."""
        return "---\n" + _yaml({"title": self.title}) + "---\n\n" + self.body


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


class DraftFactory:
    """Makes draft number i of the corpus from the seed and the site's registries."""

    def __init__(self, options: dict[str, Any], *, seed: int, attachments: bool):
        self.seed = seed
        self.attachments = attachments
        self.schedule = schedule(seed)
        self.types = options["document_types"]
        self.agencies = options["agencies"]
        self.fields = options["fields"]
        self.soon_days = int(options.get("closing_soon_days", 7))
        self.headings = {**SECTIONS, **(options.get("sections") or {})}
        self.type_keys = list(self.types)
        self.type_weights = [DOCUMENT_TYPE_WEIGHTS.get(key, 3) for key in self.type_keys]

    def make(self, index: int) -> SyntheticDraft:
        rng = random.Random(f"draft-{self.seed}-{index}")
        scenario = self.schedule[index % len(self.schedule)]
        kind = rng.choice([k for k in EXPECTED_STATUS if k != "embargoed"]) if scenario == "state-secret" else scenario
        topic = rng.choice(vi.TOPICS)
        draft_id = f"{topic.slug}-{index + 1:05d}"
        doc_type = rng.choices(self.type_keys, self.type_weights)[0]
        timeline = plan_timeline(kind, rng, int(self.types[doc_type].get("min_days", 30)), self.soon_days)
        agency = self._agency(rng, topic, timeline.published)
        agency_name, host = self._agency_identity(agency)
        fill = Filler(
            rng,
            chu_de=topic.phrase,
            doi_tuong=topic.doi_tuong,
            doi_tuong_ngan=topic.doi_tuong_ngan,
            co_quan=agency_name,
            tinh=vi.PROVINCE,
        )
        title = self._title(rng, fill, topic, doc_type, timeline)

        front: dict[str, Any] = {
            "title": title,
            "summary": fill(rng.choice(vi.SUMMARIES)),
            "published": timeline.published,
        }
        if timeline.publish_at:
            front["publish_at"] = timeline.publish_at
        front.update(
            document_type=doc_type, agency=agency, fields=self._fields(rng, topic), criteria=self._criteria(rng)
        )
        if scenario == "state-secret":
            front["state_secret"] = True
        elif rng.random() < 0.1:
            front["state_secret"] = False
        if timeline.windows:
            front["consultations"] = [self._round(rng, fill, w, host) for w in timeline.windows]
        files: dict[str, bytes] = {}
        if timeline.response:
            front["response"] = self._response(rng, timeline.response, draft_id, host, files)
        if timeline.adoption:
            front["adoption"] = self._adoption(rng, doc_type, timeline.adoption, draft_id)
        if timeline.withdrawn:
            front["withdrawn"] = {"date": timeline.withdrawn, "reason": fill(rng.choice(vi.WITHDRAWN_REASONS))}
        front["documents"] = self._documents(rng, doc_type, draft_id, host, files)
        if rng.random() < 0.3:
            front["events"] = self._events(rng, fill, topic, timeline)
        if rng.random() < 0.9:
            front["contact"] = self._contact(rng, agency, agency_name, host)

        body = compose_body(rng, fill, self.headings, other=rng.random() < 0.6)
        public = scenario not in ("state-secret", "embargoed")
        return SyntheticDraft(draft_id, scenario, public, title, front, body, files)

    # -- parts --------------------------------------------------------------------------------

    def _agency(self, rng: random.Random, topic: vi.Topic, published: date) -> str:
        """Mostly the topic's usual agency; an agency that had ceased by `published` is
        replaced by its successor (registries: `until`, `succeeded_by`)."""
        known = [key for key in topic.agencies if key in self.agencies]
        if known and rng.random() < 0.95:
            agency = known[0] if rng.random() < 0.75 else rng.choice(known)
        else:
            agency = rng.choice(list(self.agencies))
        seen = set()
        while self._ceased(agency, published) and agency not in seen:
            seen.add(agency)
            successor = self.agencies[agency].get("succeeded_by")
            agency = successor if successor in self.agencies else self._any_active(published)
        return agency

    def _ceased(self, key: str, day: date) -> bool:
        entry = self.agencies[key]
        until = entry.get("until") if isinstance(entry, dict) else None
        return until is not None and day > date.fromisoformat(str(until))

    def _any_active(self, day: date) -> str:
        return next(key for key in self.agencies if not self._ceased(key, day))

    def _agency_identity(self, key: str) -> tuple[str, str]:
        """The agency's name and web host (for e-mails and document links)."""
        entry = self.agencies[key]
        if isinstance(entry, str):
            return entry, f"{key}.example.gov.vn"
        host = urlsplit(str(entry.get("url", ""))).hostname or f"{key}.example.gov.vn"
        return entry["name"], host

    def _title(self, rng: random.Random, fill: Filler, topic: vi.Topic, doc_type: str, timeline: Timeline) -> str:
        prefix = next(
            (vi.TITLE_PREFIX[k] for k in sorted(vi.TITLE_PREFIX, key=len, reverse=True) if doc_type.startswith(k)),
            f"{self.types[doc_type]['name']} quy định",
        )
        where = "xã" if doc_type.endswith("-xa") else vi.PROVINCE
        title = fill(f"{prefix} {topic.phrase} trên địa bàn {where}" + rng.choice(vi.TITLE_SUFFIX))
        if [w.subject for w in timeline.windows] == ["proposal"]:
            title = "Đề nghị xây dựng " + title
        return title[:250]

    def _fields(self, rng: random.Random, topic: vi.Topic) -> list[str]:
        known = [key for key in topic.fields if key in self.fields] or [next(iter(self.fields))]
        return known[: rng.randint(1, len(known))]

    @staticmethod
    def _criteria(rng: random.Random) -> dict[str, bool]:
        keys = ("proposal_required", "rights_obligations", "public_concern", "wide_impact")
        if rng.random() < 0.75:
            return dict.fromkeys(keys, True)
        return {key: rng.random() < 0.6 for key in keys}

    def _round(self, rng: random.Random, fill: Filler, window: Window, host: str) -> dict[str, Any]:
        opens: date | datetime = window.opens
        if rng.random() < 0.15:
            opens = datetime.combine(window.opens, time(8, 0), VN)
        entry: dict[str, Any] = {"subject": window.subject, "opens": opens}
        if window.closes:
            entry.update(closes=window.closes, extended_to=window.deadline)
            if rng.random() < 0.7:
                entry["extended_at"] = datetime.combine(window.extended_at, time(16, 0), VN)
        else:
            entry["closes"] = (
                datetime.combine(window.deadline, time(17, 0), VN) if rng.random() < 0.1 else window.deadline
            )
        if window.shortened:
            entry["shortened_reason"] = fill(rng.choice(vi.SHORTENED_REASONS))
        if rng.random() < 0.35:
            token = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789") for _ in range(12))
            entry["form"] = rng.choice(FORM_HOSTS).format(t=token)
        if rng.random() < 0.4:
            entry["email"] = f"gopy@{host}"
        return entry

    def _response(
        self, rng: random.Random, day: date, draft_id: str, host: str, files: dict[str, bytes]
    ) -> dict[str, Any]:
        response: dict[str, Any] = {"published": day}
        if rng.random() < 0.85:
            received = rng.randint(8, 600)
            response.update(received=received, accepted=rng.randint(0, received // 2))
        if self.attachments and rng.random() < 0.6:
            response["document"] = "bao-cao-tiep-thu-giai-trinh.pdf"
            files[response["document"]] = PDF
        else:
            response["document"] = f"https://{host}/van-ban/du-thao/{draft_id}/bao-cao-tiep-thu-giai-trinh"
        return response

    @staticmethod
    def _adoption(rng: random.Random, doc_type: str, day: date, draft_id: str) -> dict[str, Any]:
        suffix = next((s for k, s in vi.ADOPTION_SUFFIX.items() if doc_type.startswith(k)), "QĐ")
        return {
            "date": day,
            "number": f"{rng.randint(1, 80)}/{day.year}/{suffix}",
            "url": f"https://vbpl.minhgiang.example.gov.vn/van-ban/{draft_id}",
        }

    def _documents(
        self, rng: random.Random, doc_type: str, draft_id: str, host: str, files: dict[str, bytes]
    ) -> list[dict[str, str]]:
        base = f"https://{host}/van-ban/du-thao/{draft_id}"
        main_title = f"Dự thảo {self.types[doc_type]['name']}"
        if self.attachments:
            documents = [{"title": main_title, "file": "du-thao.pdf"}]
            files["du-thao.pdf"] = PDF
        else:
            documents = [{"title": main_title, "url": f"{base}/du-thao"}]
        for j, title in enumerate(rng.sample(vi.DOCUMENT_TITLES, rng.randint(0, 3))):
            if self.attachments and j == 0 and rng.random() < 0.5:
                documents.append({"title": title, "file": "to-trinh.pdf"})
                files["to-trinh.pdf"] = PDF
            else:
                documents.append({"title": title, "url": f"{base}/tai-lieu-{j + 1}"})
        return documents

    @staticmethod
    def _events(rng: random.Random, fill: Filler, topic: vi.Topic, timeline: Timeline) -> list[dict[str, Any]]:
        events = []
        windows = timeline.windows or [
            Window("draft", timeline.published + timedelta(days=5), timeline.published + timedelta(days=40))
        ]
        for window in rng.sample(windows, rng.randint(1, len(windows))):
            day = window.opens + timedelta(days=rng.randint(2, max(2, window.days - 3)))
            start = datetime.combine(day, time(rng.choice((8, 14)), 0), VN)
            event: dict[str, Any] = {
                "title": f"{rng.choice(vi.EVENT_TITLES)} về {topic.phrase}",
                "start": start,
                "end": start + timedelta(hours=rng.choice((2, 3, 3.5))),
                "location": fill(rng.choice(vi.EVENT_PLACES)),
            }
            if rng.random() < 0.3:
                event["url"] = f"https://truyenhinh.minhgiang.example.gov.vn/truc-tiep/{topic.slug}-{day.isoformat()}"
            events.append(event)
        return sorted(events, key=lambda e: e["start"])

    def _contact(self, rng: random.Random, agency: str, agency_name: str, host: str) -> dict[str, str]:
        if agency == "so-gddt":
            office, local = rng.choice(vi.OFFICES)
            name, email = f"{office}, {agency_name}", f"{local}@{host}"
        else:
            entry = self.agencies[agency]
            name = f"Văn phòng {agency_name}"
            email = entry.get("email") if isinstance(entry, dict) and entry.get("email") else f"vanphong@{host}"
        return {"name": name, "email": email, "phone": f"0200 3 8{rng.randint(10, 99)} {rng.randint(100, 999)}"}


# -- the two sites ----------------------------------------------------------------------------


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write `files` (relative path -> text or bytes) under root."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def product_files(example: dict[str, Any], drafts: list[SyntheticDraft]) -> dict[str, str | bytes]:
    """OUT/product: the policy-drafts site, with every draft in drafts/<id>/."""
    config = site_config(
        example,
        nav=generated_nav(example),
        plugins=[{"search": plugin_options(example, "search")}, {PLUGIN: plugin_options(example, PLUGIN)}],
    )
    files: dict[str, str | bytes] = {"mkdocs.yml": _yaml(config), "docs/index.md": home_page(example, drafts)}
    for draft in drafts:
        files[f"drafts/{draft.id}/index.md"] = draft.index_md()
        files.update({f"drafts/{draft.id}/{name}": data for name, data in draft.attachments.items()})
    return files


def plain_files(example: dict[str, Any], drafts: list[SyntheticDraft]) -> dict[str, str | bytes]:
    """OUT/plain: the same bodies as plain pages (only those the product publishes), not in the nav."""
    config = site_config(
        example,
        nav=[{"Trang chủ": "index.md"}],
        plugins=[{"search": plugin_options(example, "search")}],
        not_in_nav="/du-thao/",  # gitignore-style patterns (one a line), relative to docs/ (MkDocs 1.6)
    )
    files: dict[str, str | bytes] = {"mkdocs.yml": _yaml(config), "docs/index.md": home_page(example, drafts)}
    for draft in drafts:
        if draft.public:
            files[f"docs/du-thao/{draft.id}.md"] = draft.plain_md()
            files.update({f"docs/du-thao/{draft.id}/{name}": data for name, data in draft.attachments.items()})
    return files


def home_page(example: dict[str, Any], drafts: list[SyntheticDraft]) -> str:
    return vi.HOME_PAGE.format(site_name=example.get("site_name", ""), count=len(drafts))


def fingerprint() -> str:
    """Changes whenever the generator, its text or the example configuration changes."""
    digest = hashlib.sha256()
    for path in (Path(__file__).resolve(), BENCH / "vi_text.py", EXAMPLE_CONFIG):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def generate(n: int, out: Path, *, seed: int = DEFAULT_SEED, attachments: bool = False) -> dict[str, Any]:
    """Write OUT/product, OUT/plain and OUT/manifest.json; return the manifest."""
    out = Path(out)
    manifest_path = out / "manifest.json"
    if out.exists() and any(out.iterdir()) and not manifest_path.exists():
        raise SystemExit(f"{out} is not empty and holds no benchmark corpus (manifest.json); choose another OUT")
    manifest_path.unlink(missing_ok=True)
    for site in ("product", "plain"):
        shutil.rmtree(out / site, ignore_errors=True)

    example = load_example()
    factory = DraftFactory(plugin_options(example, PLUGIN), seed=seed, attachments=attachments)
    drafts = [factory.make(i) for i in range(n)]
    write_files(out / "product", product_files(example, drafts))
    write_files(out / "plain", plain_files(example, drafts))

    manifest = {
        "n": n,
        "seed": seed,
        "attachments": attachments,
        "fingerprint": fingerprint(),
        "reference": REFERENCE.isoformat(),
        "source_date_epoch": REFERENCE_EPOCH,
        "published": sum(d.public for d in drafts),
        "body_words": sum(len(d.body.split()) for d in drafts),
        "scenarios": dict(sorted(Counter(d.scenario for d in drafts).items())),
        "expected": {d.id: d.scenario for d in drafts},
    }
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


# -- verification -----------------------------------------------------------------------------


def policy_drafts_cli(out: Path, *args: str) -> subprocess.CompletedProcess:
    """`policy-drafts -f OUT/product/mkdocs.yml ARGS` with this interpreter."""
    command = [sys.executable, "-m", "policy_drafts", "-f", str(out / "product" / "mkdocs.yml"), *args]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8")


def verify(out: Path, manifest: dict[str, Any]) -> list[str]:
    """Problems with the corpus: any `policy-drafts check` finding, and any draft whose status or
    visibility at REFERENCE is not what it was generated for. Empty: the corpus is good."""
    check = policy_drafts_cli(out, "check")
    if check.returncode != 0:
        return [line for line in (check.stdout + check.stderr).splitlines() if line.strip()]
    listing = policy_drafts_cli(out, "list", "--at", REFERENCE.isoformat(), "--format", "json")
    if listing.returncode != 0:
        return [f"policy-drafts list failed: {listing.stderr.strip()}"]
    problems = []
    for row in json.loads(listing.stdout)["drafts"]:
        scenario = manifest["expected"][row["id"]]
        visibility = {"state-secret": "withheld", "embargoed": "embargoed"}.get(scenario, "published")
        if not row["visibility"].startswith(visibility):
            problems.append(f"{row['id']}: generated as {scenario}, visibility is {row['visibility']!r}")
        expected = EXPECTED_STATUS.get(scenario)
        if scenario != "state-secret" and expected and row["status"] != expected:
            problems.append(f"{row['id']}: generated as {scenario}, status is {row['status']!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, help="number of drafts")
    parser.add_argument("out", type=Path, help="output folder (OUT/product, OUT/plain)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--attachments", action="store_true", help="add tiny PDF attachments to drafts")
    parser.add_argument(
        "--check",
        action="store_true",
        help="validate with `policy-drafts check` and confirm every draft's status at the reference instant",
    )
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    manifest = generate(args.n, args.out, seed=args.seed, attachments=args.attachments)
    print(
        f"{args.out}: {args.n} drafts ({manifest['published']} published at {REFERENCE.isoformat()}), "
        f"{manifest['body_words']} body words; scenarios: "
        + ", ".join(f"{k} {v}" for k, v in manifest["scenarios"].items())
    )
    if args.check:
        problems = verify(args.out, manifest)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"corpus check FAILED: {len(problems)} problem(s)", file=sys.stderr)
            return 1
        print("corpus check: policy-drafts check passes; every status and visibility is as generated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
