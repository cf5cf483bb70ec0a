"""Publish draft public policies (Decision 407/QĐ-TTg) as a static site.

The package reads from the bottom up, every import pointing downward:

- `model/`   the domain: a draft's records, its consultation and timeline, criteria, the
             clock, the site's registries and settings, Vietnamese text (pure, no files).
- `read/`    files to records: front matter, the schema, the reader and its rules, the
             editor's Markdown and its sanitizer, attachments, comments, versions, the URL
             judge, the catalogue of every draft and its cache.
- `publish/` records to what a site writes: the site model, pages, feeds, calendars,
             search, open data, notices, reports, the national view.
- `host/`    the adapters: the MkDocs plugin and its configuration, the command line,
             `init` and the vendored package.

Data the package ships sits beside them: `templates/`, `assets/`, `theme/`, `archetypes/`,
`scaffold/` and `lock.txt`.
"""
