"""One judge for every URL an editor or the site configuration writes (pure).

Browsers parse URLs by the WHATWG URL Standard; Python's `urllib.parse` follows RFC 3986
and disagrees on some inputs (a backslash is a path separator to a browser; text before
an '@' is a user name that hides the real host). The judge parses with ada, the WHATWG
parser used by Node.js, and refuses any URL where the two readings could differ, so the
host that was checked is the host the reader's browser goes to. What reaches a page is
the parser's normalised form of the URL, never the text as written.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ada_url import URL

from ..model.text import forbidden_character

EMAIL = re.compile(r"^[^@\s<>\"'(),;:\\\[\]]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")
_MAILTO_QUERY = re.compile(r"^[A-Za-z0-9%=&._~+-]*$")  # ?subject=...&body=..., percent-encoded
LINK_SCHEMES = ("https",)  # what a reader follows from the front matter


@dataclass(frozen=True)
class Verdict:
    url: str = ""  # the normalised URL to publish ('' when refused)
    problem: str = ""  # what is wrong, for the editor
    fix: str = ""  # what to write instead

    def __bool__(self) -> bool:
        return bool(self.url)


def judge(
    value: str, *, schemes: tuple[str, ...] = LINK_SCHEMES, hosts: tuple[str, ...] = (), mailto: bool = False
) -> Verdict:
    """Accept `value` only if a browser and this program read the same scheme and host.
    `hosts`: when given, the host must be one of them or a subdomain. `mailto`: a mailto:
    address is accepted too (where a reader may write instead of read)."""
    text = value.strip()
    wanted = "https://" + (" hoặc mailto:" if mailto else "")
    if mailto and text[:7].lower() == "mailto:":
        address, mark, query = text[7:].partition("?")
        if EMAIL.match(address) and _MAILTO_QUERY.match(query):
            return Verdict("mailto:" + address + mark + query)
        return Verdict(
            problem=f"'{value}' không phải là địa chỉ mailto: hợp lệ", fix="viết mailto:gopy@so.example.gov.vn"
        )
    odd = forbidden_character(text)
    if odd or any(c.isspace() for c in text) or "\\" in text:
        what = (
            f"ký tự ẩn ({odd})"
            if odd
            else ("dấu cách" if any(c.isspace() for c in text) else "dấu gạch chéo ngược (\\)")
        )
        return Verdict(
            problem=f"địa chỉ có {what}, trình duyệt sẽ đọc khác đi",
            fix="sao chép địa chỉ từ thanh địa chỉ của trình duyệt",
        )
    try:
        parsed = URL(text)
        plain = urlsplit(text)
    except ValueError:
        return Verdict(problem=f"'{value}' không phải là địa chỉ web", fix=f"viết địa chỉ bắt đầu bằng {wanted}")
    scheme = parsed.protocol[:-1]
    if scheme not in schemes or plain.scheme.lower() != scheme:
        return Verdict(
            problem=f"'{value}' không phải là địa chỉ {' hoặc '.join(s + ':' for s in schemes)}",
            fix=f"viết địa chỉ bắt đầu bằng {wanted}",
        )
    if parsed.username or parsed.password or "@" in plain.netloc:
        return Verdict(
            problem="địa chỉ có tên người dùng trước dấu '@', che giấu máy chủ thật", fix="xóa phần từ '//' đến '@'"
        )
    host = parsed.hostname
    written = (plain.hostname or "").lower()
    if host != written or not _HOST.match(host) or _is_ip(host):
        return Verdict(
            problem=f"máy chủ của '{value}' không phải là một tên miền thông thường",
            fix="viết tên miền như trình duyệt hiển thị, ví dụ https://forms.gle/...",
        )
    if hosts and not host_allowed(host, hosts):
        return Verdict(
            problem=f"máy chủ '{host}' không thuộc các máy chủ biểu mẫu góp ý được phép",
            fix="dùng biểu mẫu trên "
            + ", ".join(hosts)
            + ", hoặc thêm máy chủ vào comment_form_hosts trong mkdocs.yml",
        )
    return Verdict(parsed.href)


def host_allowed(host: str, hosts: tuple[str, ...]) -> bool:
    host = host.lower()
    return any(host == h or host.endswith("." + h) for h in hosts)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        return False


def safe_href(url: str) -> str:
    """Defence in depth for templates: only https:, mailto:, tel: and relative links reach a
    page; anything else becomes inert. Every URL from editors was judged when read."""
    if not url:
        return ""
    text = url.strip()
    if text[:7].lower() == "mailto:" or text[:4].lower() == "tel:":
        return text if not forbidden_character(text) and "\n" not in text else ""
    if "\\" in text or text.startswith("//") or forbidden_character(text):
        return ""
    if ":" in text.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        verdict = judge(text)
        return verdict.url
    return text  # relative: a file of the site
