"""Headless Chromium for the browser tests (Debian's /usr/bin/chromium driven by Playwright;
`playwright install` is never run: the tests use the system browser or skip)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def need_chromium() -> None:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(
            f"{CHROMIUM} is missing: run `bash scripts/setup.sh --browser` (Debian chromium)"
        )
    pytest.importorskip("playwright.sync_api", reason="pip install playwright (the test extra)")


@dataclass
class Watched:
    page: Any
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def browser() -> Iterator[Any]:
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def open_page(b: Any, path: Path | str, *, width: int = 1300, height: int = 900) -> Watched:
    """Open `path` (a file or an http URL) and record console errors, page errors, dialogs
    and every request the page makes (requests other than the page itself are aborted)."""
    page = b.new_page(viewport={"width": width, "height": height})
    w = Watched(page)
    page.on("console", lambda m: w.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: w.console_errors.append(f"page error: {exc}"))

    def on_dialog(d: Any) -> None:
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    url = path if isinstance(path, str) else path.resolve().as_uri()

    def route(r: Any) -> None:
        w.requests.append(r.request.url)
        if r.request.url.split("#")[0] == url.split("#")[0]:
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    return w
