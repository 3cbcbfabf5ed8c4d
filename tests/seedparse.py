"""Parse the four source documents in shared/seeds/ into the items the graph must cover.

Used by tests/test_coverage.py. Everything here reads the texts themselves: there are no
hard-coded lists of expected items, only the shape of the documents (numbered section
headings such as "2️⃣", Markdown-style tables, numbered sub-headings, 『book titles』,
"(例:...)" example lists).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# "1️⃣" … "9️⃣" are digit + U+FE0F + U+20E3 (keycap); section 10 is "🔟".
_SECTION_RE = re.compile(r"^(?:([1-9])\ufe0f?\u20e3|(\U0001F51F))\s*(.*)$")
_NUMBERED_RE = re.compile(r"^(\d+)\.\s+(.+?)\s*$")
_BOOK_RE = re.compile(r"『([^』]+)』")
_OPEN = "(("
_CLOSE = "))"


def normalise(text: str) -> str:
    """NFKC + casefold, surrounding 『』 and whitespace stripped, inner whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    text = text.strip("『』").strip()
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Item:
    doc: str       # "000", "001", ...
    section: str   # "2", "3", ... (the source's own section number)
    kind: str      # "duty", "hard skill", ...
    text: str      # as the source writes it
    cls: str       # local name of the pmo: class the graph must give it

    @property
    def id(self) -> str:
        return f"{self.doc} §{self.section} {self.kind}: {self.text}"


def seed_file(doc: str) -> Path:
    files = sorted(SEEDS.glob(f"{doc}_*.txt"))
    if len(files) != 1:
        raise FileNotFoundError(f"expected one file {doc}_*.txt in {SEEDS}, found {files}")
    return files[0]


def sections(doc: str) -> dict[str, list[str]]:
    """The numbered sections ("1".."10") of a guide, each as its list of lines (heading excluded)."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in seed_file(doc).read_text(encoding="utf-8").splitlines():
        m = _SECTION_RE.match(line.strip())
        if m:
            current = m.group(1) or "10"
            out[current] = []
        elif current is not None:
            out[current].append(line.rstrip())
    return out


def section_heading_lines(doc: str) -> dict[str, list[str]]:
    """Each numbered section's heading line, followed by its table headings (🚀 🤝 💻 lines)."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in seed_file(doc).read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        m = _SECTION_RE.match(stripped)
        if m:
            current = m.group(1) or "10"
            out[current] = [stripped]
        elif current is not None and stripped.startswith(("🚀", "🤝", "💻")):
            out[current].append(stripped)
    return out


