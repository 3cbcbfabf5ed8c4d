"""The profile a person writes by hand: current role, skills and tools (with an optional
level), concepts, resources done, target role — in TOML, or the same in RDF.

**Why TOML.** It is the format Python projects already edit by hand (``pyproject.toml``),
it has comments, no significant indentation and no implicit typing (YAML reads ``no`` as
false and ``3.10`` as a number), and Python reads it without a new dependency
(``tomllib``, 3.11+; the ``tomli`` backport on 3.10)::

    # what I have, and where I want to go
    role = "senior engineer"          # current role (any name pmgraph knows)
    target = "CTO"                    # where I want to go
    skills = ["system architecture", { name = "cloud computing", level = "advanced" }]
    tools = ["Terraform", "Jira"]
    concepts = ["AWS"]                # things a skill names: they count toward it, in part
    done = ["Clean Code"]             # learning resources done

Every key is optional; ``level`` is one of ``beginner``, ``intermediate``, ``advanced``,
``expert`` (``beginner`` counts in part). Every mistake is reported, one line each:
``FILE:LINE: ...`` for the file's form (syntax, an unknown key, a value of the wrong type,
an unknown level: exit code 3) and for a name that is not in the graph (with suggestions:
exit code 4 when names are the only mistakes).

**As RDF** (``.ttl``, ``.nt``, ``.jsonld``, ...), the same profile is one ``schema:Person``::

    <#me> a schema:Person ;
        schema:hasOccupation pm:SeniorDeveloper ;   # role
        schema:seeks pm:CTO ;                       # target
        schema:knowsAbout pm:Terraform , pm:AWS ,   # skills, tools, concepts
            [ schema:about pm:CloudComputing ; schema:skillLevel "advanced" ] ;
        prov:used pm:CleanCode .                    # resources done

(``schema:`` is ``https://schema.org/``, ``prov:`` the W3C PROV-O namespace.)
:func:`profile_turtle` writes a profile as this Turtle.

    >>> import tempfile, pathlib
    >>> from pmgraph import kb
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> (folder / "me.toml").write_text('role = "senior engineer"\\ntools = ["Terraform", "Jira"]\\nconcepts = ["AWS"]\\n')
    74
    >>> have = read_profile(kb.open(), folder / "me.toml")
    >>> kb.open().label(have.role), [name for _, name, _ in have.given]
    ('senior developer', ['Terraform', 'Jira', 'AWS'])
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BadInput, NameNotResolved, UsageError
from .have import HAVE_KINDS, LEVELS, Have, holding

__all__ = ["read_profile", "ProfileError", "profile_turtle", "PROFILE_KEYS", "RDF_SUFFIXES"]

#: The keys of a profile file, in the order the docs list them.
PROFILE_KEYS = ("role", "target", "skills", "tools", "concepts", "done")
#: File name endings read as RDF rather than TOML.
RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".xml", ".n3")
SCHEMA = "https://schema.org/"
PROV_USED = "http://www.w3.org/ns/prov#used"


class ProfileError(BadInput):
    """A profile file with mistakes: one line per mistake in :attr:`lines` (``str()`` joins
    them with newlines). The exit code is 3 when a mistake is about the file's form, 4 when
    every mistake is a name the graph does not know."""

    def __init__(self, lines: list[str], exit_code: int):
        super().__init__("\n".join(lines))
        self.lines = lines
        self.exit_code = exit_code


@dataclass
class _Entry:
    name: str
    level: str | None
    line: int


def _line_of(text: str, needle: str, key: str | None = None) -> int:
    """The line (1-based) where ``needle`` (a quoted TOML string, or ``key =``) first appears."""
    lines = text.splitlines()
    if key is not None:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number, line in enumerate(lines, start=1):
            if pattern.search(line):
                return number
    for quote in ('"', "'"):
        quoted = f"{quote}{needle}{quote}"
        for number, line in enumerate(lines, start=1):
            if quoted in line:
                return number
    return 1


def _load_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if found:
            where = f"{path}:{found.group(1)}:{found.group(2)}"
        else:  # "(at end of document)": the line after the last one
            lines = text.split("\n")
            where = f"{path}:{len(lines)}:{len(lines[-1]) + 1}"
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message).rstrip(".")
        if not found:
            reason += " at the end of the file"
        raise ProfileError([f"{where}: {reason[:1].lower() + reason[1:]}"], BadInput.exit_code) from None


def _entries(path: Path, text: str, key: str, value: Any, mistakes: list[str]) -> list[_Entry]:
    """The names (with levels) of one list key, each with its line; form mistakes appended."""
    where = f"{path}:{_line_of(text, '', key)}"
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        mistakes.append(f"{where}: '{key}' must be a list of names, e.g. {key} = [\"...\"]")
        return []
    found: list[_Entry] = []
    for item in value:
        if isinstance(item, str):
            found.append(_Entry(item, None, _line_of(text, item, None)))
            continue
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            line = _line_of(text, item["name"], None)
            extra = sorted(set(item) - {"name", "level"})
            if extra:
                mistakes.append(f"{path}:{line}: unknown key '{extra[0]}' in an item of '{key}'; an item has name and level")
            level = item.get("level")
            if level is not None and level not in LEVELS:
                mistakes.append(f"{path}:{line}: unknown level {level!r} for {item['name']!r}; use one of {', '.join(LEVELS)}")
                level = None
            if key in ("concepts", "done") and level is not None:
                mistakes.append(f"{path}:{line}: '{key}' items have no level ({item['name']!r})")
                level = None
            found.append(_Entry(item["name"], level, line))
            continue
        mistakes.append(f"{where}: an item of '{key}' must be a name or {{ name = \"...\", level = \"...\" }}, not {item!r}")
    return found


#: The kinds each list key accepts (the names resolve among them).
_KEY_KINDS = {"skills": ("skill",), "tools": ("tool", "equipment"), "concepts": HAVE_KINDS, "done": ("resource",)}


def _read_toml(kb, path: Path) -> Have:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise BadInput(f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot read it: {(error.strerror or type(error).__name__).lower()}") from None
    data = _load_toml(path, text)
    mistakes: list[str] = []
    for key in data:
        if key not in PROFILE_KEYS:
            mistakes.append(f"{path}:{_line_of(text, key, key)}: unknown key '{key}'; a profile has "
                            f"{', '.join(PROFILE_KEYS)}")
    roles: dict[str, str | None] = {}
    for key in ("role", "target"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            mistakes.append(f"{path}:{_line_of(text, key, key)}: '{key}' must be one name, e.g. {key} = \"Tech PM\"")
            value = None
        roles[key] = value
    entries: list[tuple[str, _Entry]] = []
    for key in ("skills", "tools", "concepts", "done"):
        if key in data:
            entries += [(key, entry) for entry in _entries(path, text, key, data[key], mistakes)]
    form_mistakes = bool(mistakes)
    resolved: list[tuple[str, str, str | None]] = []
    for key, value in roles.items():
        if value is None:
            continue
        try:
            kb.resolve(value, kinds=("role",))
        except NameNotResolved as error:
            mistakes.append(f"{path}:{_line_of(text, value, key)}: {key}: {error}")
    for key, entry in entries:
        try:
            iri = str(kb.resolve(entry.name, kinds=_KEY_KINDS[key]))
        except NameNotResolved as error:
            mistakes.append(f"{path}:{entry.line}: {key}: {error}")
            continue
        resolved.append((iri, entry.name, entry.level))
    if mistakes:
        # in the order of the file's lines (a key's form, then its names)
        in_order = sorted(mistakes, key=lambda line: int(line[len(str(path)) + 1:].split(":", 1)[0]))
        raise ProfileError(in_order, BadInput.exit_code if form_mistakes else NameNotResolved.exit_code)
    return holding(kb, [iri for iri, _, _ in resolved], {iri: level for iri, _, level in resolved if level},
                   role=roles["role"], target=roles["target"], origin=str(path),
                   written={iri: name for iri, name, _ in resolved})


def _read_rdf(kb, path: Path) -> Have:
    from rdflib import RDF, BNode, Literal, URIRef

    from ..kb.files import parse_file

    graph = parse_file(path)
    schema = lambda name: URIRef(SCHEMA + name)  # noqa: E731 - a namespace in one line
    people = sorted(set(graph.subjects(RDF.type, schema("Person"))), key=str)
    if len(people) != 1:
        raise BadInput(f"{path}: a profile in RDF is one schema:Person; found {len(people)}")
    person = people[0]

    def one(prop: str) -> str | None:
        values = sorted(str(value) for value in graph.objects(person, schema(prop)) if isinstance(value, URIRef))
        if len(values) > 1:
            raise BadInput(f"{path}: the profile has {len(values)} schema:{prop} values; give one")
        return values[0] if values else None

    names: list[str] = []
    levels: dict[str, str] = {}
    for value in sorted(graph.objects(person, schema("knowsAbout")), key=str):
        if isinstance(value, URIRef):
            names.append(str(value))
        elif isinstance(value, BNode):
            about = graph.value(value, schema("about"))
            if not isinstance(about, URIRef):
                raise BadInput(f"{path}: a schema:knowsAbout node without schema:about (the IRI of what is known)")
            names.append(str(about))
            level = graph.value(value, schema("skillLevel"))
            if isinstance(level, Literal):
                levels[str(about)] = str(level)
    names += sorted(str(value) for value in graph.objects(person, URIRef(PROV_USED)) if isinstance(value, URIRef))
    try:
        return holding(kb, names, levels, role=one("hasOccupation"), target=one("seeks"), origin=str(path))
    except (NameNotResolved, UsageError) as error:  # an IRI the graph does not know, a level that is none
        code = NameNotResolved.exit_code if isinstance(error, NameNotResolved) else BadInput.exit_code
        raise ProfileError([f"{path}: {error}"], code) from None


def read_profile(kb, path: str | Path) -> Have:
    """The profile in ``path`` (TOML, or RDF by its file name ending) as a :class:`~pmgraph.careers.have.Have`.

    Raises :class:`ProfileError` (every mistake, one line each) or
    :class:`~pmgraph.errors.BadInput` for a file that cannot be read.
    """
    path = Path(path)
    if path.suffix.lower() in RDF_SUFFIXES:
        return _read_rdf(kb, path)
    return _read_toml(kb, path)


def _turtle_iri(iri: str) -> str:
    from ..namespaces import curie

    short = curie(iri)
    return short if short != iri and re.fullmatch(r"[A-Za-z][\w-]*:[\w-]+", short) else f"<{iri}>"


def profile_turtle(have: Have) -> str:
    """``have`` as the Turtle of the mapping above (prefixes ``pm:``, ``schema:``, ``prov:``).

    >>> from pmgraph import kb
    >>> print(profile_turtle(holding(kb.open(), ["Terraform"], role="senior engineer")), end="")
    @prefix pm: <https://w3id.org/pmgraph/id/> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix schema: <https://schema.org/> .
    <BLANKLINE>
    <#me> a schema:Person ;
        schema:hasOccupation pm:SeniorDeveloper ;
        schema:knowsAbout pm:Terraform .
    """
    lines = ["@prefix pm: <https://w3id.org/pmgraph/id/> .", "@prefix prov: <http://www.w3.org/ns/prov#> .",
             "@prefix schema: <https://schema.org/> .", "", "<#me> a schema:Person"]
    if have.role:
        lines.append(f"schema:hasOccupation {_turtle_iri(have.role)}")
    if have.target:
        lines.append(f"schema:seeks {_turtle_iri(have.target)}")
    known = []
    for iri, _, level in have.given:
        if iri in have.done:
            continue
        if level:
            known.append(f'[ schema:about {_turtle_iri(iri)} ; schema:skillLevel "{level}" ]')
        else:
            known.append(_turtle_iri(iri))
    if known:
        lines.append("schema:knowsAbout " + " , ".join(known))
    done = [_turtle_iri(iri) for iri, _, _ in have.given if iri in have.done]
    if done:
        lines.append("prov:used " + " , ".join(done))
    head, *rest = lines[4:]
    body = head + "".join(" ;\n    " + line for line in rest) + " .\n"
    return "\n".join(lines[:4]) + "\n" + body
