"""An editor's first draft in one round (issue #19): every problem of a draft from one
`policy-drafts check` and one `mkdocs build`, in Vietnamese, each pointing at the fix; and
what the tools under the site print on their own (PyYAML's limits, MkDocs's abort line,
Material's end-of-life box) explained in Vietnamese."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from policy_drafts.host.upstream import (
    AFTER_BOX,
    DIRTY_EXPLAINED,
    DIRTY_WARNING,
    MATERIAL_EOL,
    material_box_printed,
)
from policy_drafts.model.registries import build_settings
from policy_drafts.read.catalog import load_catalog
from policy_drafts.read.reader import suggest_key
from sitekit import EXAMPLE_AT, SECTIONS_BODY, base_draft, build, draft_text, epoch, parse, write_site

CORPUS = Path(__file__).parent / "corpus" / "bad"
CASE = "first-draft-one-round"
ABORT = "Aborted with a BuildError!"
BOX = "Material for MkDocs reaches end of life"

# Words of PyYAML's and libyaml's messages: none may reach an editor.
ENGLISH = re.compile(
    r"\b(found|expected|while|scanning|parsing|mapping|allowed|exceeded|maximum|nesting|character|"
    r"stream|token|indicator|context|could not|did not)\b"
)


def _check(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch(EXAMPLE_AT)), NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "policy_drafts", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _expected() -> set[tuple[str, int | None, str, str]]:
    items = yaml.safe_load((CORPUS / "expected.yml").read_text(encoding="utf-8"))[CASE]
    return {(i.get("path", f"drafts/{CASE}/index.md"), i["line"], i["field"], i["contains"]) for i in items}


def test_first_draft_gets_every_problem_from_one_check_and_one_build(tmp_path):
    write_site(tmp_path, {})
    shutil.copytree(CORPUS / CASE, tmp_path / "drafts" / CASE)
    expected = _expected()

    checked = _check(tmp_path, "check", "--format", "json")
    assert checked.returncode == 1, checked.stderr
    problems = json.loads(checked.stdout)["problems"]
    # Exactly one problem per mistake: nothing missing, nothing said twice or made up
    # (a field inside the broken YAML line is neither "missing" nor "unknown").
    assert len(problems) == len(expected), json.dumps(problems, ensure_ascii=False, indent=1)
    for path, line, field, fragment in expected:
        assert any(
            p["path"] == path
            and p["line"] == line
            and p["field"] == field
            and fragment in f"{p['message']} ({p['fix']})"
            for p in problems
        ), (path, line, field, fragment)
    assert not any(p["field"] == "fields" for p in problems)  # its line is the YAML mistake, said once

    built = build(tmp_path)
    assert not built.ok
    lines = built.output.splitlines()
    errors = [line.split("ERROR   -  ", 1)[1] for line in lines if "ERROR   -  drafts/" in line]
    assert len(errors) == len(problems)
    # MkDocs's English last words are followed by a Vietnamese summary with what to run.
    assert ABORT in built.output
    after = built.output.split(ABORT, 1)[1].strip()
    assert after.startswith(f"Trang chưa được dựng: {len(problems)} lỗi trong 2 tệp")
    assert "policy-drafts check" in after
    summary = next(line for line in lines if "ERROR   -  policy-drafts:" in line)
    assert f"{len(problems)} lỗi trong 2 tệp dự thảo" in summary
    assert "drafts/" not in summary  # the list is above, once
    assert BOX not in built.output and AFTER_BOX not in built.output  # NO_MKDOCS_2_WARNING=1


def test_a_plain_mkdocs_run_explains_materials_box_in_vietnamese(tmp_path):
    write_site(tmp_path, {"hoc-phi": base_draft()})
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    env["SOURCE_DATE_EPOCH"] = str(epoch(EXAMPLE_AT))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert BOX in result.stderr
    # Right after the box, before MkDocs's own lines, and once.
    after = result.stderr.split(BOX, 1)[1]
    first_log_line = next(line for line in after.splitlines() if line.startswith("INFO"))
    assert AFTER_BOX in first_log_line
    assert result.stderr.count(AFTER_BOX) == 1


def test_material_box_detection():
    import material.templates  # noqa: F401  (imported by every build with the theme)

    assert material_box_printed(["/usr/bin/mkdocs"], {})
    assert material_box_printed(["/x/site-packages/mkdocs/__main__.py"], {"PATH": "/usr/bin"})
    assert not material_box_printed(["/usr/bin/mkdocs"], {"NO_MKDOCS_2_WARNING": "1"})  # silenced by the user
    assert not material_box_printed(["/usr/bin/policy-drafts"], {})  # Material prints it only for mkdocs
    # This process started with the switch unset or set: what /proc/self/environ says.
    started_silenced = "NO_MKDOCS_2_WARNING" in Path("/proc/self/environ").read_bytes().decode(errors="replace")
    assert material_box_printed(["/usr/bin/mkdocs"]) is not started_silenced


def test_mkdocs_dirty_warning_is_explained_only_where_the_ledger_makes_it_wrong(tmp_path):
    write_site(tmp_path, {"hoc-phi": base_draft()})
    cache = {"POLICY_DRAFTS_CACHE_DIR": str(tmp_path / "cache")}
    for step in ("first", "again"):  # MkDocs warns on every dirty build; the line follows each time
        built = build(tmp_path, env=cache, dirty=True, strict=False)
        assert built.ok, built.output[-2000:]
        lines = built.output.splitlines()
        warning = next(i for i, line in enumerate(lines) if DIRTY_WARNING in line)
        # The plugin's first word after the warning (`mkdocs build` says where it builds between).
        said = next(line for line in lines[warning + 1 :] if "policy-drafts:" in line)
        assert DIRTY_EXPLAINED in said, (step, lines[warning : warning + 3])
        assert built.output.count(DIRTY_EXPLAINED) == 1
    # Without the draft cache there is no ledger: MkDocs's warning stands, nothing is said.
    built = build(
        tmp_path, env={"POLICY_DRAFTS_CACHE_DIR": "off"}, site_dir=tmp_path / "nocache", dirty=True, strict=False
    )
    assert built.ok and DIRTY_WARNING in built.output
    assert DIRTY_EXPLAINED not in built.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_says_one_vietnamese_line_instead_of_materials_box(tmp_path):
    write_site(tmp_path, {"hoc-phi": base_draft()})
    env = {k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"}
    env["SOURCE_DATE_EPOCH"] = str(epoch(EXAMPLE_AT))
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "policy_drafts", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 240
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if "Serving on" in line or time.monotonic() > deadline:
                break
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    text = "".join(output)
    assert "Serving on" in text, text
    assert BOX not in text
    assert text.count(MATERIAL_EOL) == 1 and AFTER_BOX not in text


# -- PyYAML's own limits and messages, in Vietnamese at file:line ------------------------------------


@pytest.mark.parametrize(
    "front, line, fragment",
    [
        ("title: " + "[" * 5000 + "]" * 5000 + "\n", 2, "lồng nhau quá"),
        ("".join(" " * i + f"k{i}:\n" for i in range(1200)) + "\n", None, "lồng nhau quá"),
        ('title: "Học phí\\q"\n', 2, "mã thoát"),
        ('title: "\\uZZZZ"\n', 2, "mã thoát"),
        ("title: @Học phí\n", 2, "ký tự '@'"),
        ("title: |0\n  x\n", 2, "khối văn bản"),
        ("title: Học phí\nsummary b\nfields: [giao-duc]\n", 3, "thiếu dấu ':'"),
        ("title Học phí\nsummary: x\n", 2, "thiếu dấu ':'"),
        ("fields:\n  - giao-duc\n  y-te: 1\n", 4, "'- '"),
        ("%YAML 1.1111111111111111111111111111111\ntitle: x\n", 2, "'%'"),
        ("title: & x\n", 2, "'&'"),
        ("<<: {title: x}\n", 2, "không phải là tên trường"),
    ],
)
def test_yaml_mistakes_are_vietnamese_at_their_line(front, line, fragment):
    draft, problems = parse(f"---\n{front}---\n{SECTIONS_BODY}")
    assert draft is None
    said = [p for p in problems if fragment in str(p)]
    assert said, [str(p) for p in problems]
    if line is not None:
        assert said[0].line == line
    for problem in problems:
        assert not ENGLISH.search(f"{problem.message} {problem.fix}"), str(problem)


def test_after_a_yaml_mistake_the_rest_of_the_draft_is_still_checked():
    front = draft_text(base_draft(summary=None, agency="Sở Y tế"), body="\n## Sự cần thiết ban hành chính sách\n\nx\n")
    front = front.replace("title: Nghị quyết quy định mức thu học phí", "title: Nghị quyết: học phí")
    _, problems = parse(front)
    said = {(p.field, p.line): str(p) for p in problems}
    assert "giá trị có chứa ': '" in said[("thông tin đầu tệp", 2)]
    assert ("title", 1) not in said  # written, only unreadable: not "missing"
    assert "còn thiếu" in said[("summary", 1)]
    assert "viết mã 'so-y-te'" in said[("agency", 5)]
    assert len([p for p in problems if "thiếu mục" in p.message]) == 2  # the body, in the same run


def test_a_file_of_fields_with_many_yaml_mistakes_reports_each():
    text = "---\ntitle: a: b\nsummary: `x`\npublished: 2026-10-01\nfields: [giao-duc\n---\n" + SECTIONS_BODY
    _, problems = parse(text)
    yaml_lines = sorted(p.line for p in problems if p.field == "thông tin đầu tệp")
    assert yaml_lines == [2, 3, 5]


# -- names for keys, attachments, draft files ---------------------------------------------------


def test_registry_keys_are_suggested_from_names():
    settings = build_settings(
        fields={"tu-phap": "Tư pháp", "giao-duc": "Giáo dục"},
        agencies={
            "so-gddt": {"name": "Sở Giáo dục và Đào tạo"},
            "so-nnmt": {
                "name": "Sở Nông nghiệp và Môi trường",
                "former_names": [{"name": "Sở Tài nguyên và Môi trường", "until": "2025-02-28"}],
            },
        },
        document_types={"nghi-quyet-hdnd-tinh": {"name": "Nghị quyết HĐND tỉnh"}},
    )
    assert suggest_key("Tư pháp", settings.fields) == "viết mã 'tu-phap'"
    assert suggest_key("tư pháp", settings.fields) == "viết mã 'tu-phap'"
    assert suggest_key("Tu-Phap", settings.fields) == "viết mã 'tu-phap'"
    assert "so-gddt" in suggest_key("Sở Giáo dục và Đào tạo", settings.agencies)
    assert "so-nnmt" in suggest_key("Sở Tài nguyên và Môi trường", settings.agencies)  # a former name
    assert "so-gddt" in suggest_key("Sở Giáo dục và đào tạo tỉnh", settings.agencies)  # close to a name
    assert "nghi-quyet-hdnd-tinh" in suggest_key("Nghị quyết HĐND tỉnh", settings.document_types)


def test_a_missing_file_is_not_matched_to_another_type(tmp_path):
    front = base_draft(documents=[{"title": "Dự thảo", "file": "du-thao.pdf"}])
    _, problems = parse(front, files=("anh-minh-hoa.png",))
    (problem,) = problems
    assert problem.message == "không có tệp 'du-thao.pdf' trong thư mục dự thảo"
    assert "anh-minh-hoa.png" in problem.fix and "có phải" not in problem.fix
    _, problems = parse(front, files=("du-thao-v2.pdf", "anh.png"))
    assert "có phải 'du-thao-v2.pdf'?" in problems[0].fix


@pytest.mark.parametrize("name", ["Index.md", "INDEX.MD", "index.markdown", "index.md.txt", "index.txt"])
def test_a_misnamed_draft_file_is_recognised_and_checked(tmp_path, name):
    folder = tmp_path / "drafts" / "hoc-phi"
    folder.mkdir(parents=True)
    (folder / name).write_text(draft_text(base_draft(title="")), encoding="utf-8")
    settings = build_settings(
        fields={"giao-duc": "Giáo dục"},
        agencies={"so-gddt": {"name": "Sở Giáo dục và Đào tạo"}},
        document_types={"nghi-quyet-hdnd-tinh": {"name": "Nghị quyết HĐND tỉnh"}},
    )
    (entry,) = load_catalog(tmp_path, "drafts", settings).entries
    texts = [str(p) for p in entry.problems]
    assert entry.draft is None
    assert texts[0] == (
        f"drafts/hoc-phi/{name}: tệp: tệp dự thảo phải tên đúng là index.md (chữ thường), không phải "
        f"'{name}' (đổi tên tệp thành drafts/hoc-phi/index.md)"
    )
    assert any(t.startswith(f"drafts/hoc-phi/{name}:2: title: đang để trống") for t in texts)  # checked too
    assert not any("không có tệp index.md" in t or "Markdown" in t for t in texts)


def test_a_misnamed_state_secret_draft_stays_secret(tmp_path):
    folder = tmp_path / "drafts" / "mat"
    folder.mkdir(parents=True)
    (folder / "Index.md").write_text(draft_text(base_draft(state_secret=True)), encoding="utf-8")
    settings = build_settings(
        fields={"giao-duc": "Giáo dục"},
        agencies={"so-gddt": "Sở GD&ĐT"},
        document_types={"nghi-quyet-hdnd-tinh": {"name": "NQ"}},
    )
    catalog = load_catalog(tmp_path, "drafts", settings)
    assert catalog.problems == [] and catalog.withheld_invalid == 1


# -- the digest asks only for what is missing ----------------------------------------------------


def test_digest_send_with_to_asks_only_for_the_sender(tmp_path):
    write_site(tmp_path, {"hoc-phi": base_draft()})
    result = _check(tmp_path, "digest", "--send", "--to", "tin@sgddt.example.gov.vn")
    assert result.returncode == 2
    assert "email_alerts.from" in result.stderr and "--to" not in result.stderr
    assert "email_alerts.to" not in result.stderr
    both = _check(tmp_path, "digest", "--send")
    assert "email_alerts.from" in both.stderr and "email_alerts.to" in both.stderr
    bad = _check(tmp_path, "digest", "--to", "tin@sgddt")
    assert bad.returncode == 2 and "'tin@sgddt' không phải là địa chỉ thư điện tử" in bad.stderr


def test_check_takes_the_misnamed_file_as_its_draft(tmp_path):
    write_site(tmp_path, {})
    folder = tmp_path / "drafts" / "hoc-phi"
    folder.mkdir(parents=True)
    (folder / "Index.md").write_text(draft_text(base_draft()), encoding="utf-8")
    result = _check(tmp_path, "check", "drafts/hoc-phi/Index.md")
    assert result.returncode == 1
    assert result.stdout.startswith("drafts/hoc-phi/Index.md: tệp: tệp dự thảo phải tên đúng là index.md")


def test_the_line_after_mkdocss_abort_says_what_happened():
    from mkdocs.exceptions import Abort, PluginError
    from policy_drafts.host.plugin import abort_line

    assert abort_line(PluginError("x"), "3 lỗi trong 2 tệp").startswith("Trang chưa được dựng: 3 lỗi trong 2 tệp")
    assert "dòng ERROR ở trên" in abort_line(PluginError("policy-drafts: cấu hình trong mkdocs.yml có lỗi"))
    assert "--strict" in abort_line(Abort("Aborted with 2 warnings in strict mode!"))
    assert abort_line(KeyError("x")) == ""  # a crash keeps its traceback, unexplained by us
