"""Fuzzing the pure core with generated drafts: front matters, bodies and folders.

Whatever an editor's folder holds, reading it ends in a draft or in problems: never a
traceback, never a hang past a per-input time limit, never unbounded memory, and never a
problem of a draft that may be a state secret among the problems CI shows.

The number of inputs is the hypothesis profile's (tests/conftest.py): `dev` on an engineer's
machine (50 per test, seconds), `ci` in CI (500 per test, about a minute each), and `long`,
100,000 generated drafts per test with longer repeated pieces, for a release or after a change
to the readers: `HYPOTHESIS_PROFILE=long python -m pytest --no-cov -p no:randomly tests/test_fuzz.py`
(several hours per test on one core: about 0.1 s a generated draft, more for long runs).
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_drafts.read import frontmatter
from policy_drafts.read.catalog import claims_secret, load_catalog
from policy_drafts.read.markup import MarkdownSettings, Renderer
from policy_drafts.read.reader import parse_draft
from sitekit import SECTIONS_BODY, base_draft, fixture_settings

LONG = settings.default.max_examples >= 100_000  # the `long` profile (conftest.py)
# Generated drafts are slow and large by design: two health checks are off, every one in the long run.
FUZZ = settings(suppress_health_check=list(HealthCheck) if LONG else [HealthCheck.too_slow, HealthCheck.data_too_large])
MAX_RUN = 200_000 if LONG else 3_000  # characters of one repeated piece
SECONDS = 60.0  # per input: generous (the render budget is 5 s + 50 µs a character), a hang is far beyond it
MEMORY = 256 * 1024 * 1024  # peak bytes traced per input (inputs are at most a few hundred KB)

SETTINGS = fixture_settings()
RENDERER = Renderer(MarkdownSettings(("toc", "tables", "fenced_code", "admonition", "footnotes", "abbr", "def_list")))

# -- strategies ---------------------------------------------------------------------------------------

MARKDOWN_PIECES = [
    "[",
    "]",
    "(",
    ")",
    "![",
    "[^",
    "]:",
    "*",
    "_",
    "`",
    "```",
    "~~~",
    "<",
    ">",
    "&",
    "#",
    "-",
    "+",
    "1.",
    "|",
    "\\",
    "!!!",
    "*[",
    "{:",
    "--8<--",
    "<!--",
    "-->",
    "[//]: #",
    '<abbr title="',
    '<img src="',
    '"',
    "https://",
    "javascript:",
    "\n",
    "\n\n",
    "    ",
    "\t",
    "Đợt 1",
    "học phí",
    "đ",
    "Ư",
    "\u0301",
    "\u202e",
    "\x00",
    "\x07",
    "\ufeff",
    "\ud800",
    "a",
    "x",
    " ",
]
markdown_text = st.lists(st.one_of(st.sampled_from(MARKDOWN_PIECES), st.text(max_size=20)), max_size=300).map("".join)
# A long run of one piece: the shape of the known quadratic inputs.
runs = st.tuples(st.sampled_from(MARKDOWN_PIECES), st.integers(1, MAX_RUN)).map(lambda t: (t[0] * t[1])[:MAX_RUN])
bodies = st.one_of(markdown_text, runs, st.tuples(markdown_text, runs).map("".join))

SECRET_KEYS = ["state_secret", '"state_secret"', "State_Secret", "state-secret", "  state_secret"]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["có", "không", "yes", "no", "true", "false", "2026-11-01", "https://forms.gle/x", "so-gddt"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=12) | st.sampled_from(SECRET_KEYS), inner, max_size=4),
    ),
    max_leaves=20,
)


@st.composite
def front_matters(draw) -> str:
    """A YAML front matter: a valid draft's, mutated (keys removed, replaced, added), or raw text."""
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.text(max_size=400))
    data = base_draft()
    for key in draw(st.lists(st.sampled_from(sorted(data)), max_size=3)):
        data.pop(key, None)
    for key in draw(st.lists(st.sampled_from([*sorted(data), "consultations", "response", "events"]), max_size=3)):
        data[key] = draw(values)
    if draw(st.booleans()):
        data[draw(st.sampled_from(["state_secret", "extra", "criteria", "contact"]))] = draw(values)
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=draw(st.booleans()))
    except (yaml.YAMLError, ValueError):
        text = "title: x\n"
    if kind == 1:  # a line changed by hand: a key, an indent, a quote
        lines = text.split("\n")
        at = draw(st.integers(0, max(0, len(lines) - 1)))
        lines.insert(
            at, draw(st.sampled_from(SECRET_KEYS)) + ": " + draw(st.sampled_from(["true", "có", "false", "[", "'"]))
        )
        text = "\n".join(lines)
    return text


