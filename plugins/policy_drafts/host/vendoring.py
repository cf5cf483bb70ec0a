"""The package travels with a site: its wheel in `vendor/` and a `requirements.txt` that pins
every package with the hash of every file (design principle 9: the package is on no public
index, and a site installs the same files today and next year).

The wheel is made from the running installation:

- from a source tree (an editable install, or the package imported from `plugins/`): `pip
  wheel --no-deps` of that tree, without build isolation when setuptools is at hand (so no
  package index is needed), with `SOURCE_DATE_EPOCH` fixed so that the same source gives the
  same bytes;
- from an installed wheel: the files the installation's RECORD lists, each checked against
  the hash RECORD holds (a modified installation is refused), written back into a wheel in a
  fixed order with fixed timestamps (the same installation always gives the same bytes).

The pins come from `lock.txt`, shipped in the package (universal, every file's hash).
"""

from __future__ import annotations

import base64
import email.parser
import hashlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "mkdocs-policy-drafts"
LOCK = Path(__file__).parent.parent / "lock.txt"
VENDOR = "vendor"
REQUIREMENTS = "requirements.txt"
PACKAGE_REQUIREMENTS = "requirements-package.txt"  # --package: the package named by a pip requirement
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest instant a zip file can hold
_SOURCE_DATE_EPOCH = "315532800"  # 1980-01-01T00:00:00Z, for setuptools' wheel
# Files of an installation that are not part of the wheel it came from.
_INSTALL_ONLY = {"INSTALLER", "REQUESTED", "direct_url.json", "RECORD"}
_WHEEL_LINE = re.compile(r"^\./vendor/(?P<name>[^\s\\]+\.whl)\b", re.MULTILINE)


class VendorError(Exception):
    """The wheel cannot be made (the message is for the site's team, in Vietnamese)."""


@dataclass(frozen=True)
class Wheel:
    path: Path
    sha256: str

    @property
    def name(self) -> str:
        return self.path.name


def source_tree() -> Path | None:
    """The source tree the running package comes from, if it does (not an installed wheel)."""
    root = Path(__file__).resolve().parent.parent.parent.parent
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return root if project.get("project", {}).get("name") == PACKAGE else None


def build_wheel(dest: Path) -> Wheel:
    """The running package as a wheel in `dest` (created if missing)."""
    dest.mkdir(parents=True, exist_ok=True)
    root = source_tree()
    path = _from_source(root, dest) if root else _from_record(dest)
    return Wheel(path, hashlib.sha256(path.read_bytes()).hexdigest())


def _from_source(root: Path, dest: Path) -> Path:
    """Built from a clean copy of what the wheel is made of (pyproject.toml, README.md, plugins/):
    an in-tree build would reuse a stale build/ folder, files deleted since included."""
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "source", Path(tmp) / "wheel"
        source.mkdir()
        for name in ("pyproject.toml", "README.md"):
            shutil.copyfile(root / name, source / name)
        junk = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
        shutil.copytree(root / "plugins", source / "plugins", ignore=junk)
        command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--disable-pip-version-check"]
        if _backend_at_hand():
            command.append("--no-build-isolation")  # the build backend at hand: no index needed
        command += ["--wheel-dir", str(out), str(source)]
        env = {**os.environ, "SOURCE_DATE_EPOCH": _SOURCE_DATE_EPOCH}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        built = sorted(out.glob("*.whl"))
        if done.returncode != 0 or len(built) != 1:
            raise VendorError(f"không tạo được tệp wheel từ mã nguồn {root}:\n{done.stderr.strip()}")
        target = dest / built[0].name
        shutil.copyfile(built[0], target)
        return target


