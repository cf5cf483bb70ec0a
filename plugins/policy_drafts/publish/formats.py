"""Output formats, one table (pure), like Hugo's: what each kind of file the site writes is.

Each format has its media type, its file suffix, the name shown beside a file on the press
page, how a page announces it in `<head>` (`<link rel=...>`: `alternate` for the feeds,
calendars and data that are another form of the page; none for the rest), and whether its
long documents are cut into archives (RFC 5005). An output is a format and a scope
(outputs.Output): the files MkDocs writes, their `<head>` links and the press page follow
from the two.
"""

from __future__ import annotations

from dataclasses import dataclass

ALTERNATE = "alternate"  # another form of the page: a feed, a calendar, data (the only rel head.html writes)


@dataclass(frozen=True)
class Format:
    media_type: str
    suffix: str  # the file name's ending, ".xml"
    name: str = ""  # beside the file on the press page ("" for files not listed by format)
    version: str = ""  # of the format's specification, told to readers
    rel: str = ""  # how a page announces it in <head> (<link rel=... type=...>); "": never announced
    archived: bool = False  # a feed: the newest events, the older ones in archive documents

    def path(self, stem: str) -> str:
        return stem + self.suffix


RSS = Format("application/rss+xml", ".xml", "RSS", "2.0", rel=ALTERNATE, archived=True)
JSON_FEED = Format("application/feed+json", ".json", "JSON Feed", "1.1", rel=ALTERNATE, archived=True)
ICS = Format("text/calendar", ".ics", "iCalendar", rel=ALTERNATE)
JSON = Format("application/json", ".json", "JSON", rel=ALTERNATE)
CSV = Format("text/csv", ".csv")
TEXT = Format("text/plain", ".txt")
XML = Format("application/xml", ".xml")
JSONLD = Format("application/ld+json", ".jsonld")
HTML = Format("text/html", ".html")
