"""What pages know about the sources their facts cite: sections, the documents they belong to.

Facts point at a source section with ``dct:source``; a section points at its document with
``dct:isPartOf`` (``ontology/facts/sources.ttl``). A page carries, for every section it cites,
its label and heading, and for every document its title, author, publisher, date, language,
description and all its sections with their headings, so that clicking a source opens what is
known about it without leaving the page; :func:`source_page` is the gallery's page per document.

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.catalog import Catalog
    >>> from pmgraph.namespaces import PM
    >>> graph = load_graph(); catalog = Catalog(graph)
    >>> sections, documents = source_tables(graph, catalog, [str(PM["src000-s5"])])
    >>> sections[str(PM["src000-s5"])]["document"] == str(PM.src000), documents[str(PM.src000)]["sections"][0]["heading"]
    (True, '1️⃣ Tech PMとは?')
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from ..model.catalog import Catalog, normalize
from ..namespaces import PMO
from ..text import pick, texts_by_language

__all__ = ["source_tables", "documents", "source_page", "source_file"]


def _text(graph: Graph, subject: URIRef, prop: URIRef, lang: str) -> str | None:
    texts = texts_by_language(graph, subject, prop)
    return pick(texts, lang) or texts.get("") or next(iter(texts.values()), None)


def _section_key(section: URIRef) -> list:
    """Sections in the order of their IRIs read as text and numbers: s2 before s10, s3 before s3-hard."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(section))]


def _document(graph: Graph, catalog: Catalog, document: URIRef, lang: str) -> dict[str, Any]:
    sections = sorted((s for s in graph.subjects(DCTERMS.isPartOf, document) if isinstance(s, URIRef)),
                      key=_section_key)
    return {
        "iri": str(document), "label": catalog.label(document, lang),
        "title": _text(graph, document, DCTERMS.title, lang),
        "creator": _text(graph, document, DCTERMS.creator, lang),
        "publisher": _text(graph, document, DCTERMS.publisher, lang),
        "date": _text(graph, document, DCTERMS.date, lang) or _text(graph, document, DCTERMS.issued, lang),
        "language": _text(graph, document, DCTERMS.language, lang),
        "description": _text(graph, document, SKOS.definition, lang),
        "note": _text(graph, document, SKOS.editorialNote, lang),
        "file": _text(graph, document, PMO.fileName, lang),
        "sections": [{"iri": str(s), "label": catalog.label(s, lang), "heading": _text(graph, s, PMO.heading, lang)}
                     for s in sections],
    }


def source_tables(graph: Graph, catalog: Catalog, sections: Iterable[str], lang: str = "en"
                  ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """``(sections, documents)``: each cited section's label, heading and document, and each
    of those documents as :func:`documents` describes it."""
    section_items: dict[str, dict[str, Any]] = {}
    document_items: dict[str, dict[str, Any]] = {}
    for iri in sorted(set(sections)):
        section = URIRef(iri)
        document = graph.value(section, DCTERMS.isPartOf)
        if (section, RDF.type, PMO.SourceDocument) in graph:  # a fact may cite a whole document
            document = section
        section_items[iri] = {"label": catalog.label(section, lang), "heading": _text(graph, section, PMO.heading, lang),
                              "document": str(document) if isinstance(document, URIRef) else None}
        if isinstance(document, URIRef) and str(document) not in document_items:
            document_items[str(document)] = _document(graph, catalog, document, lang)
    return section_items, document_items


def documents(graph: Graph, catalog: Catalog, lang: str = "en") -> list[dict[str, Any]]:
    """Every source document of ``graph`` (``pmo:SourceDocument``), sorted by label: its title,
    creator, publisher, date, language, description, note, file and sections with headings."""
    found = sorted((d for d in graph.subjects(RDF.type, PMO.SourceDocument) if isinstance(d, URIRef)),
                   key=lambda d: (normalize(catalog.label(d, "en")), str(d)))
    return [_document(graph, catalog, d, lang) for d in found]


def source_file(document: str) -> str:
    """The gallery file of a source document: ``source-<local name>.html``, only letters,
    digits, ``-`` and ``_`` in it.

    >>> source_file("https://w3id.org/pmgraph/id/src000"), source_file("http://e.org/../x")
    ('source-src000.html', 'source-x.html')
    """
    local = document.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return "source-" + ("".join(c if c.isalnum() or c in "-_" else "-" for c in local) or "document") + ".html"


_STYLE = """body{margin:0 auto;max-width:860px;padding:28px 20px;font:15px/1.55 system-ui,-apple-system,"Segoe UI","Noto Sans","Noto Sans CJK JP","Hiragino Sans",Meiryo,"Apple SD Gothic Neo",sans-serif;color:#1f2933}
h1{font-size:22px;margin:0 0 6px}h2{font-size:14px;text-transform:uppercase;letter-spacing:.04em;color:#616e7c;margin:26px 0 8px}
dl{margin:0}dt{font-weight:600;color:#616e7c;font-size:13px;margin-top:8px}dd{margin:0;overflow-wrap:anywhere}
ol{padding-left:22px}li{padding:4px 0}.heading{display:block;color:#3e4c59}.count{color:#616e7c;font-size:13px}
a{color:#1d5fa8;text-decoration:none}a:hover{text-decoration:underline}.iri{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:#616e7c}"""


def source_page(document: dict[str, Any], cited: dict[str, int] | None = None, back: str = "index.html") -> str:
    """A self-contained HTML page about one source document (:func:`documents`' item): what is
    known about it and its sections with their headings (and, with ``cited``, how many facts
    cite each). Every string from the data is escaped."""
    from .render import csp_hash

    e = html.escape
    fields = [("Title", document["title"]), ("Author", document["creator"]), ("Publisher", document["publisher"]),
              ("Date", document["date"]), ("Language", document["language"]), ("File", document["file"]),
              ("About", document["description"]), ("Note", document["note"])]
    rows = "\n".join(f"<dt>{e(name)}</dt><dd>{e(value)}</dd>" for name, value in fields if value)
    items = []
    for section in document["sections"]:
        count = (cited or {}).get(section["iri"])
        items.append(f'<li id="{e(section["iri"].rsplit("/", 1)[-1])}">{e(section["label"])}'
                     + (f' <span class="count">({count:,} {"fact" if count == 1 else "facts"})</span>' if count else "")
                     + (f'<span class="heading">{e(section["heading"])}</span>' if section["heading"] else "") + "</li>")
    csp = f"default-src 'none'; style-src {csp_hash(_STYLE)}; base-uri 'none'; form-action 'none'"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{e(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(document["label"])}</title>
<style>{_STYLE}</style>
</head>
<body>
<p><a href="{e(back)}">pmgraph gallery</a></p>
<h1 id="title">{e(document["label"])}</h1>
<p class="iri">{e(document["iri"])}</p>
<dl>
{rows}
</dl>
<h2>Sections ({len(document["sections"])})</h2>
<ol id="sections">
{chr(10).join(items)}
</ol>
</body>
</html>
"""
