"""The FastAPI application: routes, dashboard, body limit, security headers, JSON errors."""

from __future__ import annotations

import itertools
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
from tollwatch.api.deps import EXTRACT_BURST, EXTRACT_RATE, RateLimit, Services
from tollwatch.api.middleware import BodyLimit, CatchAll, RefuseNul, SecurityHeaders
from tollwatch.api.routes import claims, documents, exports, health, incidents, rulings
from tollwatch.errors import (
    DecisionError,
    InputError,
    NotFoundError,
    StoreError,
    StoreUnavailable,
    TollwatchError,
)

if TYPE_CHECKING:
    from tollwatch.extract.pipeline import Extractor

log = logging.getLogger(__name__)

MAX_BODY = 2_000_000
MAX_ERRORS = 20  # validation errors listed in a 422 body; the rest are counted
MAX_ERROR_TEXT = 200  # characters of one error's message or location
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


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_ERROR_TEXT else text[:MAX_ERROR_TEXT] + "..."


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    # Bounded: a body with 150,000 unknown keys gets the first MAX_ERRORS errors and a count,
    # not a 13 MB list; and no error echoes the input value back.
    assert isinstance(exc, RequestValidationError)
    found = exc.errors()
    errors = [
        {"loc": [_short(p) for p in list(e.get("loc", ()))[:10]], "msg": _short(e.get("msg", "")),
         "type": _short(e.get("type", ""))}
        for e in itertools.islice(found, MAX_ERRORS)
    ]
    where = ", ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors[:5])
    more = f" (and {len(found) - len(errors)} more)" if len(found) > len(errors) else ""
    return JSONResponse(
        {"message": f"invalid request: {where}{more}", "errors": jsonable_encoder(errors),
         "error_count": len(found)},
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
    """A library error a route did not translate: its reason (never SQL, parameters or a
    traceback: store errors are built without them), with the status its kind deserves."""
    log.error("%s %s: %s", request.method, request.url.path, exc)
    if isinstance(exc, StoreUnavailable):
        return JSONResponse({"message": "the ledger is unavailable; retry shortly"},
                            status_code=503, headers={"Retry-After": "5"})
    if isinstance(exc, InputError):
        return JSONResponse({"message": _short(exc)}, status_code=422)
    if isinstance(exc, StoreError):
        return JSONResponse({"message": "the ledger could not complete the request"},
                            status_code=500)
    return JSONResponse({"message": _short(exc)}, status_code=500)


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
    extract_rate: float = EXTRACT_RATE,
    extract_burst: int = EXTRACT_BURST,
) -> FastAPI:
    """The tollwatch service over the ledger at ``ledger_url`` (opened now, closed at shutdown).

    ``token`` guards writes (and reads when ``open_reads`` is False); ``extractor`` lets a
    process that already loaded one share it, else it is loaded on the first extraction
    (or at startup, in the background, with ``preload``). ``extract_rate`` (a minute) and
    ``extract_burst`` limit each client's calls of the open POST /extract.
    """
    from tollwatch.store import Ledger

    ledger = Ledger.open(ledger_url)
    services = Services(
        ledger=ledger,
        token=token or None,
        open_reads=open_reads,
        database=ledger.engine.dialect.name,
        extractor=extractor,
        limiter=RateLimit(extract_rate, extract_burst),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if preload:  # load spaCy now, in the background, so the first extraction is quick
            threading.Thread(target=services.load_extractor, daemon=True).start()
            threading.Thread(target=services.read_pool.warm, daemon=True).start()
        yield
        services.read_pool.close()
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
    app.add_middleware(RefuseNul)
    app.add_middleware(BodyLimit, max_bytes=max_body)
    app.add_middleware(SecurityHeaders)
    return app
