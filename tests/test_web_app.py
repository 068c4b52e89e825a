"""jobcareer.web.app: the JSON API and the page's assets, in-process (no server, no network)."""

from __future__ import annotations

import concurrent.futures
import json
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from jobcareer.transcripts import TranscriptError, explain_transcript
from jobcareer.transcripts import parse as parse_transcript
from jobcareer.transcripts import read as read_transcript
from jobcareer.transcripts.render import to_json
from jobcareer.web import Limits, create_app

JOB = "The hours fit my kids' school run."
CAREER = "I want to master this craft and grow into leading a team in five years."


@pytest.fixture(scope="module")
def client(bundled_model) -> TestClient:
    limits = Limits(max_answer_chars=300, max_answers=5, max_body_bytes=4_000, max_file_bytes=2_000)
    return TestClient(create_app(bundled_model, limits))


def test_explain_returns_the_explanation_and_what_the_page_shows(client, bundled_model):
    response = client.post("/api/explain", json={"text": JOB})
    assert response.status_code == 200
    data = response.json()
    exp = bundled_model.explain(JOB)
    assert data["label"] == "job" and data["score"] == exp.score
    assert data["summary"] == exp.summary and data["low_evidence"] == exp.low_evidence
    assert [data["phrases"][i]["text"] for i in data["highlighted"]] == [p.text for p in exp.highlighted]
    assert data["verdict_change"]["label_after"] in ("career", "job")
    assert [s["text"] for s in data["sentences"]] == [s.text for s in exp.sentences]


def test_classify_returns_labels_scores_and_low_evidence_in_order(client, bundled_model):
    texts = [CAREER, JOB, "hello there"]
    results = client.post("/api/classify", json={"texts": texts}).json()["results"]
    assert [r["label"] for r in results] == ["career", "job", bundled_model.predict(["hello there"])[0]]
    assert [r["career_score"] for r in results] == bundled_model.predict_proba(texts)[:, 0].tolist()
    assert [r["low_evidence"] for r in results] == [e.low_evidence for e in bundled_model.explain_many(texts)]


def test_info_names_the_version_the_model_and_the_limits(client):
    info = client.get("/api/info").json()
    assert info["version"] and "test_metrics" in info["model"]
    assert info["limits"]["max_answer_chars"] == 300


@pytest.mark.parametrize(
    ("path", "payload", "status", "message"),
    [
        ("/api/explain", {"text": "x" * 301}, 422, "301 characters; the limit is 300"),
        ("/api/explain", {"text": "   "}, 422, "empty or blank"),
        ("/api/classify", {"texts": [JOB] * 6}, 422, "6 answers; the limit is 5"),
        ("/api/classify", {"texts": []}, 422, "no answers"),
        ("/api/classify", {"texts": [JOB, ""]}, 422, "at index 1 is empty"),
        ("/api/explain", {"text": "word " * 1000}, 413, "over the limit of 4,000 bytes"),
    ],
)
def test_requests_over_the_limits_get_a_clear_4xx(client, path, payload, status, message):
    response = client.post(path, json=payload)
    assert response.status_code == status
    assert message in response.json()["detail"]


