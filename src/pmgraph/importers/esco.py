"""ESCO (the official CSV export) -> pmgraph's model.

What becomes what (the publisher's concept IRIs are kept):

* occupations (``occupations_en.csv``) -> ``pmo:Role`` and ``esco:Occupation``, with the
  ESCO code as ``skos:notation`` (``2512.4``), preferred, alternative and hidden labels,
  the ESCO definition (or, when it has none, its description) as ``skos:definition`` and
  its scope note;
* skills (``skills_en.csv``) -> ``pmo:Skill`` and ``esco:Skill``, with ``pmo:skillType``
  (and ``esco:skillType``) pointing to ESCO's skill-type IRIs (``.../skill-type/skill``,
  ``.../skill-type/knowledge``, typed ``pmo:SkillType``) and ``esco:skillReuseLevel``;
* occupation-skill relations -> ``pmo:SkillRequirement`` with ``pmo:requirementLevel``
  ``pm:Essential`` or ``pm:Optional``;
* ISCO groups and skill groups -> ``skos:Concept`` (ISCO groups also ``esco:ISCOGroup``)
  with ``skos:notation``; the occupation and skill hierarchies -> ``skos:broader``;
* moves between similar occupations derived from skill overlap
  (:mod:`pmgraph.importers.overlap`) -> ``pmo:CareerTransition`` with ``pmo:derivedBy``
  and ``pmo:relatedness`` (the similarity), no ``dct:source``.

Every imported concept and fact has ``dct:source`` pointing to one dataset node (publisher,
version, licence, attribution). Collections (digital, green, ...), skill-skill relations and
concept schemes are not imported.

    >>> from pmgraph.importers.tables import Table
    >>> ESCO_FILES["relations"][0]
    'occupationSkillRelations.csv'
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageError
from . import ImportSummary, Progress, no_progress
from .labels import LabelBook
from .overlap import OverlapMethod, similar_occupations
from .rdf import DATA, NTriplesWriter, T, clean_block, clean_text, decimal_literal, iri, literal, mint
from .report import AnomalyReport
from .tables import Row, Table

__all__ = ["import_esco", "ESCO_FILES", "esco_version", "SKILL_TYPES", "REUSE_LEVELS"]

#: Each file the importer reads: (file name, columns it needs, columns it reads when present).
ESCO_FILES: dict[str, tuple[str, list[str], list[str]]] = {
    "occupations": ("occupations_en.csv",
                    ["conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "code", "description"],
                    ["definition", "scopeNote", "iscoGroup"]),
    "skills": ("skills_en.csv",
               ["conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "hiddenLabels",
                "description"],
               ["definition", "scopeNote"]),
    "relations": ("occupationSkillRelations.csv", ["occupationUri", "relationType", "skillUri"], ["skillType"]),
    "isco": ("ISCOGroups_en.csv", ["conceptUri", "code", "preferredLabel", "altLabels", "description"], []),
    "skill_groups": ("skillGroups_en.csv", ["conceptUri", "preferredLabel", "altLabels", "hiddenLabels",
                                            "description"], ["code", "scopeNote"]),
    "occupation_hierarchy": ("broaderRelationsOccPillar.csv", ["conceptUri", "broaderUri"], []),
    "skill_hierarchy": ("broaderRelationsSkillPillar.csv", ["conceptUri", "broaderUri"], []),
}

#: ESCO's skill types: the value in the CSV -> (ESCO's IRI, label).
SKILL_TYPES = {
    "skill/competence": ("http://data.europa.eu/esco/skill-type/skill", "skill/competence"),
    "knowledge": ("http://data.europa.eu/esco/skill-type/knowledge", "knowledge"),
}
#: ESCO's reuse levels: the value in the CSV -> ESCO's IRI.
REUSE_LEVELS = {name: f"http://data.europa.eu/esco/skill-reuse-level/{name}"
                for name in ("transversal", "cross-sector", "sector-specific", "occupation-specific")}
_RELATIONS = {"essential": T.essential, "optional": T.optional}
_VERSION = re.compile(r"v?(\d+\.\d+(?:\.\d+)?)")
_MOVE_KIND = "esco/similar-occupation"


def esco_version(folder: Path, version: str | None) -> str:
    """``version`` if given, else the version number in the folder's name (``esco-1.1.1``)."""
    if version:
        return version.strip().removeprefix("v")
    match = _VERSION.search(folder.resolve().name)
    if not match:
        raise UsageError(f"{folder}: cannot tell the ESCO version from the folder name; "
                         "pass it with --version (e.g. --version 1.1.1)")
    return match.group(1)