def _backend_at_hand() -> bool:
    """Whether the installed setuptools builds this wheel with no index: the version pyproject.toml's
    build-system asks for, with bdist_wheel (part of setuptools from 70.1, else the wheel package).
    Python's own bundled setuptools is often older: pip then fetches the backend, as it does by default."""
    try:
        found = tuple(int(part) for part in re.findall(r"\d+", importlib.metadata.version("setuptools"))[:2])
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return False
    return found >= (70, 1) or (found >= (68, 0) and importlib.util.find_spec("wheel") is not None)


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _from_record(dest: Path) -> Path:
    try:
        dist = importlib.metadata.distribution(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise VendorError(f"{PACKAGE} chưa được cài bằng pip trên máy này") from None
    listed = dist.files or []
    dist_info = next((p.parts[0] for p in listed if p.parts[0].endswith(".dist-info")), "")
    if not dist_info:
        raise VendorError(f"bản cài {PACKAGE} không có tệp RECORD: cài lại gói từ tệp wheel")
    entries: dict[str, bytes] = {}
    for item in listed:
        name = item.as_posix()
        if name.startswith("..") or "__pycache__" in item.parts or name.endswith(".pyc"):
            continue  # console scripts written by pip, and bytecode compiled at install
        if item.parts[0] == dist_info and item.name in _INSTALL_ONLY:
            continue
        data = Path(str(dist.locate_file(item))).read_bytes()
        if item.hash is None or _record_hash(data) != f"{item.hash.mode}={item.hash.value}":
            raise VendorError(f"tệp {name} của bản cài {PACKAGE} đã bị sửa sau khi cài: cài lại gói từ tệp wheel")
        entries[name] = data
    tags = email.parser.Parser().parsestr(entries[f"{dist_info}/WHEEL"].decode("utf-8")).get_all("Tag") or []
    if len(tags) != 1:  # a pure-Python wheel has one tag (py3-none-any); several would need compressing
        raise VendorError(f"bản cài {PACKAGE} có thẻ wheel không như mong đợi ({', '.join(tags)})")
    dest.mkdir(parents=True, exist_ok=True)
    target = dest / f"{dist_info.removesuffix('.dist-info')}-{tags[0]}.whl"
    # The wheel's own files first, its .dist-info last (RECORD at the very end), as a wheel is laid out.
    order = sorted(entries, key=lambda n: (n.startswith(dist_info + "/"), n))
    record = [f"{n},{_record_hash(entries[n])},{len(entries[n])}" for n in order] + [f"{dist_info}/RECORD,,"]
    entries[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    order.append(f"{dist_info}/RECORD")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for name in order:
            info = zipfile.ZipInfo(name, _ZIP_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, entries[name])
    return target


def lock_pins() -> str:
    """The packaged lock without its comments: `name==version` and every file's `--hash`."""
    lines = [line for line in LOCK.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    return "\n".join(line for line in lines if line.strip()) + "\n"


def requirements_text(wheel: Wheel | None, version: str) -> str:
    """A site's requirements.txt: the lock's pins, and the vendored wheel with its hash."""
    head = [
        f"# Các gói mà trang này cài (mkdocs-policy-drafts {version} và mọi gói nó cần): đúng phiên bản,",
        "# kèm mã băm sha256 của từng tệp, nên mọi lần cài (máy của bạn, GitHub, GitLab, máy chủ) đều như nhau.",
        "# Không sửa tay: để nâng cấp, cài phiên bản mới của mkdocs-policy-drafts rồi chạy `policy-drafts upgrade`",
        "# trong thư mục này (lệnh ghi lại tệp này cùng tệp wheel trong vendor/).",
        "",
    ]
    text = "\n".join(head) + lock_pins()
    if wheel is not None:
        text += f"./{VENDOR}/{wheel.name} \\\n    --hash=sha256:{wheel.sha256}\n"
    return text


def vendored_wheel(requirements: str) -> str | None:
    """The file name of the wheel a site's requirements.txt installs from vendor/, if any."""
    found = _WHEEL_LINE.search(requirements)
    return found.group("name") if found else None


def installed_version() -> str:
    """The running package's version: its source tree's, or its installation's."""
    root = source_tree()
    if root is not None:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
        return str(project["project"]["version"])
    return importlib.metadata.version(PACKAGE)
