"""A real browser against the running app: headless Debian Chromium driven by Playwright.

Starts ``streamlit run app.py`` on a free localhost port with a fresh database, an instructor password and a test
clock file (``COBSIM_TEST_CLOCK_FILE``: the test moves the app's time by rewriting it). Plays a trainee who fails
a lesson, retries it with new cases, passes it and finds a review due the next day; then an instructor who logs
in, finds that trainee in the roster and downloads the CSVs, while a trainee without the password cannot open
the page. Measures the payer-chain graph's text size at 1400 px and on a 390 px phone. Screenshots go to
``out/screenshots/``. Never downloads a browser: it uses ``/usr/bin/chromium`` (``.ci/run`` installs Debian's).
"""

from __future__ import annotations

import csv
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from cobsim.services.curriculum import load_curriculum
from cobsim.services.fixtures import verify_zip
from cobsim.services.quiz import Question, Quiz
from tests.conftest import ROOT
from ui.state import case_source

CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "out" / "screenshots"
PASSWORD = "correct horse battery staple"
TRAINEE = "Zoë O'Brien-Núñez"
CLASS = 42
N = load_curriculum().lessons[0].questions  #: questions in the first lesson
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MIN_TEXT_PX = 12.0

#: the rendered size (CSS px) of every text in the visible payer-chain graphs: font size times the SVG's scale
MEASURE = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('[data-testid="stGraphVizChart"] svg')) {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    for (const t of svg.querySelectorAll('text')) {
      const m = t.getScreenCTM();
      out.push(parseFloat(t.getAttribute('font-size')) * Math.hypot(m.a, m.b));
    }
  }
  return out;
}"""

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (make browser)"),
]


@dataclass
class App:
    url: str
    clock: Path
    db: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    port = free_port()
    folder = tmp_path_factory.mktemp("app")
    clock = folder / "now"
    clock.write_text("2026-03-02T09:00:00+00:00")
    env = {
        **os.environ,
        "COBSIM_DB": str(folder / "progress.db"),
        "COBSIM_TEST_CLOCK_FILE": str(clock),
        "COBSIM_INSTRUCTOR_PASSWORD": PASSWORD,
    }
    env.pop("COBSIM_INSTRUCTOR_PASSWORD_HASH", None)
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
        yield App(url, clock, folder / "progress.db")
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    return Quiz(load_curriculum(), case_source)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def wait_idle(page: Any) -> None:
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    page.wait_for_timeout(1200)  # let the frontend finish drawing tables and charts


def click(page: Any, label: str) -> None:
    page.get_by_role("button", name=label).first.click()
    page.wait_for_timeout(300)
    wait_idle(page)


def shown(page: Any, quiz: Quiz) -> Question:
    """The question on screen, from the item id the page shows under the progress bar."""
    text = page.get_by_text(re.compile(r"^Item [a-z0-9-]+$")).first.inner_text(timeout=60_000)
    qid = text.removeprefix("Item ").strip()
    lesson = next(x for x in quiz.curriculum.lessons if qid.startswith(x.id + "-"))
    parts = qid.removeprefix(lesson.id + "-").split("-")
    attempt = int(parts[2][1:]) if len(parts) > 2 else 0
    return quiz.question(lesson.id, int(parts[0]), int(parts[1]), attempt=attempt)


def answer(page: Any, q: Question, *, right: bool) -> None:
    if q.correct_choice is None:
        assert q.expected_amounts is not None
        paid, owes = (str(x) for x in q.expected_amounts) if right else ("0.01", "99999")
        page.get_by_role("textbox", name="The secondary pays ($)").fill(paid)
        page.get_by_role("textbox", name="The patient still owes ($)").fill(owes)
    else:
        choice = next(c for c in q.choices if c.correct == right)
        page.get_by_test_id("stRadioGroup").get_by_text(choice.text, exact=True).click(timeout=60_000)
    click(page, "Check answer")
    page.get_by_text("Right." if right else "Not quite.", exact=False).first.wait_for(timeout=60_000)


def text_sizes(page: Any) -> list[float]:
    page.wait_for_selector('[data-testid="stGraphVizChart"] svg text', timeout=60_000)
    page.wait_for_timeout(500)
    sizes: list[float] = page.evaluate(MEASURE)
    return sizes


def sit_lesson(page: Any, quiz: Quiz, *, right: bool) -> list[str]:
    ids = []
    for i in range(N):
        q = shown(page, quiz)
        ids.append(q.id)
        answer(page, q, right=right)
        click(page, "See your result" if i == N - 1 else "Next question")
    return ids


def test_a_trainee_fails_retries_passes_and_reviews_and_the_instructor_sees_it(
    app: App, browser: Any, quiz: Quiz
) -> None:
    # ------------------------------------------------------------------------------ trainee, 1400 px wide
    page = browser.new_page(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
    page.goto(f"{app.url}/?class={CLASS}&name={quote(TRAINEE)}")
    wait_idle(page)
    assert page.title() == "Practise - cobsim"
    assert page.get_by_role("button", name="Deploy").count() == 0  # client.toolbarMode = minimal (auto shows it)
    assert page.get_by_test_id("stMainMenu").count() == 0  # no developer menu either
    page.get_by_text("Worked example", exact=True).wait_for(timeout=60_000)
    sizes = text_sizes(page)
    assert sizes
    assert min(sizes) >= MIN_TEXT_PX, f"graph text {min(sizes):.1f} px at 1400 px"
    page.screenshot(path=str(SHOTS / "01-worked-example-1400.png"), full_page=True)
    click(page, "Start the questions")

    first = sit_lesson(page, quiz, right=False)
    page.get_by_text(f"Lesson complete: 0 of {N} right", exact=False).wait_for(timeout=60_000)
    assert page.get_by_text("What you missed", exact=True).is_visible()
    assert page.get_by_text("Why:", exact=False).count() >= N
    page.screenshot(path=str(SHOTS / "02-lesson-failed.png"), full_page=True)

    click(page, "Practise again with new cases")
    page.get_by_text("Worked example", exact=True).wait_for(timeout=60_000)
    click(page, "Start the questions")
    second = sit_lesson(page, quiz, right=True)
    assert not set(first) & set(second)  # new cases: no graded question comes back as fresh
    assert all(q.endswith("-a1") for q in second)
    page.get_by_text("You passed this lesson", exact=False).wait_for(timeout=60_000)
    page.screenshot(path=str(SHOTS / "03-lesson-passed.png"), full_page=True)

    page.get_by_role("link", name="Review").click()
    wait_idle(page)
    assert page.title() == "Review - cobsim"
    page.get_by_text("Nothing is due now", exact=False).wait_for(timeout=60_000)
    app.clock.write_text("2026-03-03T09:30:00+00:00")  # the next day
    page.reload()
    wait_idle(page)
    page.get_by_text(re.compile(r"rules? to review")).first.wait_for(timeout=60_000)
    q = shown(page, quiz)
    assert int(q.id.rsplit("-a", 1)[1]) > 1000  # a fresh case, not one of the lesson's
    page.screenshot(path=str(SHOTS / "04-review-next-day.png"), full_page=True)
    answer(page, q, right=True)

    # ------------------------------------------------------------- a trainee without the password
    other = browser.new_context(viewport={"width": 1400, "height": 1200}).new_page()
    other.goto(f"{app.url}/instructor")
    wait_idle(other)
    assert other.title() == "Instructor - cobsim"
    box = other.get_by_role("textbox", name="Instructor password")
    box.fill("let me in please")
    click(other, "Open")
    other.get_by_text("That password is not right.", exact=True).wait_for(timeout=60_000)
    assert other.get_by_text(TRAINEE, exact=False).count() == 0
    assert other.get_by_role("button", name=re.compile("Download")).count() == 0
    other.close()

    # ---------------------------------------------------------------------------------------- instructor
    teacher = browser.new_context(viewport={"width": 1400, "height": 1600}, accept_downloads=True).new_page()
    teacher.goto(f"{app.url}/instructor")
    wait_idle(teacher)
    teacher.get_by_role("textbox", name="Instructor password").fill(PASSWORD)
    click(teacher, "Open")
    teacher.get_by_text(TRAINEE, exact=True).first.wait_for(timeout=60_000)
    teacher.screenshot(path=str(SHOTS / "05-instructor-roster.png"), full_page=True)
    with teacher.expect_download() as summary:
        teacher.get_by_role("button", name="Download the class summary (CSV)").click()
    data = Path(summary.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["trainee"] for r in rows] == [TRAINEE]
    assert rows[0]["lessons_passed"] == "1"
    assert rows[0]["answers"] == str(2 * N + 1)  # N wrong, N right, 1 review
    with teacher.expect_download() as log:
        teacher.get_by_role("button", name="Download the answer log (CSV)").click()
    answers = list(csv.DictReader(io.StringIO(Path(log.value.path()).read_bytes().decode("utf-8-sig"))))
    assert len(answers) == 2 * N + 1
    assert {a["source"] for a in answers} == {"lesson", "review"}
    teacher.close()


def test_a_phone_reaches_the_name_box_and_reads_the_graph(app: App, browser: Any) -> None:
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(app.url)
    wait_idle(phone)
    name = phone.get_by_role("textbox", name="Your name")
    box = name.bounding_box()
    assert box is not None
    assert box["x"] >= 0  # on the page itself, not behind the collapsed sidebar
    assert box["x"] + box["width"] <= 390
    assert box["y"] + box["height"] <= 844  # reachable without scrolling or hunting for a menu
    phone.screenshot(path=str(SHOTS / "06-phone-sign-in.png"), full_page=True)
    name.fill("Ana María")
    phone.get_by_role("textbox", name="Class code").fill(str(CLASS + 1))
    click(phone, "Start")
    phone.get_by_text("Worked example", exact=True).wait_for(timeout=60_000)
    sizes = text_sizes(phone)
    assert sizes
    assert min(sizes) >= MIN_TEXT_PX, f"graph text {min(sizes):.1f} px on a 390 px phone"
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # nothing runs off the side of the screen
    phone.screenshot(path=str(SHOTS / "07-phone-worked-example.png"), full_page=True)


def test_a_vendor_downloads_a_fixture_set(app: App, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1600}, accept_downloads=True)
    page.goto(f"{app.url}/fixtures")
    wait_idle(page)
    assert page.title() == "Fixture sets - cobsim"
    cases = page.get_by_role("spinbutton", name="Cases")
    cases.fill("30")
    cases.press("Enter")
    wait_idle(page)
    click(page, "Build the fixture set")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the ZIP").click()
    data = Path(download.value.path()).read_bytes()
    manifest = verify_zip(data)
    assert manifest["count"] == 30
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "SYNTHETIC" in zf.read("README.txt").decode()
    page.close()
