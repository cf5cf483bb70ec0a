"""The domain: what a draft is and what it means at an instant (pure: no files, no MkDocs)."""
