"""What the tools under the site print on their own, explained to editors in Vietnamese (pure).

Material for MkDocs 9.7+ prints an English box on every `mkdocs` run announcing its end of
life on 5 May 2027, inside Decision 407's period. It is printed when the theme is imported,
before any plugin is loaded, so a plugin cannot keep it from a plain `mkdocs` run; Material's
documented switch, the environment variable NO_MKDOCS_2_WARNING (the name dates from its
earlier "MkDocs 2.0" notice), does. `policy-drafts serve` sets it and says one Vietnamese line
instead; a plain `mkdocs build` or `mkdocs serve` gets the Vietnamese line after the box (the
plugin, on startup). README.md, "After Material's end of life", says what the site runs on then.

MkDocs warns in English on every dirty build (`mkdocs serve --dirty`, which `policy-drafts serve`
runs, and `mkdocs build --dirty`) that navigation and links will likely be wrong. With the
plugin's ledger (publish/ledger.py, kept in the draft cache's folder) that is not so: a page is
rendered again when anything it shows changed, the files of a deleted draft are removed, and the
site is byte-identical to a clean build (tests/test_draftcache.py). The plugin says so after the
warning, only then (with the cache off there is no ledger and the warning stands).
"""

from __future__ import annotations

import sys
from pathlib import Path

SWITCH = "NO_MKDOCS_2_WARNING"
EOL_DAY = "5/5/2027"
README_SECTION = "After Material's end of life"

MATERIAL_EOL = (
    f"Giao diện Material for MkDocs của trang được sửa lỗi bảo mật đến ngày {EOL_DAY}; trang không cần "
    f"làm gì lúc này. Sau ngày đó trang vẫn dựng được như cũ: xem README của mkdocs-policy-drafts, "
    f"mục “{README_SECTION}”."
)
AFTER_BOX = (
    f"policy-drafts: khung tiếng Anh ở trên là thông báo của Material for MkDocs. {MATERIAL_EOL} "
    f"Đặt biến môi trường {SWITCH}=1 để không hiện khung đó."
)

# MkDocs 1.6's warning (mkdocs/commands/build.py), as tests look for it.
DIRTY_WARNING = "A 'dirty' build is being performed"
DIRTY_EXPLAINED = (
    "policy-drafts: dòng WARNING tiếng Anh ở trên là lời nhắc chung của MkDocs khi chỉ dựng lại những gì "
    "thay đổi (--dirty). Với policy-drafts, cách dựng này cho đúng trang như dựng lại toàn bộ: trang nào có "
    "nội dung, mục lục hay liên kết thay đổi đều được dựng lại, tệp của dự thảo đã xóa được xóa; không cần "
    "làm gì."
)


def material_box_printed(argv: list[str] | None = None, environ: dict[str, str] | None = None) -> bool:
    """Whether Material printed its box in this process: it does when the program is `mkdocs`
    and the switch was not set when the process started (Material then sets the switch itself,
    so the environment the process started with is read: /proc/self/environ; where there is
    none, nothing is said)."""
    argv = sys.argv if argv is None else argv
    environ = _initial_environment() if environ is None else environ
    if environ is None or "material.templates" not in sys.modules:
        return False
    program = Path(argv[0]) if argv else Path()
    is_mkdocs = program.name in ("mkdocs", "mkdocs.exe") or (
        program.name == "__main__.py" and program.parent.name == "mkdocs"
    )
    return is_mkdocs and not environ.get(SWITCH)


def _initial_environment() -> dict[str, str] | None:
    try:
        raw = Path("/proc/self/environ").read_bytes()
    except OSError:
        return None
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {key.decode(errors="replace"): value.decode(errors="replace") for key, value in pairs}
