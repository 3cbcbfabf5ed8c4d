"""The page of a career plan: the paths drawn as ``pmgraph render --path`` draws them, with
the plan's checklist beside them.

The page is :func:`pmgraph.views.render.render_html`'s page of the paths' view (offline,
scripts and styles allowed by hash only), with one more panel: the checklist, written
server-side with every data string escaped (:func:`html.escape`), as plain HTML checkboxes
(no script: a person ticks them, prints the page or keeps the Markdown checklist). Its style
is one more inline ``<style>`` whose hash joins the page's ``style-src``.

    >>> from pmgraph import kb
    >>> from pmgraph.careers.have import holding
    >>> from pmgraph.careers.plan import plan
    >>> base = kb.open()
    >>> report = plan(base, "Tech PM", have=holding(base, ["Jira"]), source="engineering lead").as_json()
    >>> panel = checklist_html(report)
    >>> panel.count('type="checkbox"'), 'Jira' in panel
    (120, True)
"""

from __future__ import annotations

import html
from typing import Any

from .render import csp_hash, render_html

__all__ = ["plan_page", "checklist_html", "PLAN_CSS"]

#: The checklist panel's style (the page's own style sheet draws the rest).
PLAN_CSS = """
#plan { width: 400px; min-width: 300px; height: 100%; overflow-y: auto; padding: 14px 16px 24px;
        background: #fff; border-left: 1px solid var(--line); }
#plan h2 { margin-top: 14px; }
#plan ul { list-style: none; margin: 4px 0; padding-left: 0; }
#plan ul ul { padding-left: 22px; }
#plan li { margin: 3px 0; }
#plan label { cursor: pointer; }
#plan .meta, #plan .points { color: var(--muted); font-size: 12px; }
#plan .points { display: block; margin-left: 22px; }
#plan .summary { font-size: 13px; margin: 0 0 8px; }
"""


_DONE = ' <span class="meta">(done)</span>'


def _inferred(entry: dict[str, Any]) -> str:
    """A mark for a resource or question only the project's reading ties to its skill."""
    return ' <span class="meta">(inferred link)</span>' if entry.get("inferred") else ""
_HAD = ' <span class="meta">(you have it)</span>'


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _box(text: str, checked: bool = False, extra: str = "") -> str:
    mark = " checked" if checked else ""
    return f'<label><input type="checkbox"{mark}> {text}</label>{extra}'


def _item_html(item: dict[str, Any]) -> str:
    meta = [item["kind"]]
    if item.get("level"):
        meta.append(item["level"])
    if item.get("have") == "partial":
        meta.append("in part: " + ", ".join("your level" if node["iri"] == item["iri"] else _e(node["label"])
                                            for node in item["through"]))
    if item.get("learning_step"):
        step = item["learning_step"]
        meta.append(f"{_e(step['role']['label'])} learning step {step['order']}: {_e(step['label'])}")
    parts = [_box(f"<strong>{_e(item['label'])}</strong> <span class=\"meta\">({'; '.join(meta)})</span>")]
    inner = [f"<li>{_box(_e(node['label']) + _inferred(node))}</li>" for node in item["resources"]]
    inner += [f"<li>{_box(_e(node['label']) + _DONE + _inferred(node), checked=True)}</li>"
              for node in item["resources_done"]]
    for entry in item["questions"]:
        points = (f'<span class="points">answer points: {_e(entry["answer_points"])}</span>'
                  if entry["answer_points"] else "")
        inner.append(f"<li>{_box('asked: ' + _e(entry['question']['label']) + _inferred(entry), extra=points)}</li>")
    if inner:
        parts.append("<ul>" + "".join(inner) + "</ul>")
    return "<li>" + "".join(parts) + "</li>"


def checklist_html(plan: dict[str, Any]) -> str:
    """The checklist panel of a plan (:meth:`pmgraph.careers.plan.PlanReport.as_json`), escaped."""
    out = [f"<h1>{_e(plan['from']['label'])} → {_e(plan['to']['label'])}</h1>"]
    for number, found in enumerate(plan["paths"], start=1):
        left, done = found["left"], found["done"]
        names = " → ".join(_e(node["label"]) for node in found["nodes"])
        out.append(f"<h2>path {number}: {found['hops']} move{'s' if found['hops'] != 1 else ''}</h2>")
        out.append(f'<p class="summary">{names}<br>{left["total"]} left ({left["skills"]} skills, '
                   f'{left["partial"]} of them in part; {left["tools"]} tools; {left["resources"]} resources); '
                   f'{done["total"]} done</p>')
        for index, step in enumerate(found["steps"], start=1):
            out.append(f"<h2>{index}. {_e(step['from']['label'])} → {_e(step['to']['label'])}</h2>")
            rows = [_item_html(item) for item in step["items"]]
            rows += [f"<li>{_box(_e(node['label']) + _HAD, checked=True)}</li>" for node in step["had"]]
            out.append("<ul>" + "".join(rows) + "</ul>" if rows else '<p class="meta">nothing left</p>')
    for note in plan["notes"]:
        out.append(f'<p class="meta">note: {_e(note)}</p>')
    return "\n".join(out)


def _insert_once(page: str, marker: str, text: str) -> str:
    if marker not in page:
        raise AssertionError(f"the page template has no {marker!r} to add the plan to")
    return page.replace(marker, text, 1)


def plan_page(plan: dict[str, Any], view, graph, catalog, *, lang: str = "en") -> str:
    """The HTML page of ``plan`` (its JSON) over ``view`` (the view of its paths)."""
    title = f"{plan['from']['label']} → {plan['to']['label']}: plan"
    page = render_html(view, graph, catalog, lang=lang, title=title)
    page = _insert_once(page, "style-src ", f"style-src {csp_hash(PLAN_CSS)} ")
    page = _insert_once(page, "</head>", f"<style>{PLAN_CSS}</style>\n</head>")
    return _insert_once(page, "</main>", f'</main>\n<aside id="plan">\n{checklist_html(plan)}\n</aside>')