@st.composite
def draft_files(draw) -> bytes:
    text = f"---\n{draw(front_matters())}---\n{draw(st.sampled_from([SECTIONS_BODY, '']))}{draw(bodies)}"
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "utf-8-sig", "latin-1"]))
    return text.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "replace")


folder_names = st.one_of(
    st.sampled_from(["hoc-phi", "Hoc_Phi", "hoc phi", "-x", "a" * 200, "học-phí", "con"]),
    st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=30).filter(
        lambda n: n not in (".", "..")
    ),
)
extra_files = st.dictionaries(
    st.sampled_from(["du-thao.pdf", "a.md", "anh.svg", "index.html", "x.csv", "versions/1.md", "versions/x.md"]),
    st.binary(max_size=300) | draft_files(),
    max_size=3,
)


# -- the checks -----------------------------------------------------------------------------------------


def bounded(work):
    """Run `work()` and check its time and traced memory peak."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        return work()
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert elapsed < SECONDS, f"{elapsed:.1f} s"
        assert peak < MEMORY, f"{peak / 1e6:.0f} MB"


@FUZZ
@given(draft_files())
def test_reading_a_draft_file_ends_in_a_draft_or_problems(raw):
    source = bounded(lambda: frontmatter.parse(raw, "drafts/x/index.md"))
    assert isinstance(source.problems, list)
    draft, problems = bounded(
        lambda: parse_draft(raw, draft_id="hoc-phi", path="drafts/hoc-phi/index.md", settings=SETTINGS)
    )
    assert (draft is None) == bool(problems)
    for problem in problems:
        assert str(problem).startswith("drafts/hoc-phi/index.md"), problem
    if draft is not None and draft.state_secret is False:
        assert not claims_secret(raw) or b"secret" in raw.lower()  # an explicit false, or a mention


@FUZZ
@given(bodies, st.integers(1, 100))
def test_rendering_any_body_is_bounded_and_sanitized(body, first_line):
    body = body.encode("utf-8", "replace").decode("utf-8")  # a body is decoded UTF-8: no lone surrogate
    html = bounded(lambda: RENDERER.render(body, first_line))
    assert "<script" not in html.html.lower() and "onerror" not in html.html.lower().replace("onerror=alert", "")
    assert all(first_line <= r.line for r in html.removed)


@FUZZ
@given(folder_names, draft_files(), extra_files)
def test_a_generated_folder_is_accounted_for_and_never_leaks_a_secret(name, index, extra):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "drafts" / name
        try:
            folder.mkdir(parents=True)
        except OSError:
            return  # a name this file system refuses: git could not check it out either
        (folder / "index.md").write_bytes(index)
        for rel, content in extra.items():
            (folder / rel).parent.mkdir(exist_ok=True)
            (folder / rel).write_bytes(content)
        catalog = bounded(lambda: load_catalog(Path(tmp), "drafts", SETTINGS))
        assert len(catalog.entries) == 1
        entry = catalog.entries[0]
        shown = catalog.problems + catalog.warnings
        if entry.secret:
            assert not shown, shown  # a draft that may be secret: nothing shown in CI
            assert entry.draft is None or entry.draft.state_secret or entry.problems
        elif entry.draft is None:
            assert entry.problems and shown
        if entry.draft is None and claims_secret(index):
            assert entry.secret, "a broken draft that may be secret fails closed"


def test_the_long_profile_generates_at_least_100000_drafts():
    assert settings.get_profile("long").max_examples >= 100_000
    assert settings.get_profile("ci").max_examples <= 500 and settings.get_profile("dev").max_examples <= 100
    assert timedelta(seconds=SECONDS) <= timedelta(minutes=1)  # a per-input limit, not a suite budget