def test_a_chunked_body_over_the_limit_is_refused_too(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(50):
            yield b"a" * 100
        yield b'"}'

    response = client.post("/api/explain", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_a_malformed_request_is_a_422(client):
    assert client.post("/api/explain", json={"answer": JOB}).status_code == 422
    assert client.post("/api/classify", json={"texts": "one answer"}).status_code == 422


def test_an_uploaded_csv_comes_back_scored(client, bundled_model):
    body = f'id,answer\n1,"{JOB}"\n2,{CAREER}\n'.encode()
    response = client.post("/api/score-file?format=csv&column=answer", content=body)
    assert response.status_code == 200
    assert 'filename="scored.csv"' in response.headers["content-disposition"]
    lines = response.text.splitlines()
    assert lines[0] == "id,answer,label,career_score,low_evidence"
    assert lines[1].startswith(f'1,{JOB},job,') and lines[2].startswith(f"2,{CAREER},career,")


def test_an_uploaded_jsonl_comes_back_scored(client):
    body = f'{{"text": "{JOB}", "who": "a"}}\n{{"text": "{CAREER}", "who": "b"}}\n'.encode()
    response = client.post("/api/score-file?format=jsonl", content=body)
    rows = [json.loads(line) for line in response.text.splitlines()]
    assert [(r["who"], r["label"]) for r in rows] == [("a", "job"), ("b", "career")]


@pytest.mark.parametrize(
    ("query", "body", "status", "message"),
    [
        ("format=csv", b"id,text\n1,\n", 422, "row 1 is empty"),
        ("format=csv&column=answer", b"id,text\n1,hi\n", 422, "no text in column 'answer'"),
        ("format=jsonl", b'{"text": "hi"}\nnot json\n', 422, "line 2: malformed JSON"),
        ("format=csv", b"text\n" + b"I need the paycheck.\n" * 6, 422, "more than 5 answers"),
        ("format=csv", b"text\n" + b"x" * 2_500, 413, "over the limit of 2,000 bytes"),
        ("format=csv", b"text\n\xff\xfe\n", 422, "not UTF-8"),
        ("format=xml", b"text\nhi\n", 422, ""),
    ],
)
def test_a_bad_file_is_refused_with_the_row_named(client, query, body, status, message):
    response = client.post(f"/api/score-file?{query}", content=body)
    assert response.status_code == status
    assert message in str(response.json()["detail"])


def test_the_page_and_its_assets_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200 and "<textarea" in page.text
    for asset in ("/static/app.js", "/static/style.css"):
        assert client.get(asset).status_code == 200
    assert "http://" not in page.text and "https://" not in page.text


def test_the_api_docs_load_swagger_ui_from_this_server(client):
    docs = client.get("/docs")
    assert docs.status_code == 200
    import re

    urls = re.findall(r'(?:src|href)="([^"]+)"', docs.text)
    assert urls and all(url.startswith("/") for url in urls), urls
    assert all(client.get(url).status_code == 200 for url in urls)
    schema = client.get("/openapi.json").json()
    assert {"/api/explain", "/api/classify", "/api/info", "/api/score-file"} <= set(schema["paths"])


def test_one_shared_model_answers_concurrent_requests_correctly(client, bundled_model):
    texts = [JOB, CAREER, "The pay is fine, but I want to learn from the senior engineers."] * 8
    expected = bundled_model.predict_proba(texts)[:, 0].tolist()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        scores = list(pool.map(lambda t: client.post("/api/explain", json={"text": t}).json()["score"], texts))
    # an explanation sums its contributions exactly (math.fsum), predict_proba with numpy:
    # the two agree to the last bits or so; a mixed-up answer would be off by far more
    assert scores == pytest.approx(expected, rel=1e-12, abs=1e-12)


# --- POST /api/transcript: the per-answer report of an uploaded interview transcript ---

TRANSCRIPTS = Path(__file__).parent / "data" / "transcripts"


def _upload(client, name, query="", body=None):
    content = (TRANSCRIPTS / name).read_bytes() if body is None else body
    return client.post(f"/api/transcript?filename={name}{query}", content=content)


@pytest.fixture(scope="module")
def transcript_client(bundled_model) -> TestClient:
    limits = Limits(max_answer_chars=300, max_answers=7, max_body_bytes=4_000, max_file_bytes=3_000)
    return TestClient(create_app(bundled_model, limits))


@pytest.mark.parametrize("name", ["interview.vtt", "interview.srt", "interview.txt", "interview.json"])
def test_a_transcript_gives_the_reports_json_for_every_format(transcript_client, bundled_model, name):
    response = _upload(transcript_client, name)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    expected = explain_transcript(bundled_model, TRANSCRIPTS / name)
    expected_json = json.loads(to_json(replace(expected, source=name)))
    assert response.json() == expected_json
    assert len(response.json()["answers"]) == 5


def test_the_format_parameter_overrides_the_file_name(transcript_client):
    body = (TRANSCRIPTS / "interview.vtt").read_bytes()
    response = transcript_client.post("/api/transcript?filename=notes.dat&format=vtt", content=body)
    assert response.status_code == 200 and len(response.json()["answers"]) == 5
    refused = transcript_client.post("/api/transcript?filename=notes.dat", content=body)
    assert refused.status_code == 422 and "'.dat'" in refused.json()["detail"]


def test_a_named_candidate_has_their_answers_reported(transcript_client, bundled_model):
    data = _upload(transcript_client, "interview.srt", "&candidate=morgan").json()  # any case
    assert data["candidate"] == "Morgan"
    assert data["answers"][0]["question"] is None  # Morgan speaks first
    assert data["answers"][1]["question"].startswith("Honestly the hours fit")  # Priya's words, answered by Morgan
    expected = explain_transcript(bundled_model, read_transcript(TRANSCRIPTS / "interview.srt"), candidate="Morgan")
    assert [a["explanation"]["score"] for a in data["answers"]] == [a.explanation.score for a in expected.answers]
    assert data["profile"]["n_answers"] == len(expected.answers) == 7


def test_an_unknown_candidate_is_a_422_naming_the_speakers(transcript_client):
    response = _upload(transcript_client, "interview.srt", "&candidate=Alex")
    assert response.status_code == 422
    assert "'Alex' does not speak in this transcript; speakers: Morgan, Priya" in response.json()["detail"]


def test_report_html_gives_the_self_contained_report(transcript_client):
    response = _upload(transcript_client, "interview.vtt", "&report=html")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert 'filename="interview.report.html"' in response.headers["content-disposition"]
    page = response.text
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page.split("<body")[1]
    assert page.count('<section id="answer-') == 5


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("bad_timing.vtt", "bad_timing.vtt:6: malformed cue timing"),
        ("bad.srt", "bad.srt"),
        ("bad.json", "bad.json:3: invalid JSON"),
    ],
)
def test_a_malformed_transcript_is_a_422_with_the_readers_line(transcript_client, name, line):
    response = _upload(transcript_client, name)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith(line) and "\n" not in detail
    with pytest.raises(TranscriptError) as err:  # the very line the reader gives
        parse_transcript((TRANSCRIPTS / name).read_text(), name.split(".")[1].replace("txt", "text"), name=name)
    assert detail == str(err.value)


