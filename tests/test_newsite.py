"""A new province's site: `policy-drafts init`, then a build, with Vietnamese guidance all the way;
the front matter's JSON Schema beside it; Vietnamese argparse."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import venv
import zipfile
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from sitekit import ROOT, build
from test_cli import cli

AGENCY = ("--agency", "Sở Giáo dục và Đào tạo tỉnh Bắc Hà")
# The package named, not vendored: no wheel to build where the test is not about it.
NAMED = ("--package", "mkdocs-policy-drafts==0.1.0")
FILLED = (*AGENCY, "--url", "https://duthao.sgddt.bacha.gov.vn", "--email", "gopy@sgddt.bacha.gov.vn")


def test_init_creates_a_site_that_builds_unedited_and_lists_what_to_fill(tmp_path):
    result = cli(tmp_path, "init", "duthao")
    assert result.returncode == 0, result.stderr
    assert "Đã tạo trang mới trong duthao/" in result.stdout
    site = tmp_path / "duthao"
    made = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert made == [
        ".github/workflows/publish.yml",
        ".gitignore",
        ".gitlab-ci.yml",
        "README.md",
        "deploy/nginx.conf",
        "deploy/rebuild.sh",
        "docs/bao-chi.md",
        "docs/cach-gop-y.md",
        "docs/du-lieu-mo.md",
        "docs/gioi-thieu.md",
        "docs/index.md",
        "drafts/vi-du-ho-tro-hoc-sinh-ban-tru/index.md",
        "du-thao.schema.json",
        "mkdocs.yml",
        "requirements.txt",
        "vendor/mkdocs_policy_drafts-0.1.0-py3-none-any.whl",
    ]
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = config["plugins"][1]["policy-drafts"]
    assert plugin["document_types"]["nghi-quyet-hdnd-tinh"] == {"name": "Nghị quyết HĐND tỉnh", "min_days": 30}
    assert plugin["document_types"]["quyet-dinh-ubnd-xa"]["min_days"] == 20
    assert plugin["drafts_dir"] == "drafts" and "giao-duc" in plugin["fields"]
    # The site carries its package: the wheel in vendor/ and every package pinned with hashes.
    assert_hash_pinned(site)
    assert os.access(site / "deploy/rebuild.sh", os.X_OK)
    assert "pip install -r requirements.txt" in (site / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "pip install ." not in (site / ".github/workflows/publish.yml").read_text(encoding="utf-8")

    built = build(site, strict=False)
    assert built.ok, built.output
    assert "vi-du-ho-tro-hoc-sinh-ban-tru" in (built.site / "du-thao" / "index.html").read_text(encoding="utf-8")
    for page in ("index.html", "bao-chi/index.html", "du-lieu-mo/index.html", "cach-gop-y/index.html"):
        assert "policy-drafts:" not in (built.site / page).read_text(encoding="utf-8"), page
    # The placeholders are listed where they are, by the build and by check (warnings, exit 0) ...
    assert "mkdocs.yml:" in built.output and "còn là chữ mẫu '<Tên cơ quan chủ trì soạn thảo>'" in built.output
    check = cli(site, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "cảnh báo: mkdocs.yml:" in check.stdout and "site_url: còn là chữ mẫu" in check.stdout
    github = cli(site, "check", "--format", "github")
    assert github.returncode == 0 and github.stdout.startswith("::warning file=mkdocs.yml,line=")
    # ... and they stop the pipelines' strict build, the one that publishes.
    assert not build(site, strict=True).ok


def test_init_with_what_is_known_publishes_with_the_strict_build(tmp_path):
    spec = "git+https://git.sgddt.bacha.gov.vn/cntt/mkdocs-policy-drafts.git@v1.2.0"
    assert cli(tmp_path, "init", "site", *FILLED, "--package", spec).returncode == 0
    site = tmp_path / "site"
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_url"] == "https://duthao.sgddt.bacha.gov.vn/"
    assert config["plugins"][1]["policy-drafts"]["agencies"] == {
        "so-giao-duc-va-dao-tao-tinh-bac-ha": {
            "name": "Sở Giáo dục và Đào tạo tỉnh Bắc Hà",
            "email": "gopy@sgddt.bacha.gov.vn",
            "office_hours": "giờ hành chính, thứ Hai đến thứ Sáu",
        }
    }
    # A git tag cannot be hash-checked: the package is named apart, installed without its dependencies.
    assert (site / "requirements-package.txt").read_text(encoding="utf-8").splitlines()[-1] == spec
    assert not (site / "vendor").exists() and "./vendor/" not in (site / "requirements.txt").read_text()
    assert_hash_pinned(site, vendored=False)
    gitlab = yaml.safe_load((site / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "apt-get install" in gitlab["before_script"][0]  # pip needs git for a git tag
    install = "pip install -r requirements.txt && pip install --no-deps -r requirements-package.txt"
    assert gitlab["pages"]["script"][0] == install
    # upgrade refreshes the pins; the package stays where the site's team said it is.
    upgraded = cli(site, "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert "sửa requirements-package.txt cho khớp phiên bản này" in upgraded.stdout and install in upgraded.stdout
    assert not (site / "vendor").exists() and (site / "requirements-package.txt").read_text().endswith(spec + "\n")
    built = build(site, strict=True)
    assert built.ok, built.output
    assert "chữ mẫu" not in built.output


def test_init_never_overwrites_and_refuses_bad_values(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "mkdocs.yml").write_text("site_name: cũ\n", encoding="utf-8")
    taken = cli(tmp_path, "init", "site")
    assert taken.returncode == 2 and "init không ghi đè tệp nào" in taken.stderr and "mkdocs.yml" in taken.stderr
    assert (tmp_path / "site" / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: cũ\n"
    assert "--url: 'http://x' không phải là địa chỉ https" in cli(tmp_path, "init", "b", "--url", "http://x").stderr
    assert "--name: có ký tự không dùng được" in cli(tmp_path, "init", "c", "--name", "a\nb").stderr
    # Quotes, colons and hashes in names stay text in mkdocs.yml.
    odd = 'Sở "Giáo dục": Đào tạo # 1'
    assert cli(tmp_path, "init", "d", "--agency", odd, *NAMED).returncode == 0
    config = yaml.safe_load((tmp_path / "d" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"][1]["policy-drafts"]["agencies"]["so-giao-duc-dao-tao-1"]["name"] == odd


def test_init_values_are_text_on_the_pages_too(tmp_path):
    agency = "Sở <img src=x onerror=alert(1)> *Đào tạo* [bấm](https://x.example) & `mã` {: .x} # 1"
    assert cli(tmp_path, "init", "site", "--agency", agency, *NAMED).returncode == 0
    site = tmp_path / "site"
    built = build(site, strict=False)
    assert built.ok, built.output
    for page in ("index.html", "gioi-thieu/index.html"):
        html = (built.site / page).read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        assert "<img" not in article and "<em>" not in article and '<a href="https://x.example' not in article
        assert "<code>" not in article and 'class="x"' not in article
        # The reader sees the name exactly as typed (the copyright line too, from mkdocs.yml).
        text = re.sub(r"\s+", " ", BeautifulSoup(article, "html.parser").get_text())
        assert agency in text, page
    readme = (site / "README.md").read_text(encoding="utf-8").splitlines()[0]
    assert "&lt;img" in readme and "\\*Đào tạo\\*" in readme


def test_pipelines_speak_vietnamese_and_rebuild_just_after_midnight_in_viet_nam(tmp_path):
    assert cli(tmp_path, "init", "site", *FILLED, *NAMED).returncode == 0
    site = tmp_path / "site"
    github = yaml.safe_load((site / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    names = [job.get("name", "") for job in github["jobs"].values()]
    names += [step.get("name", "") for job in github["jobs"].values() for step in job.get("steps", [])]
    assert all(n and not n.isascii() for n in names), names  # every job and step named, in Vietnamese
    assert github["name"] == "Công bố trang"
    # GitHub's cron is in UTC: 17:05 UTC is 00:05 in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
    (cron,) = [entry["cron"] for entry in github[True]["schedule"]]
    minute, hour = (int(x) for x in cron.split()[:2])
    local = datetime(2026, 1, 1, hour, minute, tzinfo=UTC).astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert (local.hour, local.minute) == (0, 5)
    assert "workflow_dispatch" in github[True]
    keepalive = github["jobs"]["keepalive"]
    assert keepalive["permissions"] == {"contents": "write"} and "50 * 86400" in keepalive["steps"][-1]["run"]
    gitlab_text = (site / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert 'cron\n# "5 0 * * *", múi giờ Asia/Ho_Chi_Minh' in gitlab_text
    gitlab = yaml.safe_load(gitlab_text)
    # A failing check prints the readable problems and still writes the code-quality report.
    assert gitlab["check"]["script"][-2:] == [
        "policy-drafts check --format gitlab > gl-code-quality-report.json || true",
        "policy-drafts check",
    ]
    assert gitlab["check"]["artifacts"]["when"] == "always"
    assert "tests" not in gitlab  # the repository's own test jobs stay in the repository
    # The optional deploy to the province's server: rsync over SSH, the host key pinned.
    for text in (gitlab["server"]["script"][-1], github["jobs"]["build"]["steps"][-1]["run"]):
        assert (
            "rsync" in text and "StrictHostKeyChecking=yes" in text and "POLICY_DRAFTS_SSH" not in text.split("-e")[0]
        )
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert "60 ngày" in readme and "crontab" in readme and "sh deploy/rebuild.sh /var/www/duthao" in readme
    assert "5 0 * * *" in readme and "5 17 * * *" in readme
    assert unicodedata.is_normalized("NFC", readme + gitlab_text)


def test_upgrade_refreshes_the_wheel_and_the_pins_together(tmp_path):
    assert cli(tmp_path, "init", "site", *FILLED).returncode == 0
    site = tmp_path / "site"
    (wheel,) = (site / "vendor").glob("*.whl")
    # As a site made by an older release would be: another wheel, an older pin.
    old = site / "vendor/mkdocs_policy_drafts-0.0.9-py3-none-any.whl"
    wheel.rename(old)
    text = (site / "requirements.txt").read_text(encoding="utf-8")
    (site / "requirements.txt").write_text(
        text.replace(wheel.name, old.name).replace("pyyaml==6.0.4", "pyyaml==6.0.1"), encoding="utf-8"
    )
    upgraded = cli(site, "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert f"vendor/{wheel.name} (đã xóa vendor/{old.name})" in upgraded.stdout
    assert sorted(p.name for p in (site / "vendor").iterdir()) == [wheel.name]
    assert_hash_pinned(site)
    assert (site / "requirements.txt").read_text(encoding="utf-8") == text
    assert "không thấy mkdocs.yml" in cli(tmp_path, "upgrade").stderr


def test_the_wheel_made_from_an_installation_is_the_released_wheel(tmp_path, monkeypatch):
    """From an installed wheel: the files RECORD lists, each checked against its hash."""
    import importlib.metadata

    from policy_drafts.host import vendoring

    released = vendoring.build_wheel(tmp_path / "released").path
    target = tmp_path / "installed"
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(released)]
    subprocess.run(install, check=True, capture_output=True, timeout=300, env=clean)
    (info,) = target.glob("mkdocs_policy_drafts-*.dist-info")
    installed = importlib.metadata.PathDistribution(info)
    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: installed)
    first = vendoring._from_record(tmp_path / "one")
    assert first.name == released.name and _wheel_files(first) == _wheel_files(released)
    assert vendoring._from_record(tmp_path / "two").read_bytes() == first.read_bytes()  # the same bytes again
    with zipfile.ZipFile(first) as wheel:  # a valid RECORD: every file with its hash and size
        record = wheel.read(f"{info.name}/RECORD").decode().splitlines()
        assert len(record) == len(wheel.namelist()) and record[-1] == f"{info.name}/RECORD,,"
    (target / "policy_drafts/host/cli.py").write_text("# changed after install\n", encoding="utf-8")
    with pytest.raises(vendoring.VendorError, match=r"policy_drafts/host/cli\.py .* đã bị sửa sau khi cài"):
        vendoring._from_record(tmp_path / "three")


def assert_hash_pinned(site, *, vendored=True):
    """Every line of requirements.txt pins one file set: `name==version` (or the vendored
    wheel) with `--hash`, the same versions as the package's lock."""
    from policy_drafts.host.vendoring import LOCK

    text = (site / "requirements.txt").read_text(encoding="utf-8")
    entries = [line for line in text.replace("\\\n", " ").splitlines() if line and not line.startswith("#")]
    assert all("--hash=sha256:" in line for line in entries), entries
    pins = {line.split()[0] for line in entries if "==" in line.split()[0]}
    locked = {line.split()[0] for line in LOCK.read_text().splitlines() if "==" in line and not line.startswith(" ")}
    assert pins == locked
    wheels = [line for line in entries if line.startswith("./vendor/")]
    if not vendored:
        assert wheels == []
        return
    (line,) = wheels
    wheel = site / line.split()[0]
    assert line.split()[-1] == "--hash=sha256:" + hashlib.sha256(wheel.read_bytes()).hexdigest()


