"""A real browser against the running app: headless Debian Chromium driven by Playwright.

Starts ``streamlit run app.py`` on a free localhost port with a fresh database, answers a question the way a
trainee would, builds and downloads a fixture set, and saves screenshots to ``out/screenshots/``.
Never downloads a browser: it uses ``/usr/bin/chromium`` (``.ci/run`` installs Debian's package).
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cobsim.services.curriculum import load_curriculum
from cobsim.services.fixtures import verify_zip
from cobsim.services.quiz import Quiz
from tests.conftest import ROOT
from ui.state import case_source

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "out" / "screenshots"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make browser)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "COBSIM_DB": str(tmp_path_factory.mktemp("db") / "progress.db")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the app did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def wait_idle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_timeout(1500)  # let the frontend finish drawing tables and charts


def test_a_trainee_answers_a_question_and_a_vendor_downloads_fixtures(app_url: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(parents=True, exist_ok=True)
    curriculum = load_curriculum()
    lesson = curriculum.lessons[0]
    question = Quiz(curriculum, case_source).question(lesson.id, 0, 0)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        # tall viewport: Streamlit scrolls inside its own container, so a full-page screenshot needs the height
        page = browser.new_page(viewport={"width": 1400, "height": 3000}, accept_downloads=True)
        page.goto(app_url)
        wait_idle(page)
        name = page.get_by_role("textbox", name="Your name")
        name.fill("Browser Trainee")
        name.press("Enter")
        wait_idle(page)
        # the answer widgets are drawn last: wait for them so the screenshot shows the whole question
        if question.correct_choice is not None:
            page.get_by_text(question.correct_choice.text, exact=True).wait_for(timeout=60_000)
        else:
            page.get_by_role("textbox", name="The secondary pays ($)").wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(SHOTS / "01-question.png"), full_page=True)
        if question.correct_choice is not None:
            page.get_by_text(question.correct_choice.text, exact=True).click(timeout=60_000)
        else:
            assert question.expected_amounts is not None
            page.get_by_role("textbox", name="The secondary pays ($)").fill(str(question.expected_amounts[0]))
            page.get_by_role("textbox", name="The patient still owes ($)").fill(str(question.expected_amounts[1]))
        page.get_by_role("button", name="Check answer").click()
        wait_idle(page)
        assert page.get_by_text("Right.", exact=True).is_visible()
        page.screenshot(path=str(SHOTS / "02-feedback.png"), full_page=True)

        page.get_by_role("link", name="Fixture sets").click()
        wait_idle(page)
        cases = page.get_by_role("spinbutton", name="Cases")
        cases.fill("30")
        cases.press("Enter")
        wait_idle(page)
        page.get_by_role("button", name="Build the fixture set").click()
        wait_idle(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Download the ZIP").click()
        data = Path(download.value.path()).read_bytes()
        manifest = verify_zip(data)
        assert manifest["count"] == 30
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert "SYNTHETIC" in zf.read("README.txt").decode()
        page.screenshot(path=str(SHOTS / "03-fixtures.png"), full_page=True)

        page.get_by_role("link", name="Progress").click()
        wait_idle(page)
        page.screenshot(path=str(SHOTS / "04-progress.png"), full_page=True)
        assert page.get_by_text("Answers").first.is_visible()
        browser.close()
