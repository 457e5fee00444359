"""HTTP API of ``lumbar-nlp serve`` (FastAPI TestClient; the page itself is tested in a real browser)."""

from __future__ import annotations

import json
import logging
import re
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from nlp.analysis import default_pipeline
from nlp.web.app import STATIC, create_app

DRAFT = "L4-5: small left paracentral disc extrusion compressing the left L5 root. No canal stenosis."


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(pipeline=default_pipeline(), max_body=200_000))


def test_web_analyze_returns_interface_record(client):
    # Act
    resp = client.post(
        "/analyze", json={"text": DRAFT, "age": 54, "sex": "F", "clinical": "left leg pain", "id": "draft-1"}
    )

    # Assert
    assert resp.status_code == 200
    record = resp.json()
    assert set(record) == {"id", "findings", "symptoms", "concordance", "red_flags", "errors"}
    assert record["id"] == "draft-1"
    ext = next(f for f in record["findings"] if f["type"] == "disc_extrusion")
    assert DRAFT[ext["start"] : ext["end"]] == ext["text"]
    assert ext["level"] == "L4-L5"
    assert re.fullmatch(r"analyze;dur=[\d.]+", resp.headers["server-timing"])


def test_web_analyze_accepts_structured_symptoms(client):
    resp = client.post(
        "/analyze",
        json={"text": DRAFT, "symptoms": {"side": "left", "roots": ["L5"], "syndrome": ["radicular_pain"]}},
    )
    assert resp.status_code == 200 and resp.json()["errors"] == []


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({"text": DRAFT, "colour": "red"}, ["body", "colour"]),
        ({"text": DRAFT, "age": 300}, ["body", "age"]),
        ({"text": DRAFT, "sex": "X"}, ["body", "sex"]),
        ({"text": 42}, ["body", "text"]),
        ({"age": 40}, ["body", "text"]),
        ({"text": DRAFT, "symptoms": {"side": "up"}}, ["body", "symptoms", "side"]),
    ],
    ids=["extra-field", "age-range", "sex", "text-type", "no-text", "symptoms-side"],
)
def test_web_analyze_rejects_bad_input_with_422(client, body, loc):
    resp = client.post("/analyze", json=body)
    assert resp.status_code == 422
    detail = resp.json()["detail"]
    assert detail[0]["loc"] == loc
    assert "input" not in detail[0]  # submitted values are never echoed
    assert DRAFT not in resp.text


def test_web_analyze_rejects_malformed_json(client):
    resp = client.post("/analyze", content=b'{"text": "L4-5', headers={"content-type": "application/json"})
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["type"] == "json_invalid"


def test_web_request_size_limit_413(client):
    resp = client.post("/analyze", json={"text": "disc bulge. " * 20_000})
    assert resp.status_code == 413
    assert "larger than 200000 bytes" in resp.json()["detail"]


def test_web_text_length_limit_422(client):
    resp = client.post("/analyze", json={"text": "disc bulge. " * 9_000})
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["type"] == "string_too_long"


def test_web_request_size_limit_without_content_length(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(30):
            yield b"x" * 10_000
        yield b'"}'

    resp = client.post("/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert resp.status_code == 413


def test_web_health_and_docs(client):
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["pipeline_loaded"] is True
    assert "/analyze" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 200


def test_web_page_is_self_contained(client):
    # Arrange
    page = client.get("/")
    assert page.status_code == 200
    texts = [page.text] + [p.read_text(encoding="utf-8") for p in Path(STATIC).iterdir() if p.is_file()]

    # Assert: no asset from another host (links in prose are allowed only to this server)
    for text in texts:
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
        assert not re.search(r"""url\(\s*["']?(https?:)?//""", text)
        assert "@import" not in text
    for asset in ("/static/app.js", "/static/app.css"):
        assert client.get(asset).status_code == 200


def test_web_never_logs_report_text(client, caplog):
    secret = "Zyxwvut unique phrase disc bulge at L4-5."
    with caplog.at_level(logging.DEBUG):
        client.post("/analyze", json={"text": secret, "clinical": "Qwerty pain"})
        client.post("/analyze", json={"text": secret, "bogus": 1})
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Zyxwvut" not in logged and "Qwerty" not in logged


def test_web_lazy_pipeline_loads_once():
    calls = []

    def fake_loader():
        calls.append(1)
        return default_pipeline()

    import nlp

    original = nlp.load
    nlp.load = fake_loader
    try:
        app_client = TestClient(create_app())
        assert app_client.get("/health").json()["pipeline_loaded"] is False
        for _ in range(3):
            assert app_client.post("/analyze", json={"text": DRAFT}).status_code == 200
    finally:
        nlp.load = original
    assert calls == [1]


def test_web_openapi_schema_forbids_extra_fields(client):
    schema = client.get("/openapi.json").json()["components"]["schemas"]["AnalyzeRequest"]
    assert schema.get("additionalProperties") is False
    assert json.dumps(schema)  # serialisable
