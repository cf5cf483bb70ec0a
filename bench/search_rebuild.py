#!/usr/bin/env python3
"""What a rebuild of the search index costs after one edit (issue #22), with the last build's
memo, and that it is the index built from nothing, file for file.

    SOURCE_DATE_EPOCH=1795399200 python bench/search_rebuild.py /tmp/c1000/product

Opens the site (its drafts read as a build reads them), builds the search index without a
memo, then with one memo through a sequence of edits made in memory (a sentence added to a
body, a body replaced, a title changed, a draft moved to the front, removed, added back),
each build after `memo.next_build()` and compared with a build without a memo. Prints the
wall and CPU seconds of each build.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
import types

from mkdocs.config import load_config
from mkdocs.utils import get_build_datetime
from policy_drafts.host.config import site_config
from policy_drafts.publish import search
from policy_drafts.publish.memo import Memo
from policy_drafts.publish.publication import open_site, publish


def main(root: str) -> None:
    os.chdir(root)
    config = load_config("mkdocs.yml")
    site = publish(open_site(site_config(config, config.plugins["policy-drafts"].config, get_build_datetime()))).site
    memo = Memo()

    def build(label: str, views: list, kept: Memo | None) -> None:
        model = types.SimpleNamespace(drafts=views, settings=site.settings)
        if kept is not None:
            kept.next_build()
        wall, cpu = time.perf_counter(), time.process_time()
        files = search.SearchIndex(model, kept).files()  # type: ignore[arg-type]
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        same = kept is None or files == search.SearchIndex(model).files()  # type: ignore[arg-type]
        print(f"{label:36} wall {wall:6.3f} s  CPU {cpu:6.3f} s  {'same files' if same else 'DIFFERENT FILES'}")
        assert same

    def draft(view, **changes):
        return dataclasses.replace(view, draft=dataclasses.replace(view.draft, **changes))

    def body(view, text: str):
        return draft(view, content=dataclasses.replace(view.draft.content, text=text))

    views = list(site.drafts)
    middle = len(views) // 2
    build(f"{len(views)} drafts, no memo", views, None)
    build("cold, with a memo", views, memo)
    build("nothing changed", views, memo)
    views[middle] = body(views[middle], views[middle].draft.content.text + " Thêm một câu về học phí năm học.")
    build("one body: a sentence added", views, memo)
    views[middle // 2] = body(views[middle // 2], views[middle // 2 + 1].draft.content.text)
    build("one body replaced by another", views, memo)
    views[10] = draft(views[10], title=views[10].draft.title + " (sửa đổi)")
    build("one title changed", views, memo)
    views = [views[-10], *views[:-10], *views[-9:]]
    build("one draft moved to the front", views, memo)
    removed = views.pop(middle)
    build("one draft removed", views, memo)
    views.insert(middle // 3, removed)
    build("one draft added", views, memo)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
