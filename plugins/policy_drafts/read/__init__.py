"""Files to records: a site's drafts folder read, checked and rendered into model records (no MkDocs)."""
