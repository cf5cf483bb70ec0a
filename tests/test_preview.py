"""A preview that tells the truth: `policy-drafts serve --at`, its banner, and errors shown in the
browser while `mkdocs serve` keeps running (and recovering when the file is fixed)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date

import pytest
from sitekit import base_draft, build, draft_text, write_site

SCHEDULED = base_draft(
    title="Nghị quyết hỗ trợ học sinh vùng khó khăn",
    published=date(2027, 3, 1),
    consultations=[{"subject": "draft", "opens": date(2027, 3, 1), "closes": date(2027, 4, 15)}],
)
DRAFTS = {"hoc-phi": base_draft(), "ho-tro-vung-kho": SCHEDULED}


def test_a_publishing_build_refuses_a_preview_instant(tmp_path):
    write_site(tmp_path, DRAFTS)
    os.environ["POLICY_DRAFTS_PREVIEW_AT"] = "2027-03-02"
    try:
        result = build(tmp_path)
    finally:
        del os.environ["POLICY_DRAFTS_PREVIEW_AT"]
    assert not result.ok
    assert "POLICY_DRAFTS_PREVIEW_AT chỉ dùng để xem trước" in result.output
    assert not (result.site / "du-thao" / "ho-tro-vung-kho").exists()


def test_serve_refuses_an_instant_it_cannot_read(tmp_path):
    write_site(tmp_path, DRAFTS)
    result = subprocess.run(
        [sys.executable, "-m", "policy_drafts", "-f", str(tmp_path / "mkdocs.yml"), "serve", "--at", "1/3/2027"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "--at: '1/3/2027' không phải là ngày hoặc ngày giờ (viết 2027-03-01)" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serve_site(tmp_path):
    """Starts `policy-drafts serve [--at]` on a small site; returns (url, site root)."""
    write_site(tmp_path, {**DRAFTS, "bi-mat": base_draft(state_secret=True)})
    processes = []

    def start(*at: str):
        port = _free_port()
        config = str(tmp_path / "mkdocs.yml")
        command = [sys.executable, "-m", "policy_drafts", "-f", config, "serve", *at, "-a", f"127.0.0.1:{port}"]
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        log_path = tmp_path / f"serve-{port}.log"
        log = log_path.open("w")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
        processes.append((process, log))
        deadline = time.monotonic() + 120
        while "Serving on" not in log_path.read_text(encoding="utf-8"):
            assert process.poll() is None and time.monotonic() < deadline, log_path.read_text(encoding="utf-8")
            time.sleep(0.5)
        return f"http://127.0.0.1:{port}/", tmp_path

    yield start
    for process, log in processes:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_serve_says_when_a_scheduled_draft_will_be_published_and_how_to_preview_it(serve_site):
    url, _ = serve_site()  # now: before 1 March 2027
    page = urllib.request.urlopen(url + "du-thao/ho-tro-vung-kho/").read().decode("utf-8")
    assert "Chưa đến giờ công bố" in page and "00:00 ngày 01/03/2027" in page
    assert "policy-drafts serve --at 2027-03-01T00:00+07:00" in page
    with pytest.raises(urllib.error.HTTPError):  # a state secret: nothing, even here
        urllib.request.urlopen(url + "du-thao/bi-mat/")


@pytest.mark.browser
def test_preview_shows_a_scheduled_draft_then_errors_then_recovers(serve_site, browser):
    from test_browser import _require_browser

    _require_browser()
    url, root = serve_site("--at", "2027-03-02T08:00")
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.goto(url + "du-thao/ho-tro-vung-kho/")
    # Scheduled for 1 March 2027, previewed at 2 March: there, under a banner no publishing build has.
    assert page.locator("h1").first.inner_text() == "Nghị quyết hỗ trợ học sinh vùng khó khăn"
    banner = page.locator(".pd-serve-banner")
    assert "BẢN XEM TRƯỚC" in banner.inner_text()
    assert "08:00 ngày 02/03/2027" in banner.inner_text()

    # The editor breaks the draft: the open tab reloads by itself and lists the problem.
    index = root / "drafts" / "ho-tro-vung-kho" / "index.md"
    index.write_text(draft_text(dict(SCHEDULED, title="")), encoding="utf-8")
    page.wait_for_selector("text=Dự thảo ho-tro-vung-kho có lỗi", timeout=60_000)
    problem = page.locator(".pd-problem-list li").first.inner_text()
    assert "drafts/ho-tro-vung-kho/index.md:2" in problem
    assert "title" in problem and "đang để trống" in problem
    assert "1 lỗi trong các dự thảo" in page.locator(".pd-serve-banner").inner_text()
    # The other pages are still served, with the banner leading to the list of problems.
    other = context.new_page()
    other.goto(url)
    other.get_by_role("link", name="Xem danh sách lỗi").click()
    assert "drafts/ho-tro-vung-kho/index.md:2" in other.locator(".pd-problem-list").inner_text()

    # Fixed: the tab recovers by itself.
    index.write_text(draft_text(SCHEDULED), encoding="utf-8")
    page.wait_for_selector("h1:text-is('Nghị quyết hỗ trợ học sinh vùng khó khăn')", timeout=60_000)
    assert "lỗi" not in page.locator(".pd-serve-banner").inner_text()
    context.close()
