"""Safe by construction (design principle 8): what the site serves is safe whatever an
editor's folder and Markdown hold.

Property-based tests (hypothesis) for the sanitizer, the URL judge and the text rules;
real builds for the file rules (with real symbolic links), resource limits, secrecy and
facts dated after the build. The Chromium side (XSS vectors loaded in a browser) is
tests/test_xss_browser.py.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from ada_url import URL
from hypothesis import example, given
from hypothesis import strategies as st
from policy_drafts.model import text
from policy_drafts.model.clock import BadMoment, build_instant
from policy_drafts.read import markup, url_judge
from sitekit import EXAMPLE_AT, SECTIONS_BODY, all_site_files, base_draft, build, draft_text, epoch, write_site

# -- the sanitizer ------------------------------------------------------------------------------

DANGEROUS_TAGS = [
    "script",
    "iframe",
    "object",
    "embed",
    "base",
    "meta",
    "link",
    "style",
    "form",
    "input",
    "button",
    "svg",
    "math",
    "template",
    "noscript",
    "textarea",
    "img",
    "a",
    "p",
    "div",
    "h2",
]
ATTRS = [
    "onerror",
    "onload",
    "onclick",
    "href",
    "src",
    "style",
    "class",
    "id",
    "data-comment-form",
    "data-draft-id",
    "formaction",
    "srcdoc",
    "title",
    "target",
    "http-equiv",
    "content",
]
VALUES = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "&#106;avascript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "//evil.example/x",
    "https://evil.example/p.png",
    "x.pdf",
    "md-button md-button--primary",
    "admonition note",
    "lay-y-kien",
    "alert(1)",
    "background:url(javascript:alert(1))",
    "text-align: left",
    "0;url=https://evil.example/",
]


@st.composite
def html_fragments(draw) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        tag = draw(st.sampled_from(DANGEROUS_TAGS))
        attrs = " ".join(
            f'{draw(st.sampled_from(ATTRS))}="{draw(st.sampled_from(VALUES))}"' for _ in range(draw(st.integers(0, 3)))
        )
        inner = draw(st.text(alphabet="abc <>\"'=/&;#", max_size=12))
        parts.append(f"<{tag} {attrs}>{inner}</{tag}>")
    return "\n".join(parts)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, [(k, v or "") for k, v in attrs]))

    handle_startendtag = handle_starttag


def _elements(html: str):
    parser = _Collect()
    parser.feed(html)
    parser.close()
    return parser.found


def _scheme(url: str) -> str:
    return URL(url, "https://site.invalid/du-thao/x/").protocol[:-1]


@given(html_fragments())
def test_sanitizer_output_holds_only_allowed_tags_attributes_and_schemes(fragment):
    clean = markup.sanitize(fragment)
    for tag, attrs in _elements(clean):
        assert tag in markup.TAGS
        for name, value in attrs:
            assert name in markup.ATTRIBUTES.get(tag, set()) | markup.ATTRIBUTES["*"], (tag, name)
            assert not name.startswith(("on", "data-")) and name not in ("formaction", "srcdoc", "target")
            if name == "href":
                assert _scheme(value) in markup.LINK_SCHEMES | {"https"}
            if name == "src":
                assert URL(value, "https://site.invalid/du-thao/x/").host == "site.invalid"
            if name == "class" and tag != "code":
                assert set(value.split()) <= markup.CLASSES[tag]
            if name == "style":
                assert value.startswith("text-align:") and "url(" not in value
            if name == "id":
                assert value not in markup.RESERVED_IDS


@given(html_fragments())
@example("<h2 ><a</h2>\n<script ></script>\n<h2 ></h2>")  # misnested: one pass gave <h2><h2></h2></h2>
def test_sanitizer_is_idempotent(fragment):
    once = markup.sanitize(fragment)
    assert markup.sanitize(once) == once


@st.composite
def mostly_kept_fragments(draw) -> str:
    """Allowed markup with, now and then, one thing the sanitizer removes."""
    safe = ['title="ab"', 'href="x.pdf"', 'style="text-align: left;"', 'title="a&gt;b"']
    bad = ['onclick="alert(1)"', 'href="javascript:alert(1)"', 'src="https://evil.example/p.png"', "title='a>b'"]
    markdown = ["[a](x.pdf)", "[a](javascript:alert(1))", "![i](https://evil.example/x.png)", "| a |\n|--:|\n| b |"]
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(markdown)))
            continue
        tag = draw(st.sampled_from(["p", "abbr", "a", "b", "span", "td"]))
        attrs = [draw(st.sampled_from(safe)) for _ in range(draw(st.integers(0, 2)))]
        if draw(st.integers(0, 4)) == 0:
            attrs.append(draw(st.sampled_from(bad)))
        inner = draw(st.text(alphabet="ab =", max_size=8))
        parts.append(f"<{tag}{''.join(' ' + a for a in attrs)}>{inner}</{tag}>")
    return "\n\n".join(parts)


@given(st.one_of(html_fragments(), mostly_kept_fragments()))
@example('<img alt="a>b" src="https://evil.example/x.png">')
@example("<abbr title='a>b' onclick=alert(1)>t</abbr>")
def test_the_removal_report_never_skips_a_removal(fragment):
    # The report skips its parse when every start tag was kept as written: that shortcut must
    # never hide something the full comparison finds removed.
    raw = markup.strip_comments(markup.Renderer()._md.reset().convert(fragment))
    clean = markup.sanitize(raw)
    if markup._tags(raw) == markup._tags(clean):
        assert not markup._signature(raw) - markup._signature(clean)


def test_renderer_reports_what_it_removes_at_the_line_it_comes_from():
    body = "## Một\n\nChữ.\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1))\n\n<script>alert(1)</script>\n"
    html = markup.Renderer().render(body, first_line=20)
    assert "<script" not in html.html and "onerror" not in html.html and "javascript" not in html.html
    found = {(r.line, r.what) for r in html.removed}
    assert (24, "thuộc tính onerror= (mã script) không được phép") in found  # line 20 + 4
    assert (26, "địa chỉ liên kết 'javascript:alert(1)' không được phép") in found
    assert (28, "mã HTML <script> không được phép và bị bỏ khỏi trang") in found


def test_headings_fold_vietnamese_and_never_take_a_page_id():
    html = markup.Renderer(markup.MarkdownSettings(configs={"toc": {"permalink": True}})).render(
        "## Nội dung sửa đổi, bổ sung\n\nx\n\n## Lấy ý kiến\n\ny\n"
    )
    ids = [t["id"] for t in html.toc]
    assert ids == ["noi-dung-sua-doi-bo-sung", "lay-y-kien-1"]
    assert "Permanent link" not in html.html and markup.PERMALINK_TITLE in html.html


# -- the URL judge ------------------------------------------------------------------------------

URL_PARTS = st.sampled_from(
    [
        "https://",
        "http://",
        "https:",
        "https:\\\\",
        "//",
        "javascript:",
        "HTTPS://",
        "forms.gle",
        "evil.example",
        "@",
        "\\",
        "/",
        ".",
        ":443",
        "%2e",
        "%40",
        " ",
        "\t",
        "docs.google.com",
        "forms.gle.",
        "xn--80ak6aa92e.com",
        "0x7f.1",
        "[::1]",
        "a",
        "?",
        "#",
        "ư",
        "\u200b",
        "\u202e",
        "%00",
        "\n",
        "user:pass@",
    ]
)


@given(st.lists(URL_PARTS, min_size=1, max_size=8).map("".join))
def test_an_accepted_url_means_the_same_to_a_browser_and_to_python(candidate):
    verdict = url_judge.judge(candidate, hosts=("forms.gle", "docs.google.com"))
    if not verdict:
        assert verdict.problem and verdict.fix
        return
    browser = URL(verdict.url)
    assert browser.protocol == "https:"
    assert url_judge.host_allowed(browser.hostname, ("forms.gle", "docs.google.com"))
    assert not browser.username and not browser.password
    from urllib.parse import urlsplit

    assert urlsplit(verdict.url).hostname == browser.hostname
    assert url_judge.judge(verdict.url, hosts=("forms.gle", "docs.google.com")).url == verdict.url


@pytest.mark.parametrize(
    "trick",
    [
        "https://forms.gle\\@evil.example/",
        "https://evil.example\\forms.gle",
        "https://forms.gle@evil.example/",
        "https:\\\\evil.example",
        "https://forms.gle%2e.evil.example/",
        "https://evil.example#@forms.gle",
        "https://forms.gle.evil.example/",
        "https://0x7f.1/",
        "https://xn--forms-gle.evil/",
        "https://forms.gle:@evil.example",
        "javascript:alert(1)//https://forms.gle/",
        "https://for\tms.gle/",
        "https://forms.gle /",
    ],
)
def test_form_urls_that_browsers_read_differently_are_refused(trick):
    assert not url_judge.judge(trick, hosts=("forms.gle",))


def test_normal_form_urls_are_kept_normalised():
    assert url_judge.judge("https://forms.gle/abc?x=1", hosts=("forms.gle",)).url == "https://forms.gle/abc?x=1"
    assert (
        url_judge.judge("https://DOCS.google.com/forms/d/x/viewform", hosts=("docs.google.com",)).url
        == "https://docs.google.com/forms/d/x/viewform"
    )
    assert url_judge.judge("mailto:a@b.example.gov.vn?subject=G%C3%B3p", mailto=True)


# -- text rules ---------------------------------------------------------------------------------


def _xml_char(c: str) -> bool:
    n = ord(c)
    return n in (0x9, 0xA, 0xD) or 0x20 <= n <= 0xD7FF or 0xE000 <= n <= 0xFFFD or 0x10000 <= n <= 0x10FFFF


@given(st.text(alphabet=st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF), max_size=30))
def test_accepted_text_is_valid_xml_1_0(value):
    if not text.forbidden_character(value):
        assert all(_xml_char(c) for c in value)
    else:
        assert text.forbidden_character(value).startswith("U+")


@given(st.text(max_size=20))
def test_csv_cells_never_start_a_formula(value):
    cell = text.csv_cell(value)
    rendered = io.StringIO()
    csv.writer(rendered).writerow([cell])
    first = next(csv.reader(io.StringIO(rendered.getvalue())), [""])
    assert not first or not first[0].startswith(text.FORMULA_START)


@given(st.text(max_size=40))
def test_slugs_are_plain_ascii(value):
    slug = text.slugify(value)
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert text.slugify("Sửa đổi Đất đai") == "sua-doi-dat-dai"


# -- resource limits ----------------------------------------------------------------------------


def _check(root: Path, *args: str, timeout: int = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch(EXAMPLE_AT)), "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "policy_drafts", "check", *args],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)


@pytest.mark.parametrize(
    "case, front, expected",
    [
        ("alias-bomb", "title: x\n" + BOMB, "neo và bí danh"),
        ("alias-self", "title: &a [*a]\n", "neo và bí danh"),
        ("deep-nesting", "title: " + "[" * 5000 + "]" * 5000 + "\n", "lồng nhau quá"),
        ("binary-tag", "title: !!binary aGVsbG8=\n", "thẻ YAML"),
        ("control-escape", 'title: "Học phí\\x07"\n', "ký tự ẩn (U+0007"),
        ("bidi-override", 'title: "Học phí \\u202e"\n', "U+202E"),
        ("surrogate", 'summary: "x"\ntitle: "\\udc80"\n', "thông tin đầu tệp"),
        ("year-9999", "title: x\npublished: 9999-12-31\n", "nằm ngoài khoảng năm"),
        ("year-0001", "title: x\npublished: 0001-01-01\n", "nằm ngoài khoảng năm"),
    ],
)
def test_hostile_front_matter_is_one_clear_problem_without_traceback(tmp_path, case, front, expected):
    write_site(tmp_path, {case: f"---\n{front}---\n{SECTIONS_BODY}"})
    # A front matter that cannot be read around its mistake may be a state secret's: CI output gives
    # a count only. One that can (frontmatter.py reads around a YAML mistake) and writes no
    # state_secret anywhere is not a secret's: its problem is shown, in the same round.
    public = _check(tmp_path)
    assert public.returncode == 1 and "Traceback" not in public.stderr
    shown = public.stdout + public.stderr
    assert (case not in shown and "1 dự thảo" in public.stderr) or expected in shown, shown
    result = _check(tmp_path, "--withheld")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"drafts/{case}/index.md:" in result.stdout and expected in result.stdout, result.stdout


@pytest.mark.parametrize("case", ["alias-bomb", "alias-self", "deep-nesting", "binary-tag", "surrogate"])
def test_a_hostile_front_matter_with_a_secret_flag_is_never_named(tmp_path, case):
    """The same mistakes in a draft that says it is a state secret: a count, never its name."""
    fronts = {
        "alias-bomb": "title: x\n" + BOMB,
        "alias-self": "title: &a [*a]\n",
        "deep-nesting": "title: " + "[" * 5000 + "]" * 5000 + "\n",
        "binary-tag": "title: !!binary aGVsbG8=\n",
        "surrogate": 'summary: "x"\ntitle: "\\udc80"\n',
    }
    write_site(tmp_path, {case: f"---\n{fronts[case]}state_secret: true\n---\n{SECTIONS_BODY}"})
    for form in ("text", "json", "github", "gitlab"):
        public = _check(tmp_path, "--format", form)
        assert public.returncode == 1 and "Traceback" not in public.stderr
        assert case not in public.stdout + public.stderr, (form, public.stdout)


def test_long_adversarial_lines_are_checked_in_linear_time(tmp_path):
    """Each line below made a quadratic regex run for minutes; 200 KB lines finish at once.
    The timeout is a hang guard, not a speed assertion."""
    lines = [
        "## " + " " * 200_000 + "x",
        "## " + "#" * 200_000 + " x",
        "## x " + "{" * 200_000,
        "<!--" * 50_000,
        "Điều " + " " * 200_000,
        "a" * 200_000 + "@" + "a." * 50_000,
    ]
    body = SECTIONS_BODY + "\n\n" + "\n\n".join(lines) + "\n"
    front = dict(base_draft(), contact={"email": "a" * 5000 + "@" + "b." * 2000})
    write_site(tmp_path, {"dai": draft_text(front, body)})
    result = _check(tmp_path, timeout=120)
    assert "Traceback" not in result.stderr


def test_oversized_draft_file_is_refused(tmp_path):
    write_site(tmp_path, {"lon": draft_text(base_draft(), SECTIONS_BODY + "x" * (3 * 1024 * 1024))})
    public = _check(tmp_path)  # unread, it may be a state secret: a count only in CI
    assert public.returncode == 1 and "lon" not in public.stdout + public.stderr and "1 dự thảo" in public.stderr
    result = _check(tmp_path, "--withheld")
    assert result.returncode == 1 and "drafts/lon/index.md: tệp: lớn hơn" in result.stdout


def test_bad_source_date_epoch_is_one_line(tmp_path):
    write_site(tmp_path, {"hoc-phi": base_draft()})
    env = dict(os.environ, SOURCE_DATE_EPOCH="ngay-mai", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "SOURCE_DATE_EPOCH='ngay-mai' không phải là số giây kể từ năm 1970" in result.stderr
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "9" * 30}
    cli = subprocess.run(
        [sys.executable, "-m", "policy_drafts", "list"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 2 and "Traceback" not in cli.stderr and "SOURCE_DATE_EPOCH" in cli.stderr
    with pytest.raises(BadMoment):
        build_instant("253402300800", fallback=None)  # year 10000


# -- files: symbolic links, types, names ------------------------------------------------------------

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def hostile_folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("files")
    outside = root.parent / "outside-secret.txt"
    outside.write_text("TOKEN=outside-the-repository\n")
    secret = base_draft(title="Bí mật nhà nước XYZ", state_secret=True)
    write_site(
        root,
        {
            "cong-khai": base_draft(documents=[{"title": "Dự thảo", "file": "du-thao.pdf"}]),
            "bi-mat": secret,
        },
        files={
            "cong-khai/du-thao.pdf": PDF,
            "cong-khai/trang.html": "<script>alert(1)</script>",
            "cong-khai/anh.svg": "<svg onload=alert(1)></svg>",
            "cong-khai/ghi-chu.md": "# Trang không kiểm tra\n",
            "cong-khai/gia.pdf": "<html><script>alert(1)</script></html>",
            "bi-mat/phu-luc-mat.pdf": PDF + b"SECRET-ATTACHMENT",
        },
    )
    drafts = root / "drafts"
    os.symlink("/etc/passwd", drafts / "cong-khai" / "passwd.txt")
    os.symlink("/proc/self/environ", drafts / "cong-khai" / "moi-truong.txt")
    os.symlink(outside, drafts / "cong-khai" / "ngoai.txt")
    os.symlink(drafts / "bi-mat" / "phu-luc-mat.pdf", drafts / "cong-khai" / "phu-luc.pdf")
    os.symlink(drafts / "bi-mat", drafts / "lien-ket-thu-muc")
    (drafts / "cong-khai" / "thu-muc-con").mkdir()
    (drafts / "cong-khai" / "thu-muc-con" / "a.pdf").write_bytes(PDF)
    linked = drafts / "chi-muc-lien-ket"
    linked.mkdir()
    os.symlink(drafts / "cong-khai" / "index.md", linked / "index.md")
    return root


def test_links_and_active_files_are_refused_at_their_path(hostile_folder):
    result = _check(hostile_folder)
    out = result.stdout
    assert result.returncode == 1
    for name in ("passwd.txt", "moi-truong.txt", "ngoai.txt", "phu-luc.pdf"):
        assert f"drafts/cong-khai/{name}: tệp: là một liên kết tượng trưng" in out, out
    # A linked folder, or a draft whose index.md is a link, may be a state secret's: CI output
    # counts them; `check --withheld` on the editor's computer names them.
    assert "lien-ket-thu-muc" not in out and "chi-muc-lien-ket" not in out
    assert "2 dự thảo bí mật nhà nước, hoặc có thể là bí mật" in result.stderr
    local = _check(hostile_folder, "--withheld").stdout
    assert "drafts/lien-ket-thu-muc: tệp: là một liên kết tượng trưng" in local
    assert "drafts/chi-muc-lien-ket/index.md: tệp: là một liên kết tượng trưng" in local, local
    assert "drafts/cong-khai/trang.html: tệp: 'trang.html': trang web sẽ chạy ngay trên trang của cơ quan" in out
    assert "drafts/cong-khai/anh.svg: tệp: 'anh.svg': ảnh SVG có thể chạy mã script" in out
    assert "drafts/cong-khai/ghi-chu.md: tệp: 'ghi-chu.md': tệp Markdown sẽ thành một trang không được kiểm tra" in out
    assert "drafts/cong-khai/gia.pdf: tệp: 'gia.pdf' không phải là tệp PDF" in out
    assert "drafts/cong-khai/thu-muc-con: tệp: thư mục 'thu-muc-con' không được công bố" in out
    assert "bi-mat" not in out.replace("lien-ket-thu-muc", "")


def test_nothing_behind_a_link_reaches_the_site_even_when_errors_are_ignored(hostile_folder, tmp_path):
    result = build(hostile_folder, strict=False, site_dir=tmp_path / "site")
    assert not result.ok  # the build stops; and nothing was written from behind a link
    written = (
        b"".join(p.read_bytes() for p in all_site_files(tmp_path / "site")) if (tmp_path / "site").exists() else b""
    )
    for trace in (b"root:x:0:0", b"outside-the-repository", b"SECRET-ATTACHMENT", b"TOKEN="):
        assert trace not in written


def test_attachment_reader_refuses_a_link_swapped_in_after_the_check(tmp_path):
    from policy_drafts.read.attachments import NotRegular, read_regular

    target = tmp_path / "a.pdf"
    target.write_bytes(PDF)
    assert read_regular(target, 1000) == PDF
    link = tmp_path / "b.pdf"
    os.symlink("/etc/passwd", link)
    with pytest.raises(NotRegular):
        read_regular(link, 10_000)
    with pytest.raises(ValueError):
        read_regular(target, 10)


def test_attachment_names_of_site_outputs_are_refused(tmp_path):
    write_site(tmp_path, {"hoc-phi": base_draft()}, files={"hoc-phi/niem-yet": PDF, "hoc-phi/index.html": "x"})
    out = _check(tmp_path).stdout
    assert "drafts/hoc-phi/niem-yet: tệp: 'niem-yet' trùng tên một tệp mà trang tạo ra" in out
    assert "drafts/hoc-phi/index.html: tệp:" in out


# -- secrecy ------------------------------------------------------------------------------------

SECRET_TITLE = "Phương án tuyệt mật về kỳ thi ZQX"


def test_an_invalid_state_secret_draft_is_never_named_in_logs_or_ci_formats(tmp_path):
    write_site(
        tmp_path,
        {
            "cong-khai": base_draft(),
            "mat-zqx": base_draft(title=SECRET_TITLE, state_secret=True, agency="khong-co-zqx"),
            "mat-hong-zqx": "---\nstate_secret: true\ntitle: [" + SECRET_TITLE + "\n---\n",
        },
    )
    built = build(tmp_path)
    assert not built.ok
    assert (
        "2 dự thảo bí mật nhà nước, hoặc có thể là bí mật (không đọc được), có lỗi không được hiển thị" in built.output
    )
    outputs = [built.output]
    for fmt in ("text", "json", "github", "gitlab"):
        result = _check(tmp_path, "--format", fmt)
        assert result.returncode == 1
        outputs.append(result.stdout + result.stderr)
    for output in outputs:
        assert "zqx" not in output.lower() and "ZQX" not in output
    local = _check(tmp_path, "--withheld")
    assert "drafts/mat-zqx/index.md:" in local.stdout and "khong-co-zqx" in local.stdout
    assert _check(tmp_path, "--withheld", "--format", "github").returncode == 2


def test_drafts_inside_docs_are_refused(tmp_path):
    write_site(tmp_path, {})
    (tmp_path / "docs" / "drafts" / "hoc-phi").mkdir(parents=True)
    (tmp_path / "docs" / "drafts" / "hoc-phi" / "index.md").write_text(draft_text(base_draft(state_secret=True)))
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    config["plugins"][1]["policy-drafts"]["drafts_dir"] = "docs/drafts"
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    result = build(tmp_path)
    assert not result.ok and "nằm trong hoặc chứa docs_dir" in result.output
    assert _check(tmp_path).returncode == 2


@pytest.mark.parametrize("registry, key", [("fields", "../../../tmp/x"), ("agencies", "So GD"), ("fields", "a/b")])
def test_registry_keys_are_checked_like_ids(tmp_path, registry, key):
    spec = {"name": "X"} if registry == "agencies" else "X"
    config_registry = (
        {"fields": {"giao-duc": "Giáo dục", key: spec}}
        if registry == "fields"
        else {"agencies": {"so-gddt": {"name": "Sở"}, key: spec}}
    )
    write_site(tmp_path, {}, plugin=config_registry)
    result = build(tmp_path)
    assert not result.ok and "không hợp lệ (chỉ dùng chữ thường không dấu, số và dấu gạch ngang" in result.output


def test_facts_dated_after_the_build_are_not_published_anywhere(tmp_path):
    """Built on 10 December: the response (20 December), the adoption (2027), the extension
    announced on 15 December and version 2 (dated 2027) are not public yet."""
    front = base_draft(
        consultations=[
            {
                "subject": "draft",
                "opens": date(2026, 11, 1),
                "closes": date(2026, 11, 30),
                "extended_to": date(2026, 12, 31),
                "extended_at": date(2026, 12, 15),
            }
        ],
        response={
            "published": date(2027, 1, 20),
            "received": 4242,
            "accepted": 17,
            "document": "bao-cao-tuong-lai.pdf",
        },
        adoption={
            "date": date(2027, 2, 1),
            "number": "99/2027/NQ-HĐND-TUONGLAI",
            "url": "https://vbpl.example.gov.vn/tuong-lai",
        },
        withdrawn=None,
    )
    write_site(
        tmp_path,
        {"hoc-phi": front},
        files={
            "hoc-phi/bao-cao-tuong-lai.pdf": PDF + b"FUTURE-RESPONSE",
            "hoc-phi/versions/1.md": "---\ndate: 2026-10-01\n---\nĐiều 1. Một.\n",
            "hoc-phi/versions/2.md": "---\ndate: 2027-01-05\nnote: Bản sửa TUONGLAI\n---\nĐiều 1. Hai.\n",
        },
    )
    result = build(tmp_path, at="2026-12-10T12:00:00+07:00")
    assert result.ok, result.output
    for path in all_site_files(result.site):
        data = path.read_bytes()
        for trace in (b"TUONGLAI", b"tuong-lai", b"FUTURE-RESPONSE", b"4242", b"2026-12-31", b"31/12/2026"):
            assert trace not in data, (path, trace)
        assert "phien-ban/2" not in str(path) and "so-sanh" not in str(path)
    page = result.html("du-thao/hoc-phi/").select_one("[data-draft-id]")
    assert page["data-status"] == "closed" and page["data-closes"] == "2026-11-30T23:59:59+07:00"


def test_report_csv_cells_cannot_start_formulas(tmp_path):
    write_site(
        tmp_path,
        {
            "hoc-phi": base_draft(
                title='=HYPERLINK("https://evil.example","x")', consultations=[], adoption={"date": date(2026, 11, 1)}
            )
        },
    )
    result = build(tmp_path)
    assert result.ok, result.output
    csv_file = next(result.site.glob("bao-cao/*/bao-cao-407-*.csv"))
    for row in csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))):
        for cell in row:
            assert not cell.startswith(text.FORMULA_START), cell
    assert "'=HYPERLINK" in csv_file.read_text(encoding="utf-8-sig")
