"""The web app: browse the dossiers in a folder and search all their articles and statements.

Read-only by construction: every store is opened read-only (`mode=ro`, and `immutable` when
no writer is active, so no `-wal`/`-shm` file is created beside it), per request (no
connection is shared between threads). Only requests naming a known host are answered (DNS
rebinding), and a search stops after `search.SEARCH_SECONDS`. A dossier is addressed by its
folder name, which must be one of the names listed in the served folder (never joined into a
path as given), so no request can reach a file outside it. SQL is parameterised; every value shown is escaped; pages
carry a Content-Security-Policy (the report its own, which allows only its inlined scripts).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    from fastapi import FastAPI, HTTPException, Query, Request
    from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
    from starlette.exceptions import HTTPException as StarletteHTTPException
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError(
        "rashomon serve needs FastAPI and uvicorn: pip install 'rashomon[serve]'"
    ) from exc

from rashomon import __version__
from rashomon.build import STORE_NAME
from rashomon.serve import pages
from rashomon.serve.search import ArticleResult, QueryError, search
from rashomon.store.sqlite import NotADossierError, Store

log = logging.getLogger(__name__)

PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
EXPORT_TYPES = {
    "json": ("application/json", "dossier.json"),
    "jsonld": ("application/ld+json", "dossier.jsonld"),
    "graphml": ("application/xml", "dossier.graphml"),
    "csv": ("text/csv; charset=utf-8", "claims.csv"),
}


# The names the app answers to by default. Any other Host header is refused: a web page the
# user visits could otherwise point its own domain at 127.0.0.1 (DNS rebinding) and read
# every dossier through the user's browser.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def host_name(header: str) -> str:
    """The host of a Host header, without its port: `[::1]:8765` -> `[::1]`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.split(":", 1)[0].rstrip(".")


@dataclass(slots=True)
class DossierInfo:
    name: str
    store: Path
    articles: int
    created: str | None


def list_dossiers(root: Path) -> dict[str, Path]:
    """Folder name -> store for each dossier in `root` (its direct subfolders holding a
    dossier.sqlite, and `root` itself if it holds one)."""
    found: dict[str, Path] = {}
    if (root / STORE_NAME).is_file():
        found[root.resolve().name or "dossier"] = root / STORE_NAME
    if root.is_dir():
        for sub in sorted(root.iterdir()):
            if sub.is_dir() and not sub.is_symlink() and (sub / STORE_NAME).is_file():
                found.setdefault(sub.name, sub / STORE_NAME)
    return found


def store_of(root: Path, name: str) -> Path:
    """The store of the dossier named `name` in `root` (404 when there is none): the name is
    looked up among the listed folders, never used as a path."""
    stores = list_dossiers(root)
    if name not in stores:
        raise HTTPException(404, f"no dossier named {name!r} in this folder")
    return stores[name]


def dossier_info(name: str, path: Path) -> DossierInfo:
    with Store(path) as store:
        run = store.last_run() or {}
        return DossierInfo(
            name, path, store.count_articles(), run.get("finished") or run.get("started")
        )


def run_search(root: Path, q: str, d: str | None, limit: int) -> list[tuple[str, ArticleResult]]:
    """The best `limit` results of `q` over dossier `d` (None: every dossier in `root`), each
    with its dossier's name; a query the index cannot run is a 400."""
    names = [d] if d else list(list_dossiers(root))
    out = []
    for name in names:
        with Store(store_of(root, name)) as store:
            try:
                out += [(name, r) for r in search(store, q, limit=limit)]
            except QueryError as exc:
                raise HTTPException(400, str(exc)) from exc
    out.sort(key=lambda nr: nr[1].rank)
    return out[:limit]


