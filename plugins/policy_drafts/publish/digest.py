"""E-mail alerts without a server of the site's own: the events since a date, as one digest
in Vietnamese (HTML and plain text), sent over SMTP to a mailing list (pure but for `send`).

A mailing list or newsletter tool manages who receives it; the site links to its
subscription page (mkdocs.yml: email_alerts.subscribe_url). The publishing pipelines run
`policy-drafts digest --state FILE --send` every day after the build: the state file
remembers which events were mailed, so that each event is mailed once even if a run fails
or runs twice.
"""

from __future__ import annotations

import json
import os
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr
from pathlib import Path

import jinja2

from ..model import paths
from ..model.formatting import vi_date
from ..model.timeline import KIND_INFO, EventKind
from .feeds import Item, item
from .site import SiteModel

SMTP_ENV = "POLICY_DRAFTS_SMTP_"  # HOST, PORT, USER, PASSWORD, STARTTLS ("0" to send in clear on a trusted relay)


@dataclass(frozen=True)
class Section:
    kind: EventKind
    title: str
    items: list[Item]


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    html: str
    keys: list[str]  # the events it tells (Happening.key)


def new_events(site: SiteModel, since: datetime, sent: set[str]) -> list:
    """Events dated after `since` and up to the build instant, not mailed yet, newest first."""
    return [h for h in site.happenings if since < h.at <= site.now and h.key not in sent]


def render(
    site: SiteModel,
    env: jinja2.Environment,
    site_name: str,
    events: list,
    *,
    since: datetime,
    prefix: str = "Dự thảo chính sách",
    subscribe: str = "",
) -> Digest | None:
    if not events:
        return None
    items = [item(site, h) for h in events]
    order = [
        EventKind.OPENED,
        EventKind.EXTENDED,
        EventKind.CLOSING_SOON,
        EventKind.CLOSED,
        EventKind.RESPONDED,
        EventKind.ADOPTED,
        EventKind.WITHDRAWN,
        EventKind.PUBLISHED,
    ]
    sections = [Section(kind, KIND_INFO[kind].label, [i for i in items if i.happening.kind is kind]) for kind in order]
    sections = [s for s in sections if s.items]
    local = site.now.astimezone(site.settings.timezone)
    subject = f"[{prefix}] {len(items)} sự kiện mới đến ngày {vi_date(local)}"
    context = {
        "sections": sections,
        "site_name": site_name,
        "count": len(items),
        "subject": subject,
        "since": since.astimezone(site.settings.timezone),
        "now": local,
        "subscribe": subscribe,
        "home": site.urls.absolute(""),
        "search": site.urls.absolute(site.urls.page(paths.SEARCH)),
    }
    text = env.get_template("policy_drafts/digest.txt").render(**context)
    html = env.get_template("policy_drafts/digest.html").render(**context)
    return Digest(subject, text, html, [h.key for h in events])


def message(digest: Digest, sender: str, to: list[str], now: datetime, host: str) -> EmailMessage:
    msg = EmailMessage()
    name, address = parseaddr(sender)
    msg["From"] = formataddr((name, address)) if name else address
    msg["To"] = ", ".join(to)
    msg["Subject"] = digest.subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid("thu-bao", domain=host)
    msg.set_content(digest.text)
    msg.add_alternative(digest.html, subtype="html")
    msg["Content-Language"] = "vi"  # after the parts: EmailMessage moves Content-* headers into them
    return msg


def send(msg: EmailMessage, environ: dict[str, str] | None = None) -> None:
    """Send over SMTP with the settings of the POLICY_DRAFTS_SMTP_* variables (CI secrets)."""
    env = os.environ if environ is None else environ
    host = env.get(SMTP_ENV + "HOST")
    if not host:
        raise RuntimeError(f"đặt biến môi trường {SMTP_ENV}HOST (và PORT, USER, PASSWORD) để gửi thư")
    port = int(env.get(SMTP_ENV + "PORT") or 587)
    with smtplib.SMTP(host, port, timeout=60) as smtp:
        if env.get(SMTP_ENV + "STARTTLS", "1") != "0":
            smtp.starttls()
        if env.get(SMTP_ENV + "USER"):
            smtp.login(env[SMTP_ENV + "USER"], env.get(SMTP_ENV + "PASSWORD", ""))
        smtp.send_message(msg)


class BadState(Exception):
    """The state file cannot be used: one readable line, `file:line: field: what (what to write)`."""


STATE_FIX = "xóa tệp để bắt đầu lại (các sự kiện của ngày gần nhất sẽ được gửi lại) hoặc khôi phục bản trước"


@dataclass
class State:
    """What was mailed: event keys and the last run (a JSON file kept between runs)."""

    path: Path | None
    sent: set[str]
    last: datetime | None

    @classmethod
    def load(cls, path: Path | None) -> State:
        """The state in `path` (none yet on the first run). Whatever the file holds, the answer is
        a State or BadState, never a traceback."""
        if path is None or not os.path.lexists(path):
            return cls(path, set(), None)

        def bad(what: str, line: int = 1, field: str = "tệp") -> BadState:
            return BadState(f"{path}:{line}: {field}: {what} ({STATE_FIX})")

        try:
            raw = path.read_bytes()
        except IsADirectoryError:
            raise bad("là một thư mục, không phải tệp trạng thái") from None
        except OSError as error:
            raise bad(f"không đọc được ({error.strerror or error})") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise bad("không phải văn bản UTF-8") from None
        except json.JSONDecodeError as error:
            raise bad(f"không phải JSON hợp lệ (bị cắt ngắn hoặc hỏng, cột {error.colno})", error.lineno) from None
        except RecursionError:
            raise bad("JSON lồng nhau quá sâu") from None
        if not isinstance(data, dict):
            raise bad("phải là một đối tượng JSON có 'last' và 'sent'")
        sent = data.get("sent", [])
        if not isinstance(sent, list) or not all(isinstance(key, str) for key in sent):
            raise bad("phải là một danh sách chuỗi", field="sent")
        last_text = data.get("last")
        last = None
        if last_text is not None:
            try:
                last = datetime.fromisoformat(last_text) if isinstance(last_text, str) else None
            except ValueError:
                last = None
            if last is None or last.tzinfo is None:
                raise bad("phải là một thời điểm ISO 8601 có múi giờ, ví dụ 2026-12-07T00:05:00+07:00", field="last")
        return cls(path, set(sent), last)

    def save(self, keys: list[str], now: datetime) -> None:
        if self.path is None:
            return
        self.sent |= set(keys)
        text = json.dumps({"last": now.isoformat(), "sent": sorted(self.sent)}, ensure_ascii=False, indent=1) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Written beside it, then renamed: a run stopped half-way never leaves a truncated file.
            partial = self.path.with_name(self.path.name + ".tmp")
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, self.path)
        except OSError as error:
            raise BadState(
                f"{self.path}: tệp: không ghi được ({error.strerror or error}) (kiểm tra quyền ghi thư mục)"
            ) from None


DEFAULT_SINCE = timedelta(days=1)
