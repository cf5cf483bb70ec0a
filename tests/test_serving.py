"""`mkdocs serve`'s watcher (host/serving.py): after the plugin's on_serve, MkDocs' own server
watches with inotify where that sees every edit, rebuilds on every kind of change polling saw
(not on the reads of a build), and keeps MkDocs' polling for the paths inotify cannot watch."""

from __future__ import annotations

import errno
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from policy_drafts.host import serving
from sitekit import EXAMPLE_AT, base_draft, epoch, write_site

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")


def _server(root: Path) -> LiveReloadServer:
    return LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=8000, root=str(root / "site"))


def _served(tmp_path, monkeypatch):
    """A site, and MkDocs' server after what `mkdocs serve` does before serving: watch docs/ and
    mkdocs.yml, then the plugins' on_serve."""
    write_site(tmp_path, {"hoc-phi": base_draft(), "ban-tru": base_draft(title="Hỗ trợ học sinh bán trú")})
    if serving.filesystem_type(str(tmp_path)) not in serving.LOCAL_FILESYSTEMS:
        pytest.skip(f"{tmp_path} is on {serving.filesystem_type(str(tmp_path))}")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch(EXAMPLE_AT)))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=True)
    config = config.plugins.on_config(config)
    server = _server(tmp_path)
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    server = config.plugins.on_serve(server, config=config, builder=lambda: None)
    return server


def _rebuilds(server: LiveReloadServer, change, seconds: float = 3.0) -> bool:
    """Whether `change` makes the server want a rebuild (what its build loop waits for)."""
    with server._rebuild_cond:
        server._want_rebuild = False
    change()
    with server._rebuild_cond:
        return server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=seconds)


def _natively(watcher: serving.Watcher) -> set[str]:
    return {emitter.watch.raw_path for emitter in watcher.native.emitters}


def _stop(server: LiveReloadServer) -> None:
    server.shutdown()
    server.observer.join(10)


def test_after_on_serve_the_server_watches_every_path_with_inotify(tmp_path, monkeypatch):
    from watchdog.observers.inotify import InotifyObserver

    server = _served(tmp_path, monkeypatch)
    watcher = server.observer
    assert isinstance(watcher, serving.Watcher) and isinstance(watcher.native, InotifyObserver)
    watched = {str(tmp_path / "docs"), str(tmp_path / "mkdocs.yml"), str(tmp_path / "drafts")}
    assert set(server._watched_paths) == watched  # MkDocs' own account, for its "Watching paths" line
    assert _natively(watcher) == watched
    assert not watcher.polled
    # mkdocs.yml's `watch:` paths come after on_serve: to the same watcher.
    (tmp_path / "extra").mkdir()
    server.watch(str(tmp_path / "extra"))
    assert str(tmp_path / "extra") in _natively(watcher)
    server.unwatch(str(tmp_path / "extra"))
    assert _natively(watcher) == watched

    watcher.start()  # what serve() does
    try:
        drafts = tmp_path / "drafts"
        index = drafts / "hoc-phi" / "index.md"
        time.sleep(0.2)
        # A build reads every draft: that is no change (inotify reports opens and reads).
        assert not _rebuilds(server, lambda: index.read_bytes(), seconds=1.0)
        assert _rebuilds(server, lambda: index.write_text(index.read_text(encoding="utf-8") + "\n", encoding="utf-8"))

        def save_as_editors_do():
            temporary = index.with_name(".index.md.swp")
            temporary.write_text(index.read_text(encoding="utf-8"), encoding="utf-8")
            os.replace(temporary, index)

        assert _rebuilds(server, save_as_editors_do)
        assert _rebuilds(server, lambda: shutil.copytree(drafts / "hoc-phi", drafts / "hoc-phi-2"))
        # A draft folder dragged to the trash: one "folder moved out" event, which MkDocs' own
        # handler ignores; polling saw its files go.
        assert _rebuilds(server, lambda: (drafts / "ban-tru").rename(tmp_path / "trash"))
        assert _rebuilds(server, lambda: (drafts / "hoc-phi-2").rename(drafts / "hoc-phi-3"))
        assert _rebuilds(server, lambda: (tmp_path / "docs" / "gioi-thieu.md").write_text("# Giới thiệu\n"))
        assert _rebuilds(server, lambda: (tmp_path / "mkdocs.yml").touch())
    finally:
        _stop(server)


