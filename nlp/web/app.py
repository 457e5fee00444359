"""FastAPI app: ``POST /analyze``, ``GET /health``, the page at ``/`` and a bundled API page at ``/docs``.

Only the public API (``nlp.load`` / ``nlp.analyze``) is called. Report text is never logged: the
access log lists method, path and status, and error responses never echo the submitted values.
Everything the page needs is in ``nlp/web/static``; nothing is fetched from elsewhere at run time
(FastAPI's own Swagger/ReDoc pages load a CDN, so they are replaced by ``static/docs.html``).
"""

from __future__ import annotations

import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

STATIC = Path(__file__).resolve().parent / "static"
MAX_BODY = 1_000_000
MAX_TEXT_CHARS = 100_000  # a draft is a few thousand characters; analysis time grows faster than linearly


class SymptomsIn(BaseModel):
    """Structured symptoms (all optional)."""

    model_config = ConfigDict(extra="forbid")
    side: Literal["left", "right", "bilateral", "none"] | None = None
    roots: list[str] = Field(default_factory=list, max_length=20)
    syndrome: list[str] = Field(default_factory=list, max_length=20)
    red_flags: list[str] = Field(default_factory=list, max_length=20)


class AnalyzeRequest(BaseModel):
    """One draft report plus what is known about the patient."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "text": "L4-5: small left paracentral disc extrusion compressing the left L5 root.",
                    "age": 54,
                    "sex": "F",
                    "clinical": "left leg pain to the dorsum of the foot",
                }
            ]
        },
    )
    text: str = Field(..., max_length=MAX_TEXT_CHARS, description="The report as dictated (any sections).")
    age: int | None = Field(None, ge=0, le=120, description="Years.")
    sex: Literal["F", "M"] | None = None
    clinical: str | None = Field(None, description="Free-text symptoms / indication / exam.")
    symptoms: SymptomsIn | None = None
    id: str | int | None = Field(None, description="Returned unchanged.")


class BodySizeLimit:
    """ASGI middleware: refuse request bodies over ``max_body`` bytes with 413, before any parsing."""

    def __init__(self, app, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    if int(value) > self.max_body:
                        return await self._too_large(send)
                except ValueError:
                    return await self._reply(send, 400, b'{"detail":"invalid Content-Length"}')
        chunks, size, more = [], 0, True
        while more:  # read the whole body (chunked uploads have no Content-Length), capped
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_body:
                return await self._too_large(send)
            chunks.append(body)
            more = message.get("more_body", False)
        data = b"".join(chunks)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _too_large(self, send):
        msg = f'{{"detail":"request body larger than {self.max_body} bytes"}}'.encode()
        return await self._reply(send, 413, msg)

    @staticmethod
    async def _reply(send, status: int, body: bytes):
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def create_app(*, pipeline=None, max_body: int = MAX_BODY, preload: bool = False) -> FastAPI:
    """Build the app. ``pipeline``: a ready ``nlp.load()`` pipeline (else built once, on first use)."""
    import nlp

    state: dict[str, Any] = {"pipeline": pipeline}
    lock = threading.Lock()  # one analysis at a time: spaCy pipelines are not guaranteed thread-safe

    def get_pipeline():
        with lock:
            if state["pipeline"] is None:
                state["pipeline"] = nlp.load()
            return state["pipeline"]

    @asynccontextmanager
    async def lifespan(app):
        if preload:
            get_pipeline()
        yield

    app = FastAPI(
        title="lumbar-nlp",
        version=nlp.__version__,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        description="Findings, likely-incidental labels and symptom concordance for lumbar spine "
        "MRI reports. A low concordance never means that the pain is not real.",
    )

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        # Never echo the submitted values (they may be report text): location, message and type only.
        detail = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.post(
        "/analyze",
        summary="Analyse one report",
        response_description="The record of interface.md: findings, symptoms, concordance, red_flags, errors",
    )
    def analyze_endpoint(req: AnalyzeRequest) -> JSONResponse:
        pipe = get_pipeline()
        t0 = time.perf_counter()
        with lock:
            result = nlp.analyze(
                req.text,
                age=req.age,
                sex=req.sex,
                clinical=req.clinical,
                symptoms=req.symptoms.model_dump() if req.symptoms else None,
                id=req.id,
                pipeline=pipe,
            )
        ms = (time.perf_counter() - t0) * 1000
        return JSONResponse(result.to_dict(), headers={"Server-Timing": f"analyze;dur={ms:.1f}"})

    @app.get("/health", summary="Liveness and version")
    def health() -> dict:
        return {"status": "ok", "version": nlp.__version__, "pipeline_loaded": state["pipeline"] is not None}

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(BodySizeLimit, max_body=max_body)
    return app