def subsections(lines: list[str], markers: tuple[str, ...]) -> dict[str, list[str]]:
    """Split a section at lines starting with one of the marker emoji (🚀, 🤝, 💻)."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        stripped = line.strip()
        marker = next((mk for mk in markers if stripped.startswith(mk)), None)
        if marker:
            current = marker
            out[current] = []
        elif current is not None:
            out[current].append(line)
    return out


def table_rows(lines: list[str]) -> list[list[str]]:
    """Body rows of the Markdown-style tables in `lines` (each table's header and rule dropped)."""
    rows: list[list[str]] = []
    in_table = False
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("|"):
            in_table = False
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if not in_table:          # first row of a table: its header
            in_table = True
            continue
        if all(re.fullmatch(r":?-+:?", c) for c in cells):
            continue
        rows.append(cells)
    return rows


def numbered_headings(lines: list[str]) -> list[tuple[int, str]]:
    """Lines "N. heading" (not bullets), with their numbers."""
    return [(int(m.group(1)), m.group(2)) for m in map(_NUMBERED_RE.match, lines) if m]


def tool_names(cell: str) -> list[str]:
    """The tools a tool-table row names: the comma-separated names before "など".

    001's communication row ("Slack, Microsoft Teamsを用いた…") has no "など"; there the
    list ends at "を用いた" / "による" instead (explicit fallback).
    """
    cut = len(cell)
    for marker in ("など", "を用いた", "による"):
        i = cell.find(marker)
        if i != -1:
            cut = min(cut, i)
    return [n.strip() for n in re.split(r"[,、,]", cell[:cut]) if n.strip()]


_EXAMPLE_OPEN_RE = re.compile(r"[((]例[::]")


def _example_groups(text: str) -> list[str]:
    """Contents of every "(例:…)" group, honouring nested (half- or full-width) parentheses."""
    out = []
    for m in _EXAMPLE_OPEN_RE.finditer(text):
        depth, k = 0, m.start()
        while k < len(text):
            if text[k] in _OPEN:
                depth += 1
            elif text[k] in _CLOSE:
                depth -= 1
                if depth == 0:
                    break
            k += 1
        out.append(text[m.end():k])
    return out


def _split_top_level(text: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
        if depth == 0 and ch in ",、,":
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def is_generic_example(name: str) -> bool:
    """Explicit rule: an example that describes a kind of company rather than naming one.

    001 § 8's fourth kind gives "(例:特定のSaaS企業、フィンテックスタートアップ)": these are
    descriptions, not names, so examples starting with "特定の" ("a certain …") or ending with a
    generic noun (企業 "company", スタートアップ "startup", 会社) are not treated as companies.
    """
    return name.startswith("特定の") or name.endswith(("企業", "スタートアップ", "会社"))


def example_companies(lines: list[str]) -> list[tuple[int, str]]:
    """Named companies inside "(例:…)" after each numbered employer-kind heading, with the kind's number."""
    out: list[tuple[int, str]] = []
    number = 0
    for line in lines:
        m = _NUMBERED_RE.match(line)
        if m:
            number = int(m.group(1))
            continue
        for group in _example_groups(line):
            for name in _split_top_level(group):
                name = re.sub(r"など$", "", name).strip()
                if name and not is_generic_example(name) and (number, name) not in out:
                    out.append((number, name))
    return out


def department_headings(lines: list[str]) -> list[str]:
    """§4 department headings: the line right before each "連携内容と目的" paragraph."""
    out = []
    prev = None
    for line in lines:
        if line.strip().startswith("連携内容と目的") and prev:
            out.append(prev.strip())
        if line.strip():
            prev = line
    return out


def career_rows(lines: list[str]) -> list[list[str]]:
    """First column of each career-table row, split at " / " into the stages it names."""
    return [[s.strip() for s in row[0].split(" / ")] for row in table_rows(lines)]


def guide_items(doc: str) -> dict[str, list[Item]]:
    """Every item of guide 000 or 001, grouped by kind (in source order, duplicates dropped)."""
    sec = sections(doc)
    items: dict[str, list[Item]] = {}

    def add(section: str, kind: str, text: str, cls: str) -> None:
        lst = items.setdefault(kind, [])
        item = Item(doc, section, kind, text, cls)
        if all(normalise(i.text) != normalise(text) for i in lst):
            lst.append(item)

    for _, text in numbered_headings(sec["2"]):
        add("2", "duty", text, "Duty")

    sub = subsections(sec["3"], ("🚀", "🤝", "💻"))
    for row in table_rows(sub.get("🚀", [])):
        add("3", "hard skill", row[0], "Skill")
    for row in table_rows(sub.get("🤝", [])):
        add("3", "soft skill", row[0], "Skill")
    items.setdefault("tool row", [])
    for row in table_rows(sub.get("💻", [])):
        add("3", "tool category", row[0], "ToolCategory")
        items["tool row"].append(Item(doc, "3", "tool row", row[0], "ToolCategory"))
        for name in tool_names(row[1]):
            add("3", "tool", name, "Tool")

    for text in department_headings(sec["4"]):
        add("4", "department", text, "Department")

    rows = career_rows(sec["5"])
    items["career row"] = [Item(doc, "5", "career row", " / ".join(r), "CareerStage") for r in rows]
    for row in rows:
        for stage in row:
            add("5", "career stage", stage, "CareerStage")

    for _, text in numbered_headings(sec["6"]):
        add("6", "trend", text, "Trend")

    for _, text in numbered_headings(sec["7"]):
        add("7", "learning step", text, "LearningStep")
    for title in _BOOK_RE.findall("\n".join(sec["7"])):
        add("7", "book", title, "Book")

    for _, text in numbered_headings(sec["8"]):
        add("8", "employer kind", text, "EmployerType")
    for _, name in example_companies(sec["8"]):
        add("8", "company", name, "Organization")

    for row in table_rows(sec["9"]):
        add("9", "interview question", re.sub(r"^\d+\.\s*", "", row[0]), "InterviewQuestion")

    return items


def heading_numbers(doc: str, section: str) -> list[int]:
    """The numbers of a section's numbered headings (to check that they run 1..N)."""
    return [n for n, _ in numbered_headings(sections(doc)[section])]


# --- label matching: exact first, then explicit fallbacks ---------------------------------

_TRAILING_PAREN_RE = re.compile(r"^(.*\S)\s*\(([^()]*)\)$")


# Which fallbacks each kind of item may use (explicit; kinds not listed get none).
# Only headings and names take fallbacks: skills, tools, books and interview questions
# must match as written.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "duty": ("parenthetical dropped",),
    "department": ("parenthetical dropped",),
    "trend": ("parenthetical dropped",),
    "learning step": ("parenthetical dropped",),
    "employer kind": ("parenthetical dropped",),
    "tool category": ("parenthetical dropped", "parenthetical name"),
    "career stage": ("parenthetical dropped", "parenthetical name"),
    "company": ("parenthetical dropped", "parenthetical name"),
}


def fallback_variants(text: str, kind: str | None = None) -> list[tuple[str, str]]:
    """Alternative label texts to try when the exact text has no match, each with why.

    Applied only after an exact match failed; the comparison is on normalised text (NFKC
    turns full-width parentheses into half-width ones). With `kind`, only the fallbacks
    FALLBACKS allows that kind are returned.

    1. "parenthetical dropped": headings such as "技術的負債(Technical Debt)の管理" or
       "FinOps(クラウドコスト管理)の専門化" whose label may omit the parenthetical gloss.
    2. "parenthetical name": a trailing "(…)" that is itself another name of the thing,
       e.g. "Amazon (AWS)", "IaC(Infrastructure as Code)", "Technical Program Manager (TPM)".
    """
    allowed = FALLBACKS.get(kind, ()) if kind is not None else ("parenthetical dropped", "parenthetical name")
    n = normalise(text)
    out: list[tuple[str, str]] = []
    if "parenthetical dropped" in allowed:
        dropped = re.sub(r"\s+", " ", re.sub(r"\([^()]*\)", "", n)).strip()
        if dropped and dropped != n:
            out.append((dropped, "parenthetical dropped"))
    if "parenthetical name" in allowed:
        m = _TRAILING_PAREN_RE.match(n)
        if m and m.group(2).strip() and all(m.group(2).strip() != o for o, _ in out):
            out.append((m.group(2).strip(), "parenthetical name"))
    return out


def cut_sections(doc: str, headings: dict[str, str]) -> dict[str, str]:
    """The text of each section of document `doc`, cut at the headings the graph records.

    `headings` maps a section's id (e.g. "src000-s3-hard") to its heading as written. A
    section runs from its heading line to the next heading of a section that is not part of
    it (an id that does not start with its own id + "-"), so "src000-s3" holds its three
    tables and "src000-s3-hard" only the first. A heading found on no line raises ValueError.
    """
    lines = seed_file(doc).read_text(encoding="utf-8").splitlines()
    starts: dict[str, int] = {}
    for sid, heading in headings.items():
        wanted = heading.strip()
        found = [i for i, line in enumerate(lines) if line.strip() == wanted]
        if not found:
            raise ValueError(f"heading {heading!r} of {sid} is on no line of {doc}")
        starts[sid] = found[0]
    order = sorted(starts, key=lambda sid: (starts[sid], sid))
    out: dict[str, str] = {}
    for sid in order:
        end = len(lines)
        for other in order:
            if starts[other] > starts[sid] and not other.startswith(sid + "-"):
                end = min(end, starts[other])
        out[sid] = "\n".join(lines[starts[sid]:end])
    return out
