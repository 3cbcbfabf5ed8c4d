"""The committed exports/ gallery is what `pmgraph gallery` makes from the bundled ontology today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA

from pmgraph.views.gallery import GALLERY_SUFFIXES, gallery_files

# Slow (`python -m pytest -m "not slow"` leaves them out): renders and compares the gallery pages.
pytestmark = pytest.mark.slow

EXPORTS = Path(__file__).resolve().parents[1] / "exports"


def test_committed_gallery_is_up_to_date(graph, catalog):
    expected = gallery_files(graph, catalog)
    committed = {p.name for p in EXPORTS.iterdir() if p.is_file() and p.suffix in GALLERY_SUFFIXES}
    assert len(expected) >= 14 and {"index.html", "graph.html", "pmgraph.ttl", "pmgraph.graphml"} <= set(expected)
    assert committed, "exports/ holds no gallery files"
    assert sorted(committed) == sorted(expected), "run `pmgraph gallery exports` and commit the result"
    stale = [name for name, text in expected.items() if (EXPORTS / name).read_bytes() != text.encode("utf-8")]
    assert stale == [], f"out of date with the ontology: {', '.join(stale)}; run `pmgraph gallery exports`"


def test_gallery_has_the_pages_the_issue_asks_for(graph, catalog):
    names = list(gallery_files(graph, catalog))
    assert names[:4] == ["index.html", "graph.html", "track-TechPMCareerPath.html", "track-TPMCareerPath.html"]
    assert {"role-TechPM.html", "role-TechnicalProgramManager.html", "role-TechnicalProjectManager.html",
            "role-TechnicalAccountManager.html", "path-SeniorDeveloper-CTO.html", "careers.md",
            "track-TechPMCareerPath.mmd", "track-TPMCareerPath.mmd", "path-SeniorDeveloper-CTO.mmd"} <= set(names)


def test_index_links_every_file(graph, catalog):
    files = gallery_files(graph, catalog)
    links = re.findall(r'<a href="([^"]+)">', files["index.html"])
    assert sorted(links) == sorted(name for name in files if name != "index.html")
    assert "```mermaid" in files["careers.md"]


def test_gallery_command(run, tmp_path):
    (tmp_path / "old-page.html").write_text("left over", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("--data", str(DATA / "render-mini.ttl"), "gallery", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert result.stdout == f"wrote {len(written) - 2} files in {tmp_path}\n"
    assert result.stderr == f"note: {tmp_path / 'old-page.html'} is not part of the gallery any more; delete it\n"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    # the user's own ladder is in the whole-graph page and the Turtle
    assert "Mini ladder" in (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "https://example.org/mini/Junior" in (tmp_path / "pmgraph.ttl").read_text(encoding="utf-8")
