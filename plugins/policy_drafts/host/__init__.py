"""The adapters: the MkDocs plugin, the command line, a new site's install (the only layer that knows MkDocs)."""