def test_the_repositorys_pipelines_are_the_scaffolds():
    from policy_drafts.host.newsite import repository_pipeline_files

    for rel, text in repository_pipeline_files().items():
        assert (ROOT / rel).read_text(encoding="utf-8") == text, f"{rel}: edit plugins/policy_drafts/scaffold/"


def test_the_repositorys_tests_run_on_every_push_and_merge_request_from_python_3_11():
    import tomllib

    github = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    assert github[True] == {"push": None, "pull_request": None}  # every branch; "on" reads as true
    for job in github["jobs"].values():
        assert any(step.get("run") == "bash .ci/run" for step in job["steps"])
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    for name in ("tests", "tests-newest"):
        assert gitlab[name]["script"] == ["bash .ci/run"]
        conditions = [rule["if"] for rule in gitlab[name]["rules"] if rule.get("when") != "never"]
        assert conditions == ['$CI_PIPELINE_SOURCE == "merge_request_event"', '$CI_PIPELINE_SOURCE == "push"']
    # One Python minimum: the package's, the tools', and the oldest Python the pipelines test.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["requires-python"] == ">=3.11"
    assert project["tool"]["ruff"]["target-version"] == "py311" and project["tool"]["mypy"]["python_version"] == "3.11"
    assert github["jobs"]["tests"]["strategy"]["matrix"]["python"][0] == "3.11"
    assert gitlab["tests"]["parallel"]["matrix"][0]["PYTHON"][0] == "3.11"


