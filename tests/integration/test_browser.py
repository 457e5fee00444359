"""End to end: the draft page in a real headless Chromium (Debian's ``chromium``, driven by Playwright).

CI installs Chromium with apt (``.ci/run``). When it is missing this test FAILS with a clear message:
a silently skipped browser test would hide a broken page. Playwright's own browser download is not used.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LUMBAR_NLP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DRAFT = (
    "FINDINGS:\nL3-4: Mild disc bulge without stenosis.\n"
    "L4-5: Small left paracentral disc extrusion compressing the left L5 nerve root.\n"
)

pytestmark = pytest.mark.browser


def _chromium_path() -> str:
    path = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    if not path:
        pytest.fail(
            f"Chromium not found at {CHROMIUM} or on PATH: install Debian's chromium "
            "(apt-get install chromium; .ci/run does this) or set LUMBAR_NLP_CHROMIUM",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="module")
def server_url():
    import uvicorn

    from nlp.web.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(preload=True), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.time() + 120
    while not server.started:
        assert thread.is_alive() and time.time() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def page(server_url):
    from playwright.sync_api import sync_playwright

    executable = _chromium_path()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1360, "height": 900})
        # Nothing but our own server may be contacted: external requests fail the test.
        outside: list[str] = []

        def guard(route):
            if route.request.url.startswith(server_url):
                return route.continue_()
            outside.append(route.request.url)
            return route.abort()

        context.route("**/*", guard)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
        pg = context.new_page()
        pg.goto(server_url + "/")
        yield pg
        assert outside == [], f"the page fetched external assets: {outside}"
        browser.close()


def _expected(server_url: str) -> dict:
    import httpx

    body = {"text": DRAFT, "age": 45, "clinical": "left leg pain to the dorsum of the foot"}
    return httpx.post(server_url + "/analyze", json=body, timeout=30).json()


def test_browser_page_highlights_typed_draft(page, server_url, tmp_path):
    # Arrange: what the API says about the draft
    expected = _expected(server_url)
    extrusion = next(f for f in expected["findings"] if f["type"] == "disc_extrusion")

    # Act: type like a radiologist (the page re-analyses after a pause)
    page.fill("#age", "45")
    page.fill("#clinical", "left leg pain to the dorsum of the foot")
    page.click("#draft")
    page.keyboard.type(DRAFT, delay=2)
    mark = page.locator('mark[data-type="disc_extrusion"]').first
    mark.wait_for(state="attached", timeout=20_000)

    # Assert: the highlight covers the extrusion's words and carries its label's colour class
    assert mark.inner_text() in DRAFT[extrusion["start"] : extrusion["end"]]
    assert extrusion["label"] in ("incidental", "indeterminate", "symptomatic", "urgent")
    assert f"label-{extrusion['label']}" in mark.get_attribute("class")
    card = page.locator('[data-testid="finding"][data-type="disc_extrusion"]').first
    assert card.get_attribute("data-label") == extrusion["label"]
    assert "L4-L5" in card.inner_text()
    assert page.locator('[data-testid="finding"]').count() == len(expected["findings"])
    # The absent stenosis is shown muted
    if any(f["assertion"] == "absent" for f in expected["findings"]):
        assert page.locator("mark.muted").count() >= 1
    assert "never means that the pain is not real" in page.inner_text("#concordance")

    # Assert: the screenshot is not blank
    png = page.screenshot(full_page=True)
    (tmp_path / "page.png").write_bytes(png)
    from PIL import Image, ImageStat

    image = Image.open(io.BytesIO(png)).convert("L")
    assert image.size[0] >= 1000
    assert ImageStat.Stat(image).stddev[0] > 10, "page screenshot looks blank"


def test_browser_page_shows_red_flags_first(page):
    # Arrange / Act: a draft with a red-flag finding
    page.fill("#draft", "")
    page.fill("#clinical", "urinary retention and saddle anaesthesia")
    page.click("#draft")
    page.keyboard.type(
        "L4-5: Large central disc extrusion with severe compression of the cauda equina.", delay=1
    )
    page.wait_for_function("document.querySelectorAll('[data-testid=finding]').length > 0", timeout=20_000)
    page.wait_for_timeout(600)

    # Assert: if the tool raises a red flag, the red-flag box is visible above the findings
    urgent = page.locator('[data-testid="finding"][data-label="urgent"]').count()
    flags_box = page.locator('[data-testid="redflags"]')
    if urgent:
        assert flags_box.is_visible()
        first = page.locator('[data-testid="finding"]').first
        assert first.get_attribute("data-label") == "urgent"
    else:
        assert flags_box.is_hidden() or page.locator("#redflag-list li").count() > 0


def test_browser_page_reports_bad_input(page):
    # Act: an impossible age
    page.fill("#age", "300")
    page.fill("#draft", "L5-S1: mild disc bulge.")
    page.dispatch_event("#draft", "input")

    # Assert: a clear message, no crash
    page.wait_for_function("document.getElementById('status').classList.contains('error')", timeout=10_000)
    assert "age" in page.inner_text("#status")


def test_browser_page_example_and_copy(page):
    # Arrange: start from an empty page state
    page.fill("#draft", "")
    page.fill("#age", "")
    page.fill("#clinical", "")
    page.select_option("#sex", "F")

    # Act: the example button fills a draft, age and clinical text
    page.click("#example")
    page.wait_for_function(
        "document.querySelectorAll('mark[data-testid=highlight]').length >= 3", timeout=20_000
    )
    page.wait_for_timeout(400)

    # Assert: benchmark sentences (if the classifier produced any) can be copied
    benches = page.locator('[data-testid="benchmark"]').count()
    copy_all = page.locator('[data-testid="copy-all"]')
    if benches:
        copy_all.click()
        page.wait_for_function(
            "document.querySelector('[data-testid=copy-all]').textContent === 'Copied'", timeout=5_000
        )
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.splitlines() == page.locator('[data-testid="benchmark"]').all_inner_texts()
    else:
        assert copy_all.is_disabled()
    # Optional: the screenshot used in docs/ (LUMBAR_NLP_SCREENSHOT_DIR=docs/img)
    out_dir = os.environ.get("LUMBAR_NLP_SCREENSHOT_DIR")
    if out_dir:
        page.wait_for_timeout(1500)  # let "Copied" fade
        page.screenshot(path=str(Path(out_dir) / "page.png"), full_page=False)


def test_browser_page_keeps_highlights_while_typing(page):
    # Arrange: an analysed draft
    page.fill("#age", "50")
    page.fill("#draft", "L3-4: mild disc bulge.\nL4-5: small left paracentral disc extrusion.")
    page.dispatch_event("#draft", "input")
    page.locator('mark[data-type="disc_extrusion"]').first.wait_for(state="attached", timeout=20_000)

    # Act: type at the start of the draft; look before the page asks the server again
    page.focus("#draft")
    page.keyboard.press("Control+Home")
    page.keyboard.type("MRI: ", delay=0)
    marks = page.evaluate("""() => [...document.querySelectorAll('#highlights mark')]
        .map((m) => [m.dataset.type, m.textContent])""")

    # Assert: the highlights moved with the text
    assert ["disc_extrusion", "disc extrusion"] in marks
