"""jobcareer.web.app: the JSON API and the page's assets, in-process (no server, no network)."""

from __future__ import annotations

import concurrent.futures

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

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
    import json

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
    assert scores == expected
