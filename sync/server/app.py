"""The county server's FastAPI application."""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import MAX_BODY_BYTES, MIN_CLIENT_PROTOCOL, SERVER_VERSION, SyncRequest

from . import auth, errors, restore, routes_sync
from .db import init_db, instance_id, make_engine
from .middleware import BodyMiddleware
from .writer import GroupWriter


def create_app(db: str | Engine, *, init: bool = True, min_client_protocol: int = MIN_CLIENT_PROTOCOL) -> FastAPI:
    """The app over a database URL (or an engine). `init` creates the schema when missing;
    `min_client_protocol` raises the oldest client protocol accepted (older clients get 426)."""
    engine = make_engine(db) if isinstance(db, str) else db
    if init:
        init_db(engine)
    # No /docs or /redoc: FastAPI's pages load Swagger UI / ReDoc from a CDN, so on a county LAN without
    # internet they are blank. The document itself is at /openapi.json; /docs says so (no outside files).
    app = FastAPI(title="村级就业帮扶台账 县服务器 (VillageLedger county server)", version=SERVER_VERSION,
                  description="Sync protocol: see docs/sync-protocol.md. Every data request carries "
                              "X-Protocol-Version and Authorization: Bearer <token>.",
                  docs_url=None, redoc_url=None)
    app.state.db = engine
    app.state.instance_id = instance_id(engine)
    app.state.min_client_protocol = min_client_protocol
    app.state.writer = GroupWriter(engine)
    app.add_exception_handler(RequestValidationError, errors.invalid_request)   # Chinese, naming the field
    app.add_exception_handler(StarletteHTTPException, errors.http_error)        # 404/405 too; adds a code
    app.include_router(routes_sync.hello_router)
    app.include_router(auth.router)
    app.include_router(routes_sync.router)
    app.include_router(restore.router)
    app.add_api_route("/docs", _docs_pointer, methods=["GET"], include_in_schema=False)
    app.add_middleware(BodyMiddleware, max_bytes=MAX_BODY_BYTES)
    _document_raw_bodies(app)
    return app


def _docs_pointer() -> HTMLResponse:
    return HTMLResponse(
        "<!doctype html><meta charset='utf-8'><title>县服务器接口文档</title>"
        "<p>本服务器的接口文档（OpenAPI）在 <a href='/openapi.json'>/openapi.json</a>，可用任何 OpenAPI 工具打开；"
        "同步协议的说明见程序目录中的 docs/sync-protocol.md。</p>"
        "<p>The OpenAPI document is at <a href='/openapi.json'>/openapi.json</a> (no browsable page: it would "
        "need files from the internet).</p>")


def _document_raw_bodies(app: FastAPI) -> None:
    """/sync reads its body itself (to parse it off the event loop); put its model in the document."""
    build = app.openapi

    def openapi():
        if app.openapi_schema is None:
            doc = build()
            schema = SyncRequest.model_json_schema(ref_template="#/components/schemas/{model}")
            components = doc.setdefault("components", {}).setdefault("schemas", {})
            components.update(schema.pop("$defs", {}))
            components["SyncRequest"] = schema
        return app.openapi_schema

    app.openapi = openapi
