"""The dashboard: HTML pages and static files served by the API process at `/`.

The pages carry no data and no inline script: scripts under static/js fetch the JSON API and
build the DOM with textContent, so article text is never parsed as HTML.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
PAGES = {
    "/": "index.html",
    "/paste": "paste.html",
    "/incident/{incident_id}": "incident.html",
    "/document/{document_id}": "document.html",
}


def _page(name: str) -> Callable[[], FileResponse]:
    """A route answering with one fixed page (no request input reaches the file path)."""
    path = TEMPLATES / name

    def page() -> FileResponse:
        return FileResponse(
            path, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"}
        )

    return page


def mount_dashboard(app: FastAPI) -> None:
    """Serve the dashboard pages and their static files from ``app``."""
    for path, name in PAGES.items():
        app.add_api_route(
            path, _page(name), methods=["GET"], include_in_schema=False, response_class=FileResponse
        )
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
