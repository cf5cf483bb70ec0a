"""Records to the files a site publishes: the site model, pages, feeds, calendars, search, open data (no MkDocs)."""