def test_paths_inotify_cannot_watch_keep_mkdocs_polling(tmp_path, monkeypatch, caplog):
    shared, crowded, local = tmp_path / "shared", tmp_path / "crowded", tmp_path / "local"
    for folder in (shared, crowded, local):
        folder.mkdir()
    if serving.filesystem_type(str(tmp_path)) not in serving.LOCAL_FILESYSTEMS:
        pytest.skip(f"{tmp_path} is on {serving.filesystem_type(str(tmp_path))}")
    real_type = serving.filesystem_type
    monkeypatch.setattr(serving, "filesystem_type", lambda path: "9p" if path == str(shared) else real_type(path))
    server = _server(tmp_path)
    server.watch(str(shared))
    assert serving.watch_natively(server)
    watcher = server.observer
    real_schedule = watcher.native.schedule

    def full(handler, path, **options):
        if path == str(crowded):
            raise OSError(errno.ENOSPC, "inotify watch limit reached")
        return real_schedule(handler, path, **options)

    monkeypatch.setattr(watcher.native, "schedule", full)
    with caplog.at_level("INFO", logger="mkdocs.plugins.policy_drafts"):
        server.watch(str(crowded))
        server.watch(str(local))
    assert {watch.raw_path for watch in watcher.polled} == {str(shared), str(crowded)}
    assert _natively(watcher) == {str(local)}
    said = caplog.text
    assert f"theo dõi {crowded} bằng cách quét định kỳ của MkDocs" in said
    assert "fs.inotify.max_user_watches" in said
    watcher.start()
    try:
        time.sleep(0.6)  # the polling observer's first look
        assert _rebuilds(server, lambda: (shared / "index.md").write_text("a"), seconds=5.0)
        assert _rebuilds(server, lambda: (crowded / "index.md").write_text("b"), seconds=5.0)
        assert _rebuilds(server, lambda: (local / "index.md").write_text("c"))
        server.unwatch(str(shared))
        assert {watch.raw_path for watch in watcher.polled} == {str(crowded)}
    finally:
        _stop(server)


MOUNTINFO = r"""22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:26 / /tmp rw,nosuid shared:5 - tmpfs tmpfs rw
41 22 0:40 / /mnt/c rw,noatime - 9p drvfs rw,dirsync,aname=drvfs
42 22 0:41 / /home/biên\040tập/trang rw,relatime - fuse.sshfs trang@may-chu: rw
43 30 0:42 / /tmp/stacked rw - ext4 /dev/sdb1 rw
44 30 0:43 / /tmp/stacked rw - nfs4 server:/x rw
"""


@pytest.mark.parametrize(
    "path, kind",
    [
        ("/work/trang/drafts", "ext4"),
        ("/tmp/x", "tmpfs"),
        ("/tmpx", "ext4"),
        ("/mnt/c/Users/trang/drafts", "9p"),
        ("/home/biên tập/trang/drafts", "fuse.sshfs"),
        ("/tmp/stacked/drafts", "nfs4"),  # the later of two mounts on one point hides the other
    ],
)
def test_the_file_system_of_a_path(path, kind):
    assert serving.filesystem_type(path, MOUNTINFO) == kind


def test_policy_drafts_serve_rebuilds_what_an_editor_saves(tmp_path):
    """The whole chain as an editor runs it: `policy-drafts serve` (dirty rebuilds, the native
    watcher), a draft saved, its page served with the new title; MkDocs's English warning said
    once and explained once, not at every rebuild."""
    import socket
    import subprocess
    import urllib.request

    from policy_drafts.host.upstream import DIRTY_EXPLAINED, DIRTY_WARNING
    from sitekit import draft_text

    write_site(tmp_path, {"hoc-phi": base_draft(), "ban-tru": base_draft(title="Hỗ trợ học sinh bán trú")})
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch(EXAMPLE_AT)), NO_MKDOCS_2_WARNING="1")
    env["POLICY_DRAFTS_CACHE_DIR"] = str(tmp_path / "cache")
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "policy_drafts", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 120
            while "Serving on" not in log_path.read_text(encoding="utf-8"):
                assert process.poll() is None and time.monotonic() < deadline, log_path.read_text(encoding="utf-8")
                time.sleep(0.3)
            for n in range(2):
                title = f"Học phí năm học 2027-2028, lần sửa {n}"
                index = tmp_path / "drafts" / "hoc-phi" / "index.md"
                index.write_text(draft_text(base_draft(title=title)), encoding="utf-8")
                deadline = time.monotonic() + 60
                while True:
                    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/du-thao/hoc-phi/", timeout=30).read()
                    if title in page.decode("utf-8"):
                        break
                    assert time.monotonic() < deadline, log_path.read_text(encoding="utf-8")[-3000:]
                    time.sleep(0.3)
        finally:
            process.terminate()
            process.wait(timeout=30)
    text = log_path.read_text(encoding="utf-8")
    assert text.count("Detected file changes") >= 2
    assert text.count(DIRTY_WARNING) == 1 and text.count(DIRTY_EXPLAINED) == 1
    assert "quét định kỳ" not in text  # every path watched natively
