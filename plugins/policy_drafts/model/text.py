"""Rules for editors' text that other programs read: forbidden characters, spreadsheet
cells, and the Vietnamese folding shared by search and heading anchors (pure).

Every function here is linear in the length of its input: editors' text is untrusted.
"""

from __future__ import annotations

import json
import re
import unicodedata

# Characters XML 1.0 forbids (C0 controls but tab, LF and CR; surrogates, which YAML
# escapes such as "\ud800" can produce; U+FFFE and U+FFFF), plus characters no draft
# needs and that mislead readers or programs: DEL and C1 controls, and the bidirectional
# overrides and isolates that make text display in another order than it is stored.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]")


def forbidden_character(text: str) -> str:
    """A description of the first forbidden character of `text` ('' if there is none)."""
    match = FORBIDDEN.search(text)
    if match is None:
        return ""
    char = match.group()
    name = unicodedata.name(char, "") if not 0xD800 <= ord(char) <= 0xDFFF else "SURROGATE"
    return f"U+{ord(char):04X}" + (f" {name}" if name else ", ký tự điều khiển")


# OWASP, CSV injection: a cell starting with one of these is a formula in spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A text cell neutralised for spreadsheets (a leading apostrophe); numbers are kept."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})
_MARKS = re.compile("[\u0300-\u036f]")  # Combining Diacritical Marks: what NFD takes off Latin letters


def fold(text: str) -> str:
    """Lowercase without diacritics, đ as d: what readers type ("hoc phi", "doi"). The search
    page's script folds a query with the same steps (assets/search.js, fold), so only steps
    JavaScript has too: the marks of one Unicode block, and `lower` (JS toLowerCase), not casefold."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))).lower()


_NON_WORD = re.compile(r"[^0-9a-z]+")


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors that keep Vietnamese readable: 'Nội dung sửa đổi' -> 'noi-dung-sua-doi'.
    Signature of Python-Markdown's toc `slugify` option."""
    return _NON_WORD.sub(separator, fold(value)).strip(separator)


def strip_comments(html: str) -> str:
    """HTML with its comments removed, in one pass (an unclosed comment runs to the end)."""
    out = []
    start = 0
    while True:
        opening = html.find("<!--", start)
        if opening < 0:
            out.append(html[start:])
            return "".join(out)
        out.append(html[start:opening])
        closing = html.find("-->", opening + 4)
        if closing < 0:
            return "".join(out)
        start = closing + 3


def heading_key(text: str) -> str:
    """A heading as compared with the configured section names: NFC, case-folded, ':' as space."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().replace(":", " ").split())


def safe_json(data, *, pretty: bool = False) -> str:
    """JSON whose strings cannot close a <script> or open markup if a consumer embeds it in
    HTML: '<', '>' and '&' are written as \\u escapes (the same data for any JSON parser).
    Compact by default: Python's C encoder only runs without `indent` (open data and feeds of a
    large site are megabytes); `pretty` for the small documents people read (schemas)."""
    if pretty:
        text = json.dumps(data, ensure_ascii=False, indent=1)
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
