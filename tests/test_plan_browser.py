"""The plan's page in a real browser (Debian's Chromium, as tests/test_browser.py drives it):
offline, its extra style allowed by the page's CSP, the path drawn, the checklist beside it."""

from __future__ import annotations

import json

import pytest
from test_browser import Loaded, browser  # noqa: F401 - the browser fixture

# Slow (`python -m pytest -m "not slow"` leaves them out): drives Chromium.
pytestmark = pytest.mark.slow


def test_the_plan_page_draws_the_path_with_the_checklist_beside_it(browser, run, tmp_path):  # noqa: F811
    page = tmp_path / "plan.html"
    result = run("plan", "CTO", "--from", "senior engineer", "--have", "AWS,Terraform,Jira", "--format", "html",
                 "-o", str(page))
    assert result.exit_code == 0, result.stderr
    loaded = Loaded(browser, page.read_text(encoding="utf-8"))
    try:
        assert loaded.errors == [] and loaded.blocked == []
        panel = loaded.page.locator("#plan")
        # the plan's own style applies (the CSP allows it by its hash): a 400-pixel panel right of the graph
        assert loaded.js("() => getComputedStyle(document.getElementById('plan')).width") == "400px"
        graph_box, panel_box = loaded.page.locator("#graph").bounding_box(), panel.bounding_box()
        assert panel_box["x"] >= graph_box["x"] + graph_box["width"] - 1
        assert panel.locator("h1").inner_text() == "senior developer → CTO"
        plan = json.loads(run("plan", "CTO", "--from", "senior engineer", "--have", "AWS,Terraform,Jira",
                              "--format", "json").stdout)
        boxes = sum(1 + len(item["resources"]) + len(item["resources_done"]) + len(item["questions"])
                    for step in plan["paths"][0]["steps"] for item in step["items"])
        boxes += sum(len(step["had"]) for step in plan["paths"][0]["steps"])
        assert panel.locator("input[type=checkbox]").count() == boxes == 120
        tick = panel.locator("input[type=checkbox]").first
        tick.check()
        assert tick.is_checked()
        path = loaded.js("() => window.pmgraph.data.paths")
        assert [[node.rsplit("/", 1)[1] for node in found] for found in path] == [
            ["SeniorDeveloper", "EngineeringLead", "TechPM", "SeniorTechPM", "CTO"]]
    finally:
        loaded.close()
