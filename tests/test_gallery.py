"""The committed exports/ gallery is what `pmgraph gallery` makes from the bundled ontology today."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DATA

from pmgraph.views.gallery import GALLERY_SUFFIXES, PICTURE_SUFFIX, gallery_files, picture_names

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
    # the PNG pictures the index links are there (drawn by Chromium: compared by name, not bytes)
    pictures = sorted(p.name for p in EXPORTS.iterdir() if p.suffix == PICTURE_SUFFIX)
    assert pictures == sorted(picture_names(expected)) and len(pictures) == 3
    assert all((EXPORTS / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for name in pictures)


def test_gallery_has_the_pages_the_issue_asks_for(graph, catalog):
    names = list(gallery_files(graph, catalog))
    assert names[:5] == ["index.html", "graph.html", "track-TechPMCareerPath.html", "track-TechPMCareerPath.svg",
                         "track-TPMCareerPath.html"]
    assert {"role-TechPM.html", "role-TechnicalProgramManager.html", "role-TechnicalProjectManager.html",
            "role-TechnicalAccountManager.html", "path-SeniorDeveloper-CTO.html", "careers.md",
            "track-TechPMCareerPath.mmd", "track-TPMCareerPath.mmd", "path-SeniorDeveloper-CTO.mmd",
            "path-SeniorDeveloper-CTO.svg", "track-TPMCareerPath.svg"} <= set(names)
    # a page per source document
    assert sorted(n for n in names if n.startswith("source-")) == [
        "source-src000.html", "source-src001.html", "source-src002.html", "source-src003.html"]


def test_source_pages_say_what_is_known_about_each_source(graph, catalog):
    files = gallery_files(graph, catalog)
    page = files["source-src003.html"]
    assert '<h1 id="title">' in page and "<dt>Author</dt>" in page
    assert "Goto, product manager for the authentication domain at kubell" in page
    headings = re.findall(r'<span class="heading">([^<]*)</span>', page)
    assert len(headings) >= 5
    assert "script" not in page.lower().replace("<script", "")  # no script at all
    # the pages link to them
    assert '"sourcePages":{"https://w3id.org/pmgraph/id/src000":"source-src000.html"' in files["graph.html"]


def test_index_links_every_file(graph, catalog):
    files = gallery_files(graph, catalog)
    links = re.findall(r'<a href="([^"]+)">', files["index.html"])
    assert sorted(links) == sorted([name for name in files if name != "index.html"] + picture_names(files))
    assert "```mermaid" in files["careers.md"]


def test_gallery_command(run, tmp_path):
    (tmp_path / "old-page.html").write_text("left over", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("--data", str(DATA / "render-mini.ttl"), "gallery", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    pictures = [name for name in written if name.endswith(PICTURE_SUFFIX)]
    lines = [f"wrote {len(written) - 2 - len(pictures)} files in {tmp_path}"]
    from pmgraph.views.picture import chromium

    if chromium() is not None:
        lines.append(f"wrote {len(pictures)} PNG pictures in {tmp_path}")
        assert len(pictures) == 4  # the two ladders, the mini ladder and the path
    assert result.stdout == "\n".join(lines) + "\n"
    assert result.stderr.endswith(f"note: {tmp_path / 'old-page.html'} is not part of the gallery any more; delete it\n")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    # the user's own ladder is in the whole-graph page and the Turtle
    assert "Mini ladder" in (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert "https://example.org/mini/Junior" in (tmp_path / "pmgraph.ttl").read_text(encoding="utf-8")
