"""PNG pictures: an SVG picture (:mod:`pmgraph.views.svg`) drawn by Chromium through Playwright.

Only where both are present: Debian's ``/usr/bin/chromium`` (or ``$PMGRAPH_CHROMIUM``) and the
``playwright`` package; no browser is ever downloaded, and every request the picture might
make is refused (it makes none). The picture is drawn at twice its size, for sharp slides.

    >>> chromium() is None or chromium().name.startswith("chrom")
    True
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..errors import UsageError

__all__ = ["chromium", "png_from_svg", "SCALE"]

#: Device pixels per SVG pixel.
SCALE = 2


def chromium() -> Path | None:
    """The Chromium to draw with: ``$PMGRAPH_CHROMIUM``, ``/usr/bin/chromium``, or one on the PATH."""
    for candidate in (os.environ.get("PMGRAPH_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


def png_from_svg(svg: str) -> bytes:
    """``svg`` (a complete ``<svg>`` document with width and height) as PNG bytes.

    Raises :class:`~pmgraph.errors.UsageError` (exit 2) when Chromium or Playwright is missing.
    """
    browser_path = chromium()
    if browser_path is None:
        raise UsageError("--format png needs Chromium (apt-get install chromium, or set PMGRAPH_CHROMIUM); "
                         "--format svg needs nothing")
    try:
        import playwright.sync_api  # noqa: F401 - is it installed?
    except ImportError:
        raise UsageError("--format png needs the playwright package (pip install playwright; "
                         "it uses your Chromium and downloads no browser)") from None
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _draw(browser_path, svg)
    # Playwright's sync API refuses to run inside an event loop (a notebook, another
    # Playwright session): draw in a thread of its own
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_draw, browser_path, svg).result()


def _draw(browser_path: Path, svg: str) -> bytes:
    from playwright.sync_api import sync_playwright

    page_url = "http://pmgraph.invalid/picture.html"
    document = ('<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}'
                "svg{display:block}</style></head><body>" + svg + "</body></html>").encode("utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(browser_path), headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                                   "--host-resolver-rules=MAP * ~NOTFOUND"])
        try:
            page = browser.new_page(device_scale_factor=SCALE, viewport={"width": 800, "height": 600})

            def route(request_route):
                if request_route.request.url == page_url:
                    request_route.fulfill(status=200, body=document, content_type="text/html; charset=utf-8")
                else:
                    request_route.abort()

            page.route("**/*", route)
            page.goto(page_url)
            return page.locator("svg").first.screenshot(type="png")
        finally:
            browser.close()