@pytest.mark.parametrize(
    ("query", "body", "status", "message"),
    [
        ("", b"WEBVTT\n\n" + b"00:00:00.000 --> 00:00:01.000\nAna: hi\n\n" * 100, 413, "over the limit of 3,000 bytes"),
        ("", b"\xff\xfeWEBVTT", 422, "talk.vtt:1: not UTF-8"),
        ("&format=csv", b"Ana: hi", 422, ""),
    ],
)
def test_a_refused_transcript_names_the_problem(transcript_client, query, body, status, message):
    response = transcript_client.post(f"/api/transcript?filename=talk.vtt{query}", content=body)
    assert response.status_code == status
    assert message in str(response.json()["detail"])


def test_a_transcript_over_the_answer_limits_is_a_422(transcript_client):
    many = "".join(f"Sam: Question {i}?\nAna: The pay is fine and the hours suit me.\n" for i in range(8))
    response = transcript_client.post("/api/transcript?filename=t.txt", content=many.encode())
    assert response.status_code == 422 and "8 answers; the limit is 7" in response.json()["detail"]
    long = "Sam: Why?\nAna: " + " ".join(["I like the pay."] * 25) + "\n"
    response = transcript_client.post("/api/transcript?filename=t.txt", content=long.encode())
    assert response.status_code == 422 and "answer 1 (t.txt:2) has 399 characters" in response.json()["detail"]


def test_the_transcript_endpoint_is_in_the_api_docs(transcript_client):
    assert "/api/transcript" in transcript_client.get("/openapi.json").json()["paths"]
