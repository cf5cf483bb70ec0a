"""Which files of a draft folder the site may publish, and how they are read (pure).

Only regular files are ever read or published: never a symbolic link (git stores them,
so a draft folder could point at /proc/self/environ or at a state-secret draft's folder),
never a device or a pipe. Every file is opened with O_NOFOLLOW and checked with fstat on
the open descriptor, so a link swapped in after the check is refused too. A file may be
published only if its type is on the allow-list of inert documents and images below,
its content starts as that type does, and it is within the size limit: nothing that a
browser would run at the site's origin (HTML, SVG, scripts) and no Markdown page.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..model.problems import Problem
from .frontmatter import FILE

FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")
INDEX = "index.md"
VERSIONS_DIR = "versions"
TEXT_MAX_BYTES = 2 * 1024 * 1024  # a draft or version file: far more than any real draft

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97, Excel 97 ...
_ZIP = b"PK\x03\x04"  # docx, xlsx, odt ... are zip containers


@dataclass(frozen=True)
class FileType:
    media_type: str
    label: str  # what readers are told: "PDF", "Word" ...
    signatures: tuple[bytes, ...] = ()  # how the content starts; () for plain text


FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("application/pdf", "PDF", (b"%PDF-",)),
    "doc": FileType("application/msword", "Word", (_OLE,)),
    "docx": FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word", (_ZIP,)),
    "odt": FileType("application/vnd.oasis.opendocument.text", "OpenDocument", (_ZIP,)),
    "xls": FileType("application/vnd.ms-excel", "Excel", (_OLE,)),
    "xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel", (_ZIP,)),
    "ods": FileType("application/vnd.oasis.opendocument.spreadsheet", "OpenDocument", (_ZIP,)),
    "ppt": FileType("application/vnd.ms-powerpoint", "PowerPoint", (_OLE,)),
    "pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint", (_ZIP,)
    ),
    "zip": FileType("application/zip", "ZIP", (_ZIP,)),
    "csv": FileType("text/csv", "CSV"),
    "txt": FileType("text/plain", "văn bản"),
    "png": FileType("image/png", "ảnh PNG", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileType("image/jpeg", "ảnh JPEG", (b"\xff\xd8\xff",)),
    "jpeg": FileType("image/jpeg", "ảnh JPEG", (b"\xff\xd8\xff",)),
    "gif": FileType("image/gif", "ảnh GIF", (b"GIF87a", b"GIF89a")),
    "webp": FileType("image/webp", "ảnh WebP", (b"RIFF",)),
}
ALLOWED = ", ".join(sorted(FILE_TYPES))


def file_type(name: str) -> FileType | None:
    return FILE_TYPES.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


class NotRegular(OSError):
    """The path is a symbolic link, a folder or a special file: it is never read."""


def read_regular(path: str | Path, limit: int) -> bytes:
    """The content of a regular file, refusing links and special files and anything over
    `limit` bytes (NotRegular, or ValueError for the size)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if os.path.islink(path):
            raise NotRegular(str(path)) from error
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(str(path))
        if info.st_size > limit:
            raise ValueError(f"{path}: {info.st_size} bytes, more than {limit}")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise ValueError(f"{path}: more than {limit} bytes")
        return data
    finally:
        os.close(fd)


