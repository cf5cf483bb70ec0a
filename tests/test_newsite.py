"""A new province's site: `policy-drafts init`, then a build, with Vietnamese guidance all the way;
the front matter's JSON Schema beside it; Vietnamese argparse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv

import jsonschema
import pytest
import yaml
from sitekit import ROOT, build
from test_cli import cli

AGENCY = ("--agency", "Sở Giáo dục và Đào tạo tỉnh Bắc Hà")
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
        "docs/bao-chi.md",
        "docs/cach-gop-y.md",
        "docs/du-lieu-mo.md",
        "docs/gioi-thieu.md",
        "docs/index.md",
        "drafts/vi-du-ho-tro-hoc-sinh-ban-tru/index.md",
        "du-thao.schema.json",
        "mkdocs.yml",
        "requirements.txt",
    ]
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = config["plugins"][1]["policy-drafts"]
    assert plugin["document_types"]["nghi-quyet-hdnd-tinh"] == {"name": "Nghị quyết HĐND tỉnh", "min_days": 30}
    assert plugin["document_types"]["quyet-dinh-ubnd-xa"]["min_days"] == 20
    assert plugin["drafts_dir"] == "drafts" and "giao-duc" in plugin["fields"]
    # The pipelines install the pinned package, never the site's own source (it has no pyproject).
    assert (site / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1].startswith("mkdocs-policy-drafts==")
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
    assert (site / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == spec
    gitlab = yaml.safe_load((site / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "apt-get install" in gitlab["before_script"][0]  # pip needs git for a git tag
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
    assert cli(tmp_path, "init", "d", "--agency", odd).returncode == 0
    config = yaml.safe_load((tmp_path / "d" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"][1]["policy-drafts"]["agencies"]["so-giao-duc-dao-tao-1"]["name"] == odd


def test_the_repositorys_pipelines_are_the_scaffolds():
    from policy_drafts.newsite import repository_pipeline_files

    for rel, text in repository_pipeline_files().items():
        assert (ROOT / rel).read_text(encoding="utf-8") == text, f"{rel}: edit plugins/policy_drafts/scaffold/"


def test_schema_file_guides_new_drafts_and_is_kept_in_step(tmp_path):
    assert cli(tmp_path, "init", "site", *FILLED).returncode == 0
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


@pytest.mark.slow
def test_from_an_empty_folder_with_only_the_built_wheel(tmp_path):
    """What a province's team does: install the released package (not this source tree), init, build."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (wheel,) = wheels.glob("mkdocs_policy_drafts-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)  # this pip installs into it (no ensurepip needed)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(wheel)]
    subprocess.run(install, check=True, capture_output=True, timeout=900)
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COVERAGE_PROCESS_START")}
    clean.update(PATH=f"{bin_dir}{os.pathsep}{clean.get('PATH', '')}", NO_MKDOCS_2_WARNING="1")
    empty = tmp_path / "empty"
    empty.mkdir()

    def run(*command, cwd):
        return subprocess.run(command, cwd=cwd, env=clean, capture_output=True, text=True, timeout=600)

    where = run(str(python), "-c", "import policy_drafts; print(policy_drafts.__file__)", cwd=empty)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr  # the wheel, not the source tree
    init = run(str(bin_dir / "policy-drafts"), "init", "duthao", *FILLED, cwd=empty)
    assert init.returncode == 0, init.stdout + init.stderr
    site = empty / "duthao"
    assert (site / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1].startswith("mkdocs-policy-drafts==")
    built = run(str(bin_dir / "mkdocs"), "build", "--strict", cwd=site)
    assert built.returncode == 0, built.stdout + built.stderr
    page = (site / "site" / "du-thao" / "vi-du-ho-tro-hoc-sinh-ban-tru" / "index.html").read_text(encoding="utf-8")
    assert "Nghị quyết quy định chính sách hỗ trợ học sinh bán trú" in page
