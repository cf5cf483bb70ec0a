"""The editors' command line, run as a user would: `policy-drafts new | check | list`."""

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime

from sitekit import EXAMPLE_AT, ROOT, base_draft, build, epoch, write_site


def cli(cwd, *args, at=EXAMPLE_AT):
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch(at)), NO_MKDOCS_2_WARNING="1")
    exe = shutil.which("policy-drafts")
    command = [exe] if exe else [sys.executable, "-m", "policy_drafts"]
    return subprocess.run([*command, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_help_is_plain():
    result = cli(ROOT, "--help")
    assert result.returncode == 0
    for command in ("new", "check", "list"):
        assert command in result.stdout


def test_check_example_site_is_clean():
    result = cli(ROOT, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "không có lỗi" in result.stderr


def test_new_then_check_then_fill_then_build(tmp_path):
    write_site(tmp_path, {})
    created = cli(tmp_path, "new", "hoc-phi-2028")
    assert created.returncode == 0, created.stderr
    path = tmp_path / "drafts/hoc-phi-2028/index.md"
    text = path.read_text(encoding="utf-8")
    assert "published: 2026-11-23" in text and "so-gddt" in text  # today, and the registry keys listed

    unfinished = cli(tmp_path, "check", "drafts/hoc-phi-2028")
    assert unfinished.returncode == 1
    assert "drafts/hoc-phi-2028/index.md:4: title: đang để trống" in unfinished.stdout
    assert "mục '## Sự cần thiết ban hành chính sách' chưa có nội dung" in unfinished.stdout
    assert not build(tmp_path).ok  # an unfinished draft can never be published by mistake

    text = (
        text.replace('title: ""', 'title: "Nghị quyết học phí 2028"')
        .replace('summary: ""', 'summary: "Mức học phí mới."')
        .replace('document_type: ""', "document_type: nghi-quyet-hdnd-tinh")
        .replace('agency: ""', "agency: so-gddt")
        .replace("fields: []", "fields: [giao-duc]")
    )
    for hint in ("<!-- Sự cần thiết", "<!-- Nội dung cơ bản", "<!-- Quy định mới"):
        start = text.index(hint)
        text = text[:start] + "Nội dung do cơ quan soạn thảo viết." + text[text.index("-->", start) + 3 :]
    path.write_text(text, encoding="utf-8")
    assert cli(tmp_path, "check").returncode == 0
    result = build(tmp_path)
    assert result.ok, result.output
    assert (result.site / "du-thao/hoc-phi-2028/index.html").is_file()


def test_new_refuses_existing_and_invalid_ids(tmp_path):
    write_site(tmp_path, {"hoc-phi": base_draft()})
    existing = cli(tmp_path, "new", "hoc-phi")
    assert existing.returncode == 2 and "đã có" in existing.stderr
    invalid = cli(tmp_path, "new", "Học_Phí")
    assert (
        invalid.returncode == 2 and "không dùng được làm mã dự thảo" in invalid.stderr and "hoc-phi" in invalid.stderr
    )
    assert not (tmp_path / "drafts/Học_Phí").exists()


def test_check_json_for_ci(tmp_path):
    write_site(tmp_path, {"a": base_draft(agency="so-gd"), "b": base_draft(fields=["giao-duc", "khong-co"])})
    result = cli(tmp_path, "check", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["checked"] == 2
    fields = {(p["path"], p["field"]) for p in data["problems"]}
    assert ("drafts/a/index.md", "agency") in fields and ("drafts/b/index.md", "fields[1]") in fields
    assert all(p["line"] for p in data["problems"])


def test_check_single_path(tmp_path):
    write_site(tmp_path, {"good": base_draft(), "bad": base_draft(title=None)})
    assert cli(tmp_path, "check", "drafts/good").returncode == 0
    assert cli(tmp_path, "check", "drafts/bad/index.md").returncode == 1
    missing = cli(tmp_path, "check", "drafts/none")
    assert missing.returncode == 2 and "không có dự thảo: none" in missing.stderr


def test_list_shows_status_visibility_and_next_date(tmp_path):
    write_site(
        tmp_path,
        {
            "mo": base_draft(),
            "mat": base_draft(state_secret=True),
            "cho": base_draft(publish_at=datetime.fromisoformat("2026-12-01T08:00:00+07:00")),
            "hong": base_draft(title=None),
        },
    )
    result = cli(tmp_path, "list", "--at", "2026-11-25T09:00+07:00", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = {r["id"]: r for r in json.loads(result.stdout)["drafts"]}
    assert rows["mo"]["status"] == "open+closing-soon" and rows["mo"]["visibility"] == "published"
    assert rows["mo"]["label"] == "Đang lấy ý kiến (sắp hết hạn)"
    assert "23:59:59 ngày 30/11/2026" in rows["mo"]["next"]
    assert "mat" not in rows and json.loads(result.stdout)["withheld_not_shown"] == 1
    assert rows["cho"]["visibility"] == "embargoed"
    assert rows["cho"]["visibility_text"] == "chưa đến giờ công bố (08:00 ngày 01/12/2026)"
    assert rows["hong"]["visibility"] == "invalid"
    local = cli(tmp_path, "list", "--at", "2026-11-25T09:00+07:00", "--format", "json", "--withheld")
    assert {r["id"]: r for r in json.loads(local.stdout)["drafts"]}["mat"]["visibility"] == "withheld"
    text = cli(tmp_path, "list", "--at", "2026-12-02T09:00+07:00")
    assert "cho" in text.stdout and "Hết hạn góp ý, chờ tiếp thu" in text.stdout and "mat" not in text.stdout


def test_check_formats_for_ci_annotations(tmp_path):
    write_site(tmp_path, {"a": base_draft(agency="so-gd")})
    github = cli(tmp_path, "check", "--format", "github")
    assert github.returncode == 1
    assert github.stdout.startswith("::error file=drafts/a/index.md,line=6,title=agency::'so-gd' không có trong")
    gitlab = cli(tmp_path, "check", "--format", "gitlab")
    report = json.loads(gitlab.stdout)
    assert report[0]["location"] == {"path": "drafts/a/index.md", "lines": {"begin": 6}}
    assert report[0]["severity"] == "blocker" and len(report[0]["fingerprint"]) == 40


def test_publishing_pipelines_check_build_strict_and_run_daily():
    import yaml

    github = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    triggers = github[True]  # YAML 1.1 reads the key "on" as true
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"] == [{"cron": "5 17 * * *"}]  # 00:05 in Viet Nam
    steps = " ".join(str(s.get("run", "")) for s in github["jobs"]["build"]["steps"])
    assert "policy-drafts check" in steps and "mkdocs build --strict" in steps
    assert "actions/deploy-pages" in str(github["jobs"]["deploy"])
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "mkdocs build --strict --site-dir public" in gitlab["pages"]["script"]
    assert {"if": '$CI_PIPELINE_SOURCE == "schedule"'} in gitlab["pages"]["rules"]
    assert any("policy-drafts check" in line for line in gitlab["check"]["script"])


def _serve_command(monkeypatch, root, *args, cache="on"):
    """The command line `policy-drafts serve` hands over to (its os.execve, caught)."""
    from policy_drafts.host import cli as cli_module

    monkeypatch.setenv("POLICY_DRAFTS_CACHE_DIR", str(root / "cache") if cache == "on" else "off")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    caught = []
    monkeypatch.setattr(cli_module.os, "execve", lambda path, argv, env: caught.append(argv))
    cli_module.main(["-f", str(root / "mkdocs.yml"), "serve", *args])
    (command,) = caught
    return command


def test_serve_rebuilds_only_what_changed_unless_asked(tmp_path, monkeypatch, capsys):
    write_site(tmp_path, {"hoc-phi": base_draft()})
    command = _serve_command(monkeypatch, tmp_path)
    assert command[command.index("-m") + 1 : command.index("-m") + 3] == ["mkdocs", "serve"]
    assert "--dirty" in command
    assert "--dirty" not in _serve_command(monkeypatch, tmp_path, "--full")
    assert "--clean" not in _serve_command(monkeypatch, tmp_path, "--full")  # still a serve build: preview, banner
    # Without the draft cache there is no ledger: a dirty rebuild would not be exact, so none.
    assert "--dirty" not in _serve_command(monkeypatch, tmp_path, cache="off")
    assert "POLICY_DRAFTS_CACHE_DIR=off: mỗi lần thay đổi, toàn bộ trang được dựng lại." in capsys.readouterr().err
    assert "--full" in cli(tmp_path, "serve", "--help").stdout