def test_schema_file_guides_new_drafts_and_is_kept_in_step(tmp_path):
    assert cli(tmp_path, "init", "site", *FILLED, *NAMED).returncode == 0
    site = tmp_path / "site"
    schema = json.loads((site / "du-thao.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    assert schema["properties"]["agency"]["enum"] == ["so-giao-duc-va-dao-tao-tinh-bac-ha"]
    # A new draft points its editor to the schema (yaml-language-server modeline).
    assert cli(site, "new", "hoc-phi-2027").returncode == 0
    first = (site / "drafts/hoc-phi-2027/index.md").read_text(encoding="utf-8").splitlines()[1]
    assert first == "# yaml-language-server: $schema=../../du-thao.schema.json"
    # The example draft passes both the schema and the validator; a typo fails both.
    text = (site / "drafts/vi-du-ho-tro-hoc-sinh-ban-tru/index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    as_json = json.loads(json.dumps(front, default=str))
    assert list(validator.iter_errors(as_json)) == []
    assert list(validator.iter_errors({**as_json, "agency": "so-gddt"}))
    # Registries change: check says the schema is stale until `schema` writes it again.
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    (site / "mkdocs.yml").write_text(config.replace("        y-te: Y tế\n", "        y-te-hoc-duong: Y tế\n"))
    stale = cli(site, "check")
    assert "cảnh báo: du-thao.schema.json: tệp: đã cũ so với mkdocs.yml (chạy policy-drafts schema)" in stale.stdout
    assert cli(site, "schema").returncode == 0
    assert "du-thao.schema.json" not in cli(site, "check").stdout
    refreshed = json.loads((site / "du-thao.schema.json").read_text(encoding="utf-8"))
    assert "y-te-hoc-duong" in json.dumps(refreshed["properties"]["fields"])


def test_argparse_speaks_vietnamese(tmp_path):
    wrong = cli(tmp_path, "chek")
    assert wrong.returncode == 2
    assert "policy-drafts: lỗi: tham số LỆNH: không có lựa chọn 'chek'" in wrong.stderr
    assert "cách dùng: policy-drafts" in wrong.stderr
    assert "thiếu tham số bắt buộc: THƯ_MỤC" in cli(tmp_path, "init").stderr
    assert "in hướng dẫn này rồi thoát" in cli(tmp_path, "--help").stdout


def _venv(path, *, with_pip=False):
    venv.create(path, with_pip=with_pip)
    return path / ("Scripts" if os.name == "nt" else "bin")


def _wheel_files(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as wheel:
        return {n: wheel.read(n) for n in wheel.namelist() if not n.endswith(".dist-info/RECORD")}


@pytest.mark.slow
def test_a_new_site_installs_and_builds_with_no_index_serving_the_package(tmp_path):
    """What a province's team does: install the released wheel (not this source tree), init, push.
    The site's first pipeline is a fresh machine with only the site's folder and its own install
    command: the package comes from vendor/, every other package from the index, all hash-checked."""
    from policy_drafts.host.vendoring import build_wheel

    released = build_wheel(tmp_path / "wheels").path  # pip wheel of a clean copy of this source tree
    team = _venv(tmp_path / "team")  # this pip installs into it (no ensurepip needed)
    pip = [sys.executable, "-m", "pip", "--python", str(team / "python"), "install", "-q"]
    lock = ROOT / "plugins/policy_drafts/lock.txt"
    # Nothing of this source tree on the path (PYTHONPATH would show its build metadata to pip).
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COVERAGE_PROCESS_START")}
    clean.update(NO_MKDOCS_2_WARNING="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    subprocess.run([*pip, "-r", str(lock)], check=True, capture_output=True, timeout=900, env=clean)
    subprocess.run([*pip, "--no-deps", str(released)], check=True, capture_output=True, timeout=300, env=clean)
    empty = tmp_path / "empty"
    empty.mkdir()

    def run(bin_dir, *command, cwd):
        env = {**clean, "PATH": f"{bin_dir}{os.pathsep}{clean.get('PATH', '')}", "VIRTUAL_ENV": str(bin_dir.parent)}
        first = bin_dir / command[0]
        command = (str(first) if first.exists() else command[0], *command[1:])
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)

    where = run(team, "python", "-c", "import policy_drafts; print(policy_drafts.__file__)", cwd=empty)
    assert str(tmp_path / "team") in where.stdout, where.stdout + where.stderr  # the wheel, not the source tree
    init = run(team, "policy-drafts", "init", "duthao", *FILLED, cwd=empty)
    assert init.returncode == 0, init.stdout + init.stderr
    site = empty / "duthao"
    # The wheel init made from the installation holds exactly the released wheel's files.
    (vendored,) = (site / "vendor").glob("*.whl")
    assert vendored.name == released.name
    assert _wheel_files(vendored) == _wheel_files(released)
    assert_hash_pinned(site)
    # upgrade from the same installation changes nothing: the same bytes, the same pins.
    before = (vendored.read_bytes(), (site / "requirements.txt").read_text(encoding="utf-8"))
    assert run(team, "policy-drafts", "upgrade", cwd=site).returncode == 0
    assert (vendored.read_bytes(), (site / "requirements.txt").read_text(encoding="utf-8")) == before

    # The first push: a fresh machine, only the site's folder, the command its pipeline runs.
    machine = tmp_path / "machine"
    shutil.copytree(site, machine / "duthao")
    workflow = yaml.safe_load((site / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    (install,) = [s["run"] for s in workflow["jobs"]["build"]["steps"] if s.get("name", "").startswith("Cài các gói")]
    assert install == "pip install -r requirements.txt" and install in (site / "README.md").read_text(encoding="utf-8")
    fresh = _venv(tmp_path / "fresh", with_pip=True)
    installed = run(fresh, "sh", "-c", install, cwd=machine / "duthao")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    for step in ("policy-drafts check --format github", "mkdocs build --strict"):
        done = run(fresh, "sh", "-c", step, cwd=machine / "duthao")
        assert done.returncode == 0, step + "\n" + done.stdout + done.stderr
    page = machine / "duthao/site/du-thao/vi-du-ho-tro-hoc-sinh-ban-tru/index.html"
    assert "Nghị quyết quy định chính sách hỗ trợ học sinh bán trú" in page.read_text(encoding="utf-8")
    # The server's own rebuild (its cron line in the README): its own .venv, the same install.
    served = tmp_path / "var/www/duthao"
    rebuilt = run(fresh, "sh", "deploy/rebuild.sh", str(served), cwd=machine / "duthao")
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert f"đã dựng lại trang vào {served}" in rebuilt.stdout
    assert (served / "404.html").is_file() and (served / "lich/tat-ca.ics").is_file()
    assert (machine / "duthao/.venv/bin/policy-drafts").exists() and not (machine / "duthao/.site-moi").exists()
    # A wheel changed after init is refused by the same command (its hash no longer matches).
    with zipfile.ZipFile(machine / "duthao/vendor" / vendored.name, "a") as wheel:
        wheel.writestr("policy_drafts/extra.py", "print('not released')\n")
    tampered = run(_venv(tmp_path / "other", with_pip=True), "sh", "-c", install, cwd=machine / "duthao")
    assert tampered.returncode != 0 and "THESE PACKAGES DO NOT MATCH THE HASHES" in tampered.stderr
