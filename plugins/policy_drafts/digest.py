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

from .feeds import Item, item
from .formatting import vi_date
from .site import SiteModel
from .timeline import KIND_INFO, Kind

SMTP_ENV = "POLICY_DRAFTS_SMTP_"  # HOST, PORT, USER, PASSWORD, STARTTLS ("0" to send in clear on a trusted relay)


@dataclass(frozen=True)
class Section:
    kind: Kind
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
        Kind.OPENED,
        Kind.EXTENDED,
        Kind.CLOSING_SOON,
        Kind.CLOSED,
        Kind.RESPONDED,
        Kind.ADOPTED,
        Kind.WITHDRAWN,
        Kind.PUBLISHED,
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
        "search": site.urls.absolute("tim-kiem/"),
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


@dataclass
class State:
    """What was mailed: event keys and the last run (a JSON file kept between runs)."""

    path: Path | None
    sent: set[str]
    last: datetime | None

    @classmethod
    def load(cls, path: Path | None) -> State:
        if path is None or not path.is_file():
            return cls(path, set(), None)
        data = json.loads(path.read_text(encoding="utf-8"))
        last = datetime.fromisoformat(data["last"]) if data.get("last") else None
        return cls(path, set(data.get("sent", [])), last)

    def save(self, keys: list[str], now: datetime) -> None:
        if self.path is None:
            return
        self.sent |= set(keys)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(
            json.dumps({"last": now.isoformat(), "sent": sorted(self.sent)}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )


DEFAULT_SINCE = timedelta(days=1)