def create_app(root: str | Path, allowed_hosts: Iterable[str] = LOCAL_HOSTS) -> FastAPI:
    """The app serving the dossiers in `root`, answering only requests whose Host header
    names one of `allowed_hosts` ("*": any)."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder of dossiers")
    app = FastAPI(
        title="Rashomon", version=__version__, docs_url=None, redoc_url=None, openapi_url=None
    )
    add_guards(app, {host_name(h) for h in allowed_hosts})
    add_dossier_routes(app, root)
    add_search_routes(app, root)
    return app


def add_guards(app: FastAPI, allowed: set[str]) -> None:
    """Refuse unknown Host headers, set the security headers, answer errors as JSON under
    /api/ and as a page elsewhere."""

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        if "*" not in allowed and host_name(request.headers.get("host", "")) not in allowed:
            response: Response = PlainTextResponse(
                "unknown Host header: this server answers to "
                f"{', '.join(sorted(allowed))} (rashomon serve --allow-host NAME adds one)",
                status_code=400,
            )
        else:
            response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def error_response(request: Request, status: int, detail: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": detail}, status_code=status)
        return HTMLResponse(pages.error(status, detail), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(NotADossierError)
    async def not_ready(request: Request, exc: NotADossierError) -> Response:
        # a dossier a build is still creating (its folder is listed once the schema is there)
        return error_response(request, 503, str(exc))


def _report_response(page: str) -> Response:
    # The report has its own policy (a meta tag listing its scripts' hashes); a header
    # policy would be enforced too and block them, so this page sends none.
    resp = HTMLResponse(page)
    resp.headers["Content-Security-Policy"] = "frame-ancestors 'none'; form-action 'none'"
    return resp


def add_dossier_routes(app: FastAPI, root: Path) -> None:
    """The list of dossiers, each one's report (and its stories' reports), its exports."""
    report_cache: dict[tuple[str, float], str] = {}

    def infos() -> list[DossierInfo]:
        out = []
        for n, p in list_dossiers(root).items():
            try:
                out.append(dossier_info(n, p))
            except NotADossierError:  # a build is still creating it: listed once it is there
                log.info("%s is not listed: it holds no dossier yet", p)
        return out

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        return pages.index(infos(), root)

    @app.get("/api/dossiers")
    def api_dossiers() -> list[dict[str, Any]]:
        return [{"name": i.name, "articles": i.articles, "created": i.created} for i in infos()]

    @app.get("/d/{name}/", response_class=HTMLResponse)
    def report(name: str) -> Response:
        from rashomon.build import stored_config
        from rashomon.report.scope import report_from_store

        path = store_of(root, name)
        key = (name, path.stat().st_mtime)
        if key not in report_cache:
            config = stored_config(path)  # its [report] limits: a large dossier's page is bounded
            with Store(path) as store:
                report_cache.clear()
                report_cache[key] = report_from_store(store, config, story_href="story/{id}")
        return _report_response(report_cache[key])

    @app.get("/d/{name}/story/{story}", response_class=HTMLResponse)
    def story_report(name: str, story: str) -> Response:
        """The full report of one story (the stories of a large dossier's report link here)."""
        from rashomon.build import stored_config
        from rashomon.report.scope import report_from_store

        path = store_of(root, name)
        with Store(path) as store:
            try:
                page = report_from_store(store, stored_config(path), story=story)
            except KeyError as exc:
                raise HTTPException(404, str(exc.args[0])) from exc
        return _report_response(page)

    @app.get("/d/{name}/export/{fmt}")
    def export(name: str, fmt: str) -> Response:
        from rashomon.export import export_store

        if fmt not in EXPORT_TYPES:
            raise HTTPException(
                404, f"unknown export format {fmt!r}; use one of: {', '.join(EXPORT_TYPES)}"
            )
        media, filename = EXPORT_TYPES[fmt]
        return Response(
            export_store(store_of(root, name), fmt),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )


def add_search_routes(app: FastAPI, root: Path) -> None:
    """The search page and the JSON search API."""

    @app.get("/search", response_class=HTMLResponse)
    def search_page(
        q: str = Query("", max_length=1000),
        d: str | None = None,
        limit: int = Query(50, ge=1, le=500),
    ) -> str:
        if not q.strip():
            return pages.search(q, d, [], list(list_dossiers(root)))
        return pages.search(q, d, run_search(root, q, d, limit), list(list_dossiers(root)))

    @app.get("/api/search")
    def api_search(
        q: str = Query(..., max_length=1000),
        d: str | None = None,
        limit: int = Query(50, ge=1, le=500),
    ) -> dict[str, Any]:
        return {
            "query": q,
            "results": [
                {"dossier": name, **r.to_dict()} for name, r in run_search(root, q, d, limit)
            ],
        }
