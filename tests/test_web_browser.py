"""The practice page in a real browser: Debian's Chromium, headless, driven by Selenium.

Skipped where Chromium or chromedriver is not installed, except under CI (``CI`` set),
where ``.ci/run`` installs them and a missing browser is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
pytest.importorskip("selenium")

from web_server import browser_available, chromium, running

from jobcareer.transcripts import explain_transcript
from jobcareer.web import create_app

if not browser_available():
    if os.environ.get("CI"):
        raise RuntimeError("CI needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium "
                           "chromium-driver); .ci/run installs them")
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

CAREER = "I want to master this craft and grow into leading a team in five years."
JOB = "The hours fit my kids' school run."


@pytest.fixture(scope="module")
def page(bundled_model):
    with running(create_app(bundled_model)) as url, chromium() as driver:
        driver.get(url + "/")
        yield driver


def _type_and_wait(driver, text):
    box = driver.find_element(By.ID, "answer")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    box.send_keys(text)
    wait = WebDriverWait(driver, 15)
    wait.until(lambda d: d.find_element(By.ID, "highlighted").text == text)
    return wait


def test_typing_an_answer_shows_the_label_and_highlights_a_phrase(page, bundled_model):
    _type_and_wait(page, CAREER)
    exp = bundled_model.explain(CAREER)
    assert page.find_element(By.ID, "label-badge").text == "career-oriented"
    assert page.find_element(By.ID, "summary").text == exp.summary
    shown = page.find_element(By.ID, "score-text").text  # "P(career) = 97 %", or ">99 %" near 1
    assert shown in (f"P(career) = {round(100 * exp.score)} %", "P(career) = >99 %")
    marks = page.find_elements(By.CSS_SELECTOR, "#highlighted mark")
    assert [m.text for m in marks] == [p.text for p in exp.highlighted]
    assert {m.get_attribute("data-label") for m in marks} <= {"career", "job"}
    assert "career" in {m.get_attribute("data-label") for m in marks}
    rows = page.find_elements(By.CSS_SELECTOR, "#sentences tbody tr")
    assert len(rows) == len(exp.sentences)
    assert page.find_element(By.ID, "verdict-change").text


def test_a_new_answer_replaces_the_verdict(page):
    _type_and_wait(page, JOB)
    assert page.find_element(By.ID, "label-badge").text == "job-oriented"
    assert any(m.get_attribute("data-label") == "job"
               for m in page.find_elements(By.CSS_SELECTOR, "#highlighted mark"))


def test_an_example_button_works_from_the_keyboard(page):
    button = page.find_element(By.CSS_SELECTOR, "#example-buttons button")
    button.send_keys(Keys.ENTER)  # focus it and press Enter: no mouse needed
    WebDriverWait(page, 15).until(
        lambda d: d.find_element(By.ID, "answer").get_attribute("value")
        and d.find_element(By.ID, "highlighted").text == d.find_element(By.ID, "answer").get_attribute("value")
    )
    assert page.find_element(By.ID, "label-badge").text in ("job-oriented", "career-oriented")


def test_the_page_loads_nothing_from_another_host(page):
    urls = page.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    base = page.current_url.split("/")[2]
    assert urls and all(url.split("/")[2] == base for url in urls), urls
    logs = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert not logs, logs
    assert ec.visibility_of_element_located((By.ID, "result"))(page)


def test_uploading_a_transcript_shows_the_per_answer_report(page, bundled_model):
    path = Path(__file__).parent / "data" / "transcripts" / "interview.vtt"
    expected = explain_transcript(bundled_model, path)
    page.find_element(By.ID, "transcript").send_keys(str(path))  # what choosing the file does
    page.find_element(By.ID, "candidate").send_keys("Priya")
    page.find_element(By.CSS_SELECTOR, "#transcript-form button").send_keys(Keys.ENTER)  # from the keyboard
    WebDriverWait(page, 20).until(lambda d: d.find_element(By.ID, "transcript-report").is_displayed())
    rows = page.find_elements(By.CSS_SELECTOR, "#transcript-answers tbody tr")
    assert len(rows) == len(expected.answers) == 5
    cells = [[c.text for c in row.find_elements(By.TAG_NAME, "td")] for row in rows]
    assert [c[1] for c in cells] == [a.answer.question for a in expected.answers]
    assert [c[3] for c in cells] == [a.explanation.label for a in expected.answers]
    assert [c[5] for c in cells] == ["yes" if a.explanation.low_evidence else "no" for a in expected.answers]
    assert [c[2] for c in cells] == [a.time_span() for a in expected.answers]  # "00:05-00:16" as in the report
    assert page.find_element(By.ID, "transcript-profile").text.startswith("5 answers by Priya.")
    link = page.find_element(By.ID, "transcript-download")
    WebDriverWait(page, 20).until(lambda d: link.is_displayed())
    assert link.get_attribute("download") == "interview.report.html"
    report = page.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done(String(e)));",
        link.get_attribute("href"),
    )
    assert report.startswith("<!DOCTYPE html>") and report.count('<section id="answer-') == 5
    assert "5 answers" in page.find_element(By.ID, "transcript-status").text


def test_a_malformed_transcript_shows_the_readers_line(page):
    path = Path(__file__).parent / "data" / "transcripts" / "bad_timing.vtt"
    page.find_element(By.ID, "transcript").send_keys(str(path))
    page.find_element(By.ID, "candidate").clear()
    page.find_element(By.CSS_SELECTOR, "#transcript-form button").send_keys(Keys.ENTER)
    status = page.find_element(By.ID, "transcript-status")
    WebDriverWait(page, 20).until(lambda d: status.text.startswith("No report:"))
    assert "bad_timing.vtt:6: malformed cue timing" in status.text
    assert not page.find_element(By.ID, "transcript-report").is_displayed()


def test_the_api_docs_render_from_local_assets(page):
    base = "/".join(page.current_url.split("/")[:3])
    page.get(base + "/docs")
    WebDriverWait(page, 20).until(
        lambda d: "jobcareer" in d.find_element(By.CSS_SELECTOR, ".swagger-ui .info .title").text
    )
    assert page.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")  # the endpoints are listed
    urls = page.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(url.split("/")[2] == base.split("/")[2] for url in urls), urls
    page.get(base + "/")