def _split(text: str) -> list[str]:
    """A multi-line list cell (altLabels, hiddenLabels) -> its items (blank items kept for counting)."""
    return text.replace("\r\n", "\n").split("\n") if text.strip() else []


def _tail(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


class _EscoImport:
    def __init__(self, folder: Path, out: NTriplesWriter, version: str, moves: OverlapMethod | None,
                 progress: Progress):
        self.folder = folder
        self.out = out
        self.version = version
        self.moves = moves
        self.progress = progress
        self.report = AnomalyReport()
        self.labels = LabelBook("ESCO")
        self.dataset = f"<{DATA}esco-{version}>"
        self.summary = ImportSummary(
            name="esco", title=f"ESCO v{version}", version=version,
            publisher="European Commission (DG EMPL)",
            license="https://creativecommons.org/licenses/by/4.0/",
            attribution=f"ESCO - European Commission, v{version}",
            url="https://esco.ec.europa.eu/", anomalies=self.report)
        # every file and header is checked before anything is written
        self.tables = {key: Table(folder / name, columns, optional=optional)
                       for key, (name, columns, optional) in ESCO_FILES.items()}
        self.occupations: set[str] = set()
        self.skills: set[str] = set()
        self.isco: set[str] = set()
        self.skill_groups: set[str] = set()
        self.skill_kinds: dict[str, str] = {}

    # -- reading ---------------------------------------------------------------------
    def rows(self, key: str) -> Iterable[Row]:
        table = self.tables[key]
        with self.progress(f"reading {table.path.name}", table.size) as update:
            table.progress = update
            yield from table
        if table.crlf:
            self.report.add("ESCO file with CRLF line ends (read as usual)", table.path.name)
        for line in table.ragged:
            self.report.add("ESCO row with the wrong number of fields (skipped)", f"{table.path.name}:{line}")

    def where(self, key: str, row: Row) -> str:
        return f"{ESCO_FILES[key][0]}:{row.line}"

    def concept(self, key: str, row: Row, seen: set[str], what: str) -> str | None:
        """The row's concept IRI in N-Triples form, or None (counted) if it cannot be imported."""
        uri = clean_text(row["conceptUri"])
        label = clean_text(row["preferredLabel"])
        if not uri:
            self.report.add(f"ESCO {what} row without a concept URI (skipped)", self.where(key, row))
            return None
        try:
            node = iri(uri)
        except ValueError:
            self.report.add(f"ESCO {what} with a malformed concept URI (skipped)", f"{self.where(key, row)}: {uri!r}")
            return None
        if node in seen:
            self.report.add(f"ESCO {what} listed twice (second row skipped)", f"{self.where(key, row)}: {uri}")
            return None
        if not label:
            self.report.add(f"ESCO {what} without a preferred label (skipped)", f"{self.where(key, row)}: {uri}")
            return None
        seen.add(node)
        return node

    def text(self, subject: str, predicate: str, value: str, key: str, row: Row, column: str) -> None:
        cleaned = clean_block(value)
        if "\n" in cleaned:
            self.report.add(f"ESCO {column} spanning several lines (line breaks kept)", self.where(key, row))
        if "\r" in value:
            self.report.add(f"ESCO {column} with CRLF line breaks inside the field (kept as line breaks)",
                            self.where(key, row))
        if cleaned != value.replace("\r\n", "\n") and cleaned:
            self.report.add(f"ESCO {column} with stray leading or trailing spaces (trimmed)", self.where(key, row))
        if cleaned:
            self.out.add(subject, predicate, literal(cleaned, "en"))

    def definition(self, node: str, key: str, row: Row) -> None:
        """ESCO's definition when it has one (its description then as dct:description), else its description."""
        definition, description = row.get("definition", ""), row["description"]
        if definition.strip():
            self.text(node, T.definition, definition, key, row, "definition")
            self.text(node, T.description, description, key, row, "description")
        else:
            self.text(node, T.definition, description, key, row, "description")
        if row.get("scopeNote", "").strip():
            self.text(node, T.scope_note, row["scopeNote"], key, row, "scopeNote")

    def source(self, node: str) -> None:
        self.out.add(node, T.source, self.dataset)

    # -- steps -----------------------------------------------------------------------
    def run(self) -> ImportSummary:
        self.write_dataset()
        self.write_controlled_values()
        self.read_isco()
        self.read_skill_groups()
        self.read_occupations()
        self.read_skills()
        self.read_relations()
        self.read_hierarchy("occupation_hierarchy", self.occupations | self.isco, "occupation hierarchy")
        self.read_hierarchy("skill_hierarchy", self.skills | self.skill_groups, "skill hierarchy")
        if self.moves is not None and self.moves.top_k > 0:
            self.derive_moves()
        self.write_labels()
        return self.summary

    def write_dataset(self) -> None:
        out, node, version = self.out, self.dataset, self.version
        out.add(node, T.type, T.dataset)
        out.add(node, T.type, T.prov_entity)
        self.labels.name(node, f"ESCO v{version}", rank=0)
        out.add(node, T.title, literal(f"ESCO - European Skills, Competences, Qualifications and Occupations, "
                                       f"v{version}", "en"))
        out.add(node, T.publisher, literal(self.summary.publisher))
        out.add(node, T.version_info, literal(version))
        out.add(node, T.license, iri(self.summary.license))
        out.add(node, T.rights, literal("Reuse of ESCO is free of charge with acknowledgement of the source, under "
                                        "Commission Decision 2011/833/EU on the reuse of Commission documents; the "
                                        "Commission's reuse policy for such content is CC BY 4.0.", "en"))
        out.add(node, T.credit_text, literal(self.summary.attribution))
        out.add(node, T.url, iri(self.summary.url))
        out.add(node, T.description, literal(
            "The ESCO classification as published in its official CSV export (occupations, skills, "
            "occupation-skill relations, ISCO groups, skill groups and both hierarchies), imported by pmgraph. "
            "Concept IRIs are ESCO's own.", "en"))

    def write_controlled_values(self) -> None:
        out = self.out
        for uri, label in SKILL_TYPES.values():
            node = iri(uri)
            out.add(node, T.type, T.skill_type_class)
            out.add(node, T.type, T.concept)
            self.labels.name(node, label, rank=1)
            out.add(node, T.definition, literal(
                "ESCO skill type: " + ("knowledge, the body of facts, principles, theories and practices related "
                                       "to a field of work or study." if "knowledge" in uri else
                                       "skill or competence, the ability to apply knowledge and use know-how to "
                                       "complete tasks and solve problems."), "en"))
            self.source(node)
        for name, uri in REUSE_LEVELS.items():
            node = iri(uri)
            out.add(node, T.type, T.concept)
            self.labels.name(node, name, rank=1)
            out.add(node, T.definition, literal(f"ESCO skill reuse level: {name}.", "en"))
            self.source(node)

    def read_isco(self) -> None:
        for row in self.rows("isco"):
            node = self.concept("isco", row, self.isco, "ISCO group")
            if node is None:
                continue
            code = clean_text(row["code"])
            self.out.add(node, T.type, T.esco_isco_group)
            self.out.add(node, T.type, T.concept)
            if code:
                self.out.add(node, T.notation, literal(code))
            self.labels.name(node, row["preferredLabel"], _split(row["altLabels"]), rank=2,
                             qualifier=f"ISCO-08 {code}" if code else "ISCO-08 group", where=self.where("isco", row))
            self.definition(node, "isco", row)
            self.source(node)

    def read_skill_groups(self) -> None:
        for row in self.rows("skill_groups"):
            node = self.concept("skill_groups", row, self.skill_groups, "skill group")
            if node is None:
                continue
            code = clean_text(row.get("code", ""))
            self.out.add(node, T.type, T.concept)
            if code:
                self.out.add(node, T.notation, literal(code))
            self.labels.name(node, row["preferredLabel"], _split(row["altLabels"]), _split(row["hiddenLabels"]),
                             rank=3, qualifier=f"ESCO skill group {code}" if code else f"ESCO skill group {_tail(node[1:-1])}",
                             where=self.where("skill_groups", row))
            self.definition(node, "skill_groups", row)
            self.source(node)

    def read_occupations(self) -> None:
        for row in self.rows("occupations"):
            node = self.concept("occupations", row, self.occupations, "occupation")
            if node is None:
                continue
            out = self.out
            out.add(node, T.type, T.role)
            out.add(node, T.type, T.esco_occupation)
            code = clean_text(row["code"])
            if code:
                out.add(node, T.notation, literal(code))
            else:
                self.report.add("ESCO occupation without a code", self.where("occupations", row))
            self.labels.name(node, row["preferredLabel"], _split(row["altLabels"]), _split(row["hiddenLabels"]),
                             rank=0, qualifier=f"ESCO occupation {code}" if code else "ESCO occupation",
                             where=self.where("occupations", row))
            self.definition(node, "occupations", row)
            self.source(node)

    def read_skills(self) -> None:
        for row in self.rows("skills"):
            node = self.concept("skills", row, self.skills, "skill")
            if node is None:
                continue
            out = self.out
            out.add(node, T.type, T.skill_class)
            out.add(node, T.type, T.esco_skill)
            where = self.where("skills", row)
            skill_type = clean_text(row["skillType"])
            if skill_type in SKILL_TYPES:
                self.skill_kinds[node] = skill_type
                type_node = iri(SKILL_TYPES[skill_type][0])
                out.add(node, T.p_skill_type, type_node)
                out.add(node, T.esco_skill_type, type_node)
            elif not skill_type:
                self.report.add("ESCO skill without a skill type (imported without one)", f"{where}: {node[1:-1]}")
            else:
                self.report.add("ESCO skill with an unknown skill type (imported without one)",
                                f"{where}: {skill_type!r}")
            reuse = clean_text(row["reuseLevel"])
            if reuse in REUSE_LEVELS:
                out.add(node, T.esco_reuse_level, iri(REUSE_LEVELS[reuse]))
            elif not reuse:
                self.report.add("ESCO skill without a reuse level (imported without one)", f"{where}: {node[1:-1]}")
            else:
                self.report.add("ESCO skill with an unknown reuse level (imported without one)", f"{where}: {reuse!r}")
            self.labels.name(node, row["preferredLabel"], _split(row["altLabels"]), _split(row["hiddenLabels"]),
                             rank=1, qualifier="ESCO skill", where=where)
            self.definition(node, "skills", row)
            self.source(node)

    def read_relations(self) -> None:
        out, report = self.out, self.report
        seen: set[tuple[str, str]] = set()
        details = {(relation, kind): literal(f"{relation.capitalize()} {kind} of this occupation in ESCO "
                                             f"v{self.version}.", "en")
                   for relation in _RELATIONS for kind in ("skill/competence", "knowledge", "skill")}
        self.profiles: dict[str, dict[str, float]] = defaultdict(dict)
        requirements = 0
        for row in self.rows("relations"):
            occupation, skill = clean_text(row["occupationUri"]), clean_text(row["skillUri"])
            relation = clean_text(row["relationType"])
            where = self.where("relations", row)
            if not occupation or not skill or not relation:
                report.add("ESCO relation with an empty field (skipped)", where)
                continue
            occupation_node, skill_node = f"<{occupation}>", f"<{skill}>"
            if occupation_node not in self.occupations:
                report.add("ESCO relation to an occupation that is not in occupations_en.csv (skipped)",
                           f"{where}: {occupation}")
                continue
            if skill_node not in self.skills:
                report.add("ESCO relation to a skill that is not in skills_en.csv (skipped)", f"{where}: {skill}")
                continue
            if relation not in _RELATIONS:
                report.add("ESCO relation of an unknown type (skipped)", f"{where}: {relation!r}")
                continue
            if (occupation, skill) in seen:
                report.add("ESCO relation listed twice (second row skipped)", where)
                continue
            seen.add((occupation, skill))
            kind = clean_text(row.get("skillType", ""))
            if not kind:
                report.add("ESCO relation with an empty skillType (the skill's own type is used)", where)
                kind = self.skill_kinds.get(skill_node, "skill")
            node = mint("esco", "req", _tail(occupation), _tail(skill))
            out.add(node, T.type, T.requirement_class)
            out.add(node, T.p_role, occupation_node)
            out.add(node, T.p_skill, skill_node)
            out.add(node, T.p_level, _RELATIONS[relation])
            out.add(node, T.p_detail, details[relation, kind if kind in ("skill/competence", "knowledge") else "skill"])
            out.add(node, T.source, self.dataset)
            requirements += 1
            if self.moves is not None:
                self.profiles[occupation_node][skill_node] = (self.moves.essential_weight if relation == "essential"
                                                              else self.moves.optional_weight)
        self.summary.counts["skill requirements"] = requirements

    def read_hierarchy(self, key: str, known: set[str], what: str) -> None:
        count = 0
        seen: set[tuple[str, str]] = set()
        for row in self.rows(key):
            narrower, broader = clean_text(row["conceptUri"]), clean_text(row["broaderUri"])
            where = self.where(key, row)
            missing = [uri for uri in (narrower, broader) if f"<{uri}>" not in known]
            if not narrower or not broader:
                self.report.add(f"ESCO {what} row with an empty field (skipped)", where)
            elif missing:
                self.report.add(f"ESCO {what} row naming a concept that no file defines (skipped)",
                                f"{where}: {missing[0]}")
            elif narrower == broader:
                self.report.add(f"ESCO {what} row making a concept broader than itself (skipped)", where)
            elif (narrower, broader) in seen:
                self.report.add(f"ESCO {what} row listed twice (skipped)", where)
            else:
                seen.add((narrower, broader))
                self.out.add(f"<{narrower}>", T.broader, f"<{broader}>")
                count += 1
        self.summary.counts[f"{what} links"] = count

    def derive_moves(self) -> None:
        method, out = self.moves, self.out
        kind = mint(*_MOVE_KIND.split("/"))
        out.add(kind, T.type, T.move_kind_class)
        self.labels.name(kind, "similar occupation", rank=1)
        out.add(kind, T.definition, literal(
            "A move to an occupation that needs much the same skills, derived by pmgraph from the skill profiles "
            "of ESCO occupations (essential and optional skills); ESCO itself states no career moves.", "en"))
        out.add(kind, T.source, self.dataset)
        derived_by = literal(method.describe(f"ESCO v{self.version}"))
        with self.progress("deriving moves from skill overlap", len(self.profiles)) as update:
            nearest = similar_occupations(self.profiles, method, update)
        count = 0
        for occupation, others in nearest.items():
            for other, similarity in others:
                node = mint("esco", "move", _tail(occupation[1:-1]), _tail(other[1:-1]))
                out.add(node, T.type, T.transition_class)
                out.add(node, T.p_from, occupation)
                out.add(node, T.p_to, other)
                out.add(node, T.p_move_kind, kind)
                out.add(node, T.p_relatedness, decimal_literal(f"{similarity:.4f}"))
                out.add(node, T.p_derived_by, derived_by)
                count += 1
        self.summary.counts["derived moves"] = count
        self.summary.parameters["moves"] = method.as_dict() | {"derived_by": method.describe(f"ESCO v{self.version}")}

    def write_labels(self) -> None:
        out = self.out
        for node, names in self.labels.settle(self.report).items():
            out.add(node, T.pref, literal(names.pref, "en"))
            for label in names.alt:
                out.add(node, T.alt, literal(label, "en"))
            for label in names.hidden:
                out.add(node, T.hidden, literal(label, "en"))
            if names.note:
                out.add(node, T.editorial_note, literal(names.note, "en"))
        self.summary.counts.update({"occupations": len(self.occupations), "skills": len(self.skills),
                                    "ISCO groups": len(self.isco), "skill groups": len(self.skill_groups)})


#: The default method of the derived moves (see :mod:`pmgraph.importers.overlap`).
DEFAULT_MOVES = OverlapMethod()


def import_esco(folder: str | Path, out: NTriplesWriter, *, version: str | None = None,
                moves: OverlapMethod | None = DEFAULT_MOVES, progress: Progress = no_progress) -> ImportSummary:
    """Convert the ESCO CSV export in ``folder`` to N-Triples on ``out``; see the module docstring.

    Raises :class:`~pmgraph.errors.BadInput` (exit 3) before writing anything when a file is
    missing or a header lacks a column. ``moves=None`` derives no moves.
    """
    folder = Path(folder)
    run = _EscoImport(folder, out, esco_version(folder, version), moves, progress)
    return run.run()
