"""Output formats, one table (pure), like Hugo's: what each kind of file the site writes is.

Each format has its media type, its file suffix, the name shown beside a file on the press
page, whether a page may announce it as an alternative of itself (`<link rel="alternate">`
in `<head>`), and whether its long documents are cut into archives (RFC 5005). An output is
a format and a scope (outputs.Output): the files MkDocs writes, their `<head>` links and the
press page follow from the two.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    media_type: str
    suffix: str  # the file name's ending, ".xml"
    name: str = ""  # beside the file on the press page ("" for files not listed by format)
    version: str = ""  # of the format's specification, told to readers
    alternative: bool = False  # may be announced in <head> as <link rel="alternate" type=...>
    archived: bool = False  # a feed: the newest events, the older ones in archive documents

    def path(self, stem: str) -> str:
        return stem + self.suffix


RSS = Format("application/rss+xml", ".xml", "RSS", "2.0", alternative=True, archived=True)
JSON_FEED = Format("application/feed+json", ".json", "JSON Feed", "1.1", alternative=True, archived=True)
ICS = Format("text/calendar", ".ics", "iCalendar", alternative=True)
JSON = Format("application/json", ".json", "JSON", alternative=True)
CSV = Format("text/csv", ".csv")
TEXT = Format("text/plain", ".txt")
XML = Format("application/xml", ".xml")
JSONLD = Format("application/ld+json", ".jsonld")
HTML = Format("text/html", ".html")