def _head(path: str, size: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(path)
        return os.read(fd, size)
    finally:
        os.close(fd)


@dataclass
class Folder:
    """What a draft folder holds, as far as the site is concerned."""

    files: dict[str, int]  # publishable attachments: name -> size in bytes
    texts: dict[str, int]  # Markdown files: read by the build if the draft names them (response summaries)
    has_index: bool
    has_versions: bool
    problems: list[Problem]
    refused: dict[str, Problem] = field(default_factory=dict)  # files there but not publishable
    misnamed_index: str = ""  # 'Index.md', 'index.md.txt' ...: the draft file under another name


# What an editor's tools make of "index.md": capitals, Windows' hidden ".txt", other Markdown endings.
_INDEX_LIKE = re.compile(r"^index\.(md|markdown|mdown|mkd|md\.txt|txt)$", re.IGNORECASE)


def misnamed_index(name: str) -> bool:
    return name != INDEX and bool(_INDEX_LIKE.match(name))


def scan(
    folder: Path,
    rel: str,
    *,
    max_bytes: int,
    reserved: frozenset[str] = frozenset(),
    private: frozenset[str] = frozenset(),
) -> Folder:
    """Every entry of `folder` (rel: 'drafts/<id>') judged without following any link.
    `reserved`: names the site writes in the draft's folder; `private`: names read by the
    build but never published (e.g. the table of comments received)."""
    files: dict[str, int] = {}
    texts: dict[str, int] = {}
    problems: list[Problem] = []
    refused: dict[str, Problem] = {}
    misnamed = ""
    has_index = has_versions = False
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        name = entry.name
        if name.startswith("."):
            continue  # .gitkeep and the like
        where = f"{rel}/{name}"
        if entry.is_symlink():
            problems.append(
                Problem(
                    where,
                    None,
                    FILE,
                    "là một liên kết tượng trưng (symbolic link); liên kết không bao giờ được đọc hay công bố",
                    "đặt chính tệp đó vào thư mục",
                )
            )
            continue
        if entry.is_dir(follow_symlinks=False):
            if name == VERSIONS_DIR:
                has_versions = True
            else:
                problems.append(
                    Problem(
                        where,
                        None,
                        FILE,
                        f"thư mục '{name}' không được công bố",
                        "đặt tệp đính kèm ngay trong thư mục dự thảo; chỉ versions/ được là thư mục con",
                    )
                )
            continue
        if not entry.is_file(follow_symlinks=False):
            problems.append(Problem(where, None, FILE, "không phải là một tệp thông thường", "xóa nó"))
            continue
        if name == INDEX:
            has_index = True
            continue
        if misnamed_index(name) and not misnamed:
            misnamed = name  # reported by the catalog if there is no index.md
            continue
        if name in private:
            continue
        if name.lower().endswith(".md") and FILE_NAME.match(name):
            texts[name] = entry.stat(follow_symlinks=False).st_size  # the catalog decides (never published)
            continue
        problem = judge_attachment(
            entry.path, name, entry.stat(follow_symlinks=False).st_size, where, max_bytes=max_bytes, reserved=reserved
        )
        if problem:
            problems.append(problem)
            refused[name] = problem
        else:
            files[name] = entry.stat(follow_symlinks=False).st_size
    if has_index and misnamed:
        problems.append(
            Problem(
                f"{rel}/{misnamed}",
                None,
                FILE,
                f"'{misnamed}' giống tên tệp dự thảo nhưng thư mục đã có index.md",
                "xóa tệp thừa, hoặc gộp nội dung vào index.md",
            )
        )
        misnamed = ""
    return Folder(files, texts, has_index, has_versions, problems, refused, misnamed)


MARKDOWN_FIX = (
    f"công bố tài liệu dưới một trong các dạng: {ALLOWED}; một phiên bản văn bản thì đặt trong "
    "versions/<n>.md; tóm tắt tiếp thu, giải trình thì ghi tên tệp ở response.summary"
)


def judge_attachment(
    path: str, name: str, size: int, where: str, *, max_bytes: int, reserved: frozenset[str] = frozenset()
) -> Problem | None:
    kind = file_type(name)
    if not FILE_NAME.match(name):
        return Problem(
            where,
            None,
            FILE,
            f"'{name}' không phải là một tên tệp đơn giản",
            "đổi tên, chỉ dùng chữ không dấu, số, '-', '_' và '.', ví dụ du-thao.pdf",
        )
    if name.lower() in reserved:
        return Problem(
            where, None, FILE, f"'{name}' trùng tên một tệp mà trang tạo ra cho dự thảo này", "đổi tên tệp đính kèm"
        )
    if kind is None:
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        what = {
            "md": "tệp Markdown sẽ thành một trang không được kiểm tra",
            "html": "trang web sẽ chạy ngay trên trang của cơ quan",
            "htm": "trang web sẽ chạy ngay trên trang của cơ quan",
            "svg": "ảnh SVG có thể chạy mã script trên trang",
            "js": "mã script sẽ chạy trên trang",
        }.get(extension, "loại tệp này không được công bố")
        return Problem(
            where,
            None,
            FILE,
            f"'{name}': {what}",
            f"công bố tài liệu dưới một trong các dạng: {ALLOWED}; một phiên bản văn bản thì đặt trong versions/<n>.md",
        )
    if size > max_bytes:
        return Problem(
            where,
            None,
            FILE,
            f"'{name}' nặng {size / 1048576:.1f} MB, quá giới hạn {max_bytes / 1048576:.0f} MB",
            "nén tệp lại, hoặc tăng attachment_max_mb trong mkdocs.yml",
        )
    try:
        head = _head(path, 512)
    except OSError:
        return Problem(where, None, FILE, "không đọc được như một tệp thông thường", "thay bằng chính tệp đó")
    if kind.signatures:
        if not any(head.startswith(s) for s in kind.signatures) or (
            name.lower().endswith(".webp") and b"WEBP" not in head[:16]
        ):
            return _mismatch(where, name, kind, head)
    elif b"\x00" in head:
        return Problem(where, None, FILE, f"'{name}' không phải là tệp văn bản", "lưu lại dạng văn bản UTF-8")
    return None


def _content_kind(head: bytes) -> tuple[str, str]:
    """What the first bytes of a file say it is: (what to tell the editor, its usual extension),
    ('', '') if unknown. Only to explain a mismatch: the decision is the signature check."""
    for extension in ("pdf", "docx", "doc", "png", "jpg", "gif"):
        kind = FILE_TYPES[extension]
        if any(head.startswith(s) for s in kind.signatures):
            return f"tệp {kind.label}" if extension in ("docx", "doc") else kind.label, extension
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<script")):
        return "trang web (HTML)", ""
    if lowered.startswith((b"<svg", b"<?xml")):
        return "tệp XML hoặc ảnh SVG", ""
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            if error.start < len(head) - 4:  # not only a character cut at the end of the sample
                return "", ""
        return "văn bản thuần", "txt"
    return "", ""


def _mismatch(where: str, name: str, kind: FileType, head: bytes) -> Problem:
    """A file whose content is not its extension's type: say what it is, and how to make it right."""
    actual, extension = _content_kind(head)
    stem = name.rsplit(".", 1)[0]
    if not actual:
        return Problem(
            where,
            None,
            FILE,
            f"'{name}' không phải là tệp {kind.label} (nội dung không khớp với tên tệp)",
            f"mở tệp gốc và lưu lại dưới dạng {kind.label}, hoặc đặt tên theo đúng loại tệp",
        )
    if extension == "txt" or not extension:
        fix = (
            f"mở tài liệu gốc, ví dụ bằng Word, và lưu lại dưới dạng {kind.label}; "
            "đổi đuôi tên tệp không làm đổi loại tệp"
        )
    else:
        fix = f"đổi tên thành {stem}.{extension}, hoặc mở tệp và lưu lại dưới dạng {kind.label}"
    return Problem(
        where,
        None,
        FILE,
        f"'{name}' không phải là tệp {kind.label}: nội dung là {actual}",
        fix,
    )
