"""The FastAPI application: routes, dashboard, body limit, security headers, JSON errors."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from tollwatch import __version__
from tollwatch.api.deps import Services
from tollwatch.api.middleware import BodyLimit, CatchAll, SecurityHeaders
from tollwatch.api.routes import claims, documents, exports, health, incidents, rulings
from tollwatch.errors import DecisionError, NotFoundError, TollwatchError

if TYPE_CHECKING:
    from tollwatch.extract.pipeline import Extractor

log = logging.getLogger(__name__)

MAX_BODY = 2_000_000
DESCRIPTION = (
    "A sourced, reconciled, revision-tracked casualty ledger. Reads are open unless the server "
    "was started with closed reads; writes (POST /documents) need `Authorization: Bearer <token>`. "
    "Every error is a JSON object with a `message`."
)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        {"message": str(exc.detail)},
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    where = ", ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors[:5])
    return JSONResponse(
        {"message": f"invalid request: {where}", "errors": jsonable_encoder(errors)},
        status_code=422,
    )


async def _not_found(_request: Request, exc: Exception) -> JSONResponse:
    # The one place a missing incident, document or claim becomes a 404.
    assert isinstance(exc, NotFoundError)
    return JSONResponse({"message": str(exc)}, status_code=404)


async def _decision_error(_request: Request, exc: Exception) -> JSONResponse:
    # An analyst's merge, split or correction the ledger refuses: the request is at fault.
    assert isinstance(exc, DecisionError)
    return JSONResponse({"message": str(exc)}, status_code=422)


async def _library_error(request: Request, exc: Exception) -> JSONResponse:
    # A library error that a route did not translate is ours to fix, but its message is safe.
    log.error("%s %s: %s", request.method, request.url.path, exc)
    return JSONResponse({"message": str(exc)}, status_code=500)


def include_dashboard_routes(app: FastAPI) -> None:
    """The dashboard's aggregates (GET /summary) and incident decisions (merge, split)."""
    from tollwatch.api.routes import corrections, summary

    for module in (summary, corrections):
        app.include_router(module.router)


def create_app(
    ledger_url: str | None = None,
    token: str | None = None,
    open_reads: bool = True,
    *,
    extractor: Extractor | None = None,
    max_body: int = MAX_BODY,
    dashboard: bool = True,
    preload: bool = False,
) -> FastAPI:
    """The tollwatch service over the ledger at ``ledger_url`` (opened now, closed at shutdown).

    ``token`` guards writes (and reads when ``open_reads`` is False); ``extractor`` lets a
    process that already loaded one share it, else it is loaded on the first extraction
    (or at startup, in the background, with ``preload``).
    """
    from tollwatch.store import Ledger

    ledger = Ledger.open(ledger_url)
    services = Services(
        ledger=ledger,
        token=token or None,
        open_reads=open_reads,
        database=ledger.engine.dialect.name,
        extractor=extractor,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if preload:  # load spaCy now, in the background, so the first extraction is quick
            threading.Thread(target=services.load_extractor, daemon=True).start()
        yield
        ledger.close()

    app = FastAPI(
        title="tollwatch",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.services = services
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(NotFoundError, _not_found)
    app.add_exception_handler(DecisionError, _decision_error)
    app.add_exception_handler(TollwatchError, _library_error)
    for module in (health, incidents, claims, documents, exports, rulings):
        app.include_router(module.router)
    include_dashboard_routes(app)
    if dashboard:
        from tollwatch.web import mount_dashboard

        mount_dashboard(app)
    app.add_middleware(CatchAll)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(SecurityHeaders)
    return app
