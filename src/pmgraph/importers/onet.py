"""O*NET (the database's text files, or our TSVs of its Excel files) -> pmgraph's model.

Columns are read by header name, so the official text layout and the Excel layout (which
adds ``Title``, ``Scale Name`` and ``Related Title``) both work; each file is looked for as
``NAME.txt`` (official) and then ``NAME.tsv``. What becomes what:

* occupations (``Occupation Data``) -> ``pmo:Role`` ``onet:CODE`` with the O*NET-SOC code
  as ``skos:notation`` (``15-1252.00``), the title as preferred label, the description as
  ``skos:definition``, alternate and short titles as alternative labels, reported job
  titles as hidden labels, the job zone (``Job Zones``, ``Job Zone Reference``) and
  ``skos:broader`` from an O*NET-SOC breakout (``15-1299.09``) to its SOC occupation
  (``15-1299.00``) when that is in the file;
* skills (``Skills``, ``Content Model Reference``) -> one ``pmo:Skill`` per element, typed
  by its category (Basic Skills, Cross-Functional Skills, as ``pmo:SkillType``) and linked
  up the content model with ``skos:broader``; each rated occupation-element pair -> a
  ``pmo:SkillRequirement`` with ``pmo:importance`` (IM, 1-5) and ``pmo:proficiencyLevel``
  (LV, 0-7), ``pm:Essential`` when the importance is at least :data:`ESSENTIAL_IMPORTANCE`
  (O*NET OnLine lists an element as important from 50 on its 0-100 scale, which is 3.0
  here), else ``pm:Optional``;
* technology skills -> ``pmo:Tool`` (one per product) grouped by UNSPSC commodity
  (``pmo:ToolCategory``) into one ``pmo:ToolUse`` per occupation and commodity, whose
  hot and in-demand products are marked with ``pmo:hotTechnology`` / ``pmo:inDemand``;
* tools used -> ``pmo:Equipment`` (a kind of ``pmo:Tool``, one per example) grouped the same
  way, numbered after the occupation's technology tool uses;
* related occupations -> ``pmo:CareerTransition`` (kind "related occupation") with the
  relatedness tier as ``pmo:relatedness`` and O*NET's rank (``Index``) as ``pmo:order``.

Job zones are ``pmo:JobZone`` concepts, linked with ``pmo:jobZone``. Knowledge, Abilities
and the rest of the database are not imported.

    >>> onet_iri("15-1252.00")
    '<https://www.onetonline.org/link/summary/15-1252.00>'
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import UsageError
from . import ImportSummary, Progress, no_progress
from .labels import LabelBook
from .rdf import (DATA, NTriplesWriter, T, clean_block, clean_text, decimal_literal, integer_literal, iri,
                  literal, mint)
from .report import AnomalyReport
from .tables import Row, Table, find_file

__all__ = ["import_onet", "onet_iri", "onet_version", "ONET_FILES", "ESSENTIAL_IMPORTANCE", "TIERS"]

#: Each file: (name without suffix, columns it needs, columns read when present).
ONET_FILES: dict[str, tuple[str, list[str], list[str]]] = {
    "occupations": ("Occupation Data", ["O*NET-SOC Code", "Title", "Description"], []),
    "skills": ("Skills", ["O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value"],
               ["Recommend Suppress", "Not Relevant"]),
    "content_model": ("Content Model Reference", ["Element ID", "Element Name", "Description"], []),
    "technology": ("Technology Skills", ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title",
                                         "Hot Technology"], ["In Demand"]),
    "tools": ("Tools Used", ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title"], []),
    "related": ("Related Occupations", ["O*NET-SOC Code", "Related O*NET-SOC Code", "Relatedness Tier", "Index"],
                []),
    "job_zones": ("Job Zones", ["O*NET-SOC Code", "Job Zone"], []),
    "job_zone_reference": ("Job Zone Reference", ["Job Zone", "Name", "Experience", "Education", "Job Training",
                                                  "Examples"], []),
    "alternate_titles": ("Alternate Titles", ["O*NET-SOC Code", "Alternate Title"], ["Short Title"]),
}
SUFFIXES = (".txt", ".tsv")
#: Importance (1-5) from which a skill counts as essential: O*NET OnLine's 50 on 0-100.
ESSENTIAL_IMPORTANCE = Decimal("3.0")
#: O*NET's relatedness tiers, closest first.
TIERS = ("Primary-Short", "Primary-Long", "Supplemental")
_CODE = re.compile(r"^\d\d-\d\d\d\d\.\d\d$")
_VERSION = re.compile(r"O\*NET\s+(\d+\.\d+)")
_FOLDER_VERSION = re.compile(r"(\d+\.\d+)")
_SLUG = re.compile(r"[^a-z0-9]+")


def onet_iri(code: str) -> str:
    """The N-Triples IRI of an O*NET-SOC occupation: ``onet:`` + its code."""
    return f"<{T.onet}{code}>"


def onet_version(folder: Path, version: str | None) -> str:
    """``version`` if given, else the release named in ``Read Me.txt``, else in the folder's name."""
    if version:
        return version.strip()
    readme = folder / "Read Me.txt"
    if readme.is_file():
        match = _VERSION.search(readme.read_text(encoding="utf-8", errors="replace"))
        if match:
            return match.group(1)
    match = _FOLDER_VERSION.search(folder.resolve().name)
    if match:
        return match.group(1)
    raise UsageError(f"{folder}: cannot tell the O*NET release (no 'Read Me.txt' naming it, no number in the "
                     "folder name); pass it with --version (e.g. --version 29.3)")


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-") or "item"


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class _OnetImport:
    def __init__(self, folder: Path, out: NTriplesWriter, version: str, progress: Progress):
        self.folder = folder
        self.out = out
        self.version = version
        self.progress = progress
        self.report = AnomalyReport()
        self.labels = LabelBook("O*NET")
        self.dataset = f"<{DATA}onet-{version}>"
        self.summary = ImportSummary(
            name="onet", title=f"O*NET {version}", version=version,
            publisher="National Center for O*NET Development, for the U.S. Department of Labor, Employment and "
                      "Training Administration (USDOL/ETA)",
            license="https://creativecommons.org/licenses/by/4.0/",
            attribution=(f"This product includes information from the O*NET {version} Database by the U.S. "
                         "Department of Labor, Employment and Training Administration (USDOL/ETA). Used under the "
                         "CC BY 4.0 license."),
            url="https://www.onetcenter.org/database.html", anomalies=self.report)
        self.tables = {key: Table(find_file(folder, stem, SUFFIXES), columns, delimiter="\t", optional=optional)
                       for key, (stem, columns, optional) in ONET_FILES.items()}
        self.occupations: dict[str, str] = {}  # code -> title
        #: the last pmo:order given to each occupation's tool uses (technology first, then tools)
        self.tool_use_order: dict[str, int] = defaultdict(int)

    def rows(self, key: str) -> Iterable[Row]:
        table = self.tables[key]
        with self.progress(f"reading {table.path.name}", table.size) as update:
            table.progress = update
            yield from table
        if table.crlf:
            self.report.add("O*NET file with CRLF line ends (read as usual)", table.path.name)
        for line in table.ragged:
            self.report.add("O*NET row with the wrong number of fields (skipped)", f"{table.path.name}:{line}")

    def where(self, key: str, row: Row) -> str:
        return f"{self.tables[key].path.name}:{row.line}"

    def code(self, key: str, row: Row, column: str = "O*NET-SOC Code") -> str | None:
        """The row's occupation code if it names an imported occupation, else None (counted)."""
        code = clean_text(row[column])
        if code in self.occupations:
            return code
        if not code:
            self.report.add(f"O*NET row with an empty {column} (skipped)", self.where(key, row))
        else:
            self.report.add("O*NET row naming an occupation that is not in Occupation Data (skipped)",
                            f"{self.where(key, row)}: {code}")
        return None

    # -- steps -----------------------------------------------------------------------
    def run(self) -> ImportSummary:
        self.write_dataset()
        self.read_occupations()
        self.read_job_zones()
        self.read_titles()
        self.read_skills()
        self.read_technology()
        self.read_tools()
        self.read_related()
        self.write_labels()
        return self.summary

    def write_dataset(self) -> None:
        out, node, version = self.out, self.dataset, self.version
        out.add(node, T.type, T.dataset)
        out.add(node, T.type, T.prov_entity)
        self.labels.name(node, f"O*NET {version}", rank=0)
        out.add(node, T.title, literal(f"O*NET {version} Database", "en"))
        out.add(node, T.publisher, literal(self.summary.publisher))
        out.add(node, T.version_info, literal(version))
        out.add(node, T.license, iri(self.summary.license))
        out.add(node, T.rights, literal(f"The content of the O*NET {version} Database is licensed under a Creative "
                                        "Commons Attribution 4.0 International License "
                                        "(https://www.onetcenter.org/license_db.html).", "en"))
        out.add(node, T.credit_text, literal(self.summary.attribution))
        out.add(node, T.url, iri(self.summary.url))
        out.add(node, T.description, literal(
            "O*NET occupations, skills with importance and level ratings, technology skills with hot technologies, "
            "tools used, related occupations, job zones and titles, imported by pmgraph from the database files.",
            "en"))

    def read_occupations(self) -> None:
        out = self.out
        for row in self.rows("occupations"):
            code, title = clean_text(row["O*NET-SOC Code"]), clean_text(row["Title"])
            where = self.where("occupations", row)
            if not _CODE.match(code):
                self.report.add("O*NET occupation with a malformed O*NET-SOC code (skipped)", f"{where}: {code!r}")
                continue
            if code in self.occupations:
                self.report.add("O*NET occupation listed twice (second row skipped)", f"{where}: {code}")
                continue
            if not title:
                self.report.add("O*NET occupation without a title (skipped)", f"{where}: {code}")
                continue
            self.occupations[code] = title
            node = onet_iri(code)
            out.add(node, T.type, T.role)
            out.add(node, T.notation, literal(code))
            self.labels.name(node, row["Title"], rank=0, qualifier=f"O*NET {code}", where=where)
            description = clean_block(row["Description"])
            if description:
                out.add(node, T.definition, literal(description, "en"))
            else:
                self.report.add("O*NET occupation without a description", f"{where}: {code}")
            out.add(node, T.source, self.dataset)
        for code in sorted(self.occupations):
            if not code.endswith(".00"):
                parent = code[:-2] + "00"
                if parent in self.occupations:
                    out.add(onet_iri(code), T.broader, onet_iri(parent))
        self.summary.counts["occupations"] = len(self.occupations)

    def read_job_zones(self) -> None:
        out = self.out
        zones: dict[str, str] = {}
        for row in self.rows("job_zone_reference"):
            zone = clean_text(row["Job Zone"])
            if not zone.isdigit():
                self.report.add("O*NET job zone that is not a number (skipped)", self.where("job_zone_reference", row))
                continue
            node = mint("onet", "job-zone", zone)
            zones[zone] = node
            out.add(node, T.type, T.job_zone_class)
            out.add(node, T.notation, literal(zone))
            self.labels.name(node, row["Name"] or f"Job Zone {zone}", rank=2, qualifier=f"O*NET job zone {zone}")
            for column, predicate in (("Experience", T.definition), ("Education", T.scope_note),
                                      ("Job Training", T.scope_note), ("Examples", T.example)):
                text = clean_block(row[column])
                if text:
                    out.add(node, predicate, literal(text, "en"))
            out.add(node, T.source, self.dataset)
        job_zone = T.p_job_zone
        seen: set[str] = set()
        for row in self.rows("job_zones"):
            code = self.code("job_zones", row)
            if code is None:
                continue
            zone = clean_text(row["Job Zone"])
            if zone not in zones:
                self.report.add("O*NET job zone that Job Zone Reference does not define (skipped)",
                                f"{self.where('job_zones', row)}: {zone!r}")
            elif code in seen:
                self.report.add("O*NET occupation with two job zones (second skipped)", self.where("job_zones", row))
            else:
                seen.add(code)
                out.add(onet_iri(code), job_zone, zones[zone])
        missing = sorted(set(self.occupations) - seen)
        for code in missing:
            self.report.add("O*NET occupation without a job zone", code)
        self.summary.counts["job zones"] = len(seen)

    def read_titles(self) -> None:
        alternate = 0
        for row in self.rows("alternate_titles"):
            code = self.code("alternate_titles", row)
            if code is None:
                continue
            titles = [row["Alternate Title"], row.get("Short Title", "")]
            self.labels.add_alt(onet_iri(code), [t for t in titles if t], self.where("alternate_titles", row))
            alternate += 1
        self.summary.counts["alternate titles"] = alternate

    def element_nodes(self) -> dict[str, tuple[str, str]]:
        """Element ID -> (name, description) from the content model."""
        elements: dict[str, tuple[str, str]] = {}
        for row in self.rows("content_model"):
            element = clean_text(row["Element ID"])
            if element:
                elements[element] = (clean_text(row["Element Name"]), clean_block(row["Description"]))
        return elements

    def write_element(self, element: str, elements: dict[str, tuple[str, str]], written: set[str],
                      fallback_name: str = "") -> str:
        """The node of a content-model element (written once, with its ancestors up to the root)."""
        node = mint("onet", "element", element)
        if element in written:
            return node
        written.add(element)
        out = self.out
        name, description = elements.get(element, (fallback_name, ""))
        if element not in elements:
            self.report.add("O*NET element that Content Model Reference does not describe (name taken from the row)",
                            element)
        out.add(node, T.notation, literal(element))
        depth = element.count(".")
        if depth >= 2:  # a skill itself, e.g. 2.A.1.a
            out.add(node, T.type, T.skill_class)
            out.add(node, T.p_skill_type, self.write_element(".".join(element.split(".")[:2]), elements, written))
        elif depth == 1:  # a category, e.g. 2.A Basic Skills
            out.add(node, T.type, T.skill_type_class)
        out.add(node, T.type, T.concept)
        if "." in element:
            out.add(node, T.broader, self.write_element(element.rsplit(".", 1)[0], elements, written))
        self.labels.name(node, name or element, rank=1 if depth >= 2 else 3, qualifier=f"O*NET element {element}")
        if description:
            out.add(node, T.definition, literal(description, "en"))
        out.add(node, T.source, self.dataset)
        return node

    def read_skills(self) -> None:
        out, report = self.out, self.report
        elements = self.element_nodes()
        ratings: dict[tuple[str, str], dict[str, tuple[Decimal, Row]]] = defaultdict(dict)
        names: dict[str, str] = {}
        for row in self.rows("skills"):
            code = self.code("skills", row)
            if code is None:
                continue
            element, scale = clean_text(row["Element ID"]), clean_text(row["Scale ID"])
            where = self.where("skills", row)
            value = _number(row["Data Value"])
            if not element:
                report.add("O*NET skill rating without an element ID (skipped)", where)
            elif scale not in ("IM", "LV"):
                report.add("O*NET skill rating on an unknown scale (skipped)", f"{where}: {scale!r}")
            elif value is None:
                report.add("O*NET skill rating that is not a number (skipped)", f"{where}: {row['Data Value']!r}")
            elif scale in ratings[code, element]:
                report.add("O*NET skill rating listed twice (second skipped)", where)
            else:
                ratings[code, element][scale] = (value, row)
                names.setdefault(element, clean_text(row["Element Name"]))
        written: set[str] = set()
        requirements = 0
        for (code, element), scales in sorted(ratings.items()):
            if "IM" not in scales:
                report.add("O*NET skill with a level but no importance rating (skipped)", f"{code} {element}")
                continue
            importance, importance_row = scales["IM"]
            skill = self.write_element(element, elements, written, names[element])
            node = mint("onet", "req", code, element)
            out.add(node, T.type, T.requirement_class)
            out.add(node, T.p_role, onet_iri(code))
            out.add(node, T.p_skill, skill)
            out.add(node, T.p_level, T.essential if importance >= ESSENTIAL_IMPORTANCE else T.optional)
            out.add(node, T.p_importance, decimal_literal(str(importance)))
            detail = f"O*NET {self.version}: importance {importance} (scale 1-5)"
            if "LV" in scales:
                level, level_row = scales["LV"]
                if level_row.get("Not Relevant", "").strip() == "Y":
                    report.add("O*NET skill level rated 'not relevant' (level left out, importance kept)",
                               f"{code} {element}")
                    detail += ", level not relevant"
                else:
                    out.add(node, T.p_proficiency, decimal_literal(str(level)))
                    detail += f", level {level} (scale 0-7)"
                if level_row.get("Recommend Suppress", "").strip() == "Y":
                    report.add("O*NET skill level flagged 'recommend suppress' (imported; O*NET deems its "
                               "precision low)", f"{code} {element}")
                    detail += "; O*NET flags the level as imprecise"
            if importance_row.get("Recommend Suppress", "").strip() == "Y":
                report.add("O*NET skill importance flagged 'recommend suppress' (imported; O*NET deems its "
                           "precision low)", f"{code} {element}")
            out.add(node, T.p_detail, literal(detail + ".", "en"))
            out.add(node, T.source, self.dataset)
            requirements += 1
        rated = {code for code, _ in ratings}
        for code in sorted(set(self.occupations) - rated):
            report.add("O*NET occupation without skill ratings (imported without skills)",
                       f"{code} {self.occupations[code]}")
        self.summary.counts["skills"] = len({e for _, e in ratings})
        self.summary.counts["skill requirements"] = requirements

    def read_technology(self) -> None:
        out, report = self.out, self.report
        uses: dict[tuple[str, str], dict[str, tuple[bool, bool]]] = defaultdict(dict)
        commodities: dict[str, str] = {}
        products: dict[str, str] = {}
        for row in self.rows("technology"):
            code = self.code("technology", row)
            if code is None:
                continue
            where = self.where("technology", row)
            product = clean_text(row["Example"])
            commodity, title = clean_text(row["Commodity Code"]), clean_text(row["Commodity Title"])
            if not product or not commodity:
                report.add("O*NET technology skill with an empty product or commodity (skipped)", where)
                continue
            if product in uses[code, commodity]:
                report.add("O*NET technology skill listed twice (second skipped)", where)
                continue
            hot, demand = row["Hot Technology"].strip(), row.get("In Demand", "").strip()
            for column, flag in (("Hot Technology", hot), ("In Demand", demand)):
                if flag not in ("Y", "N", ""):
                    report.add(f"O*NET {column} flag that is neither Y nor N (read as N)", f"{where}: {flag!r}")
            uses[code, commodity][product] = (hot == "Y", demand == "Y")
            commodities.setdefault(commodity, title)
            products.setdefault(product, product)
        # a product's IRI is its slug; two products with the same slug both get a hash suffix
        by_slug: dict[str, list[str]] = defaultdict(list)
        for product in products:
            by_slug[_slug(product)].append(product)
        tool_nodes: dict[str, str] = {}
        for slug, named in by_slug.items():
            for product in named:
                suffix = "" if len(named) == 1 else "-" + hashlib.sha1(product.encode()).hexdigest()[:8]
                tool_nodes[product] = mint("onet", "technology", slug + suffix)
        for product, node in sorted(tool_nodes.items()):
            out.add(node, T.type, T.tool_class)
            out.add(node, T.type, T.software_application)
            self.labels.name(node, product, rank=3, qualifier="O*NET technology")
            out.add(node, T.source, self.dataset)
        category_nodes = {commodity: mint("onet", "commodity", commodity) for commodity in commodities}
        for commodity, node in sorted(category_nodes.items()):
            out.add(node, T.type, T.tool_category_class)
            out.add(node, T.notation, literal(commodity))
            # a category keeps its name when a product is named after it ("Project management software")
            self.labels.name(node, commodities[commodity] or commodity, rank=2,
                             qualifier=f"UNSPSC {commodity}")
            out.add(node, T.source, self.dataset)
        hot_term, demand_term = T.p_hot_technology, T.p_in_demand
        order = self.tool_use_order
        hot_count = 0
        for (code, commodity), tools in uses.items():  # in file order
            order[code] += 1
            node = mint("onet", "tooluse", code, commodity)
            out.add(node, T.type, T.tool_use_class)
            out.add(node, T.p_role, onet_iri(code))
            out.add(node, T.p_tool_category, category_nodes[commodity])
            out.add(node, T.p_order, integer_literal(order[code]))
            out.add(node, T.p_purpose, literal(f"Technology used in the work: {commodities[commodity]} "
                                               f"(O*NET {self.version} Technology Skills).", "en"))
            for product, (hot, demand) in tools.items():
                out.add(node, T.p_tool, tool_nodes[product])
                if hot:
                    out.add(node, hot_term, tool_nodes[product])
                    hot_count += 1
                if demand:
                    out.add(node, demand_term, tool_nodes[product])
            out.add(node, T.source, self.dataset)
        self.summary.counts["technologies"] = len(tool_nodes)
        self.summary.counts["technology categories"] = len(category_nodes)
        self.summary.counts["technology uses"] = len(uses)
        self.summary.counts["hot technology marks"] = hot_count

    def read_tools(self) -> None:
        """Tools Used: one ``pmo:Equipment`` per example, one ``pmo:ToolUse`` per occupation and commodity.

        A tool keeps its name when its commodity has the same title (``Desktop computers`` in
        UNSPSC 43211507 "Desktop computers"): ``show`` lists tools, and a user typing the name
        means the tool; the commodity gets the code as a qualifier.
        """
        out, report = self.out, self.report
        uses: dict[tuple[str, str], list[str]] = defaultdict(list)
        commodities: dict[str, str] = {}
        products: dict[str, None] = {}
        for row in self.rows("tools"):
            code = self.code("tools", row)
            if code is None:
                continue
            where = self.where("tools", row)
            product = clean_text(row["Example"])
            commodity, title = clean_text(row["Commodity Code"]), clean_text(row["Commodity Title"])
            if not product or not commodity:
                report.add("O*NET tool with an empty example or commodity (skipped)", where)
                continue
            if product in uses[code, commodity]:
                report.add("O*NET tool listed twice (second skipped)", where)
                continue
            if commodity in commodities and title and commodities[commodity] and title != commodities[commodity]:
                report.add("O*NET commodity with two titles (the first kept)", f"{where}: {commodity} {title!r}")
            uses[code, commodity].append(product)
            if not commodities.get(commodity):
                commodities[commodity] = title
            products.setdefault(product, None)
        by_slug: dict[str, list[str]] = defaultdict(list)
        for product in products:
            by_slug[_slug(product)].append(product)
        tool_nodes: dict[str, str] = {}
        for slug, named in by_slug.items():
            for product in named:
                suffix = "" if len(named) == 1 else "-" + hashlib.sha1(product.encode()).hexdigest()[:8]
                tool_nodes[product] = mint("onet", "tool", slug + suffix)
        for product, node in sorted(tool_nodes.items()):
            out.add(node, T.type, T.equipment_class)
            self.labels.name(node, product, rank=2, qualifier="O*NET tool")
            out.add(node, T.source, self.dataset)
        category_nodes = {commodity: mint("onet", "commodity", commodity) for commodity in commodities}
        for commodity, node in sorted(category_nodes.items()):
            if node in self.labels:  # a commodity of Technology Skills too: already written
                continue
            out.add(node, T.type, T.tool_category_class)
            out.add(node, T.notation, literal(commodity))
            self.labels.name(node, commodities[commodity] or commodity, rank=3, qualifier=f"UNSPSC {commodity}")
            out.add(node, T.source, self.dataset)
        order = self.tool_use_order
        for (code, commodity), tools in uses.items():  # in file order
            order[code] += 1
            node = mint("onet", "tools-used", code, commodity)
            out.add(node, T.type, T.tool_use_class)
            out.add(node, T.p_role, onet_iri(code))
            out.add(node, T.p_tool_category, category_nodes[commodity])
            out.add(node, T.p_order, integer_literal(order[code]))
            out.add(node, T.p_purpose, literal(f"Tools used in the work: {commodities[commodity] or commodity} "
                                               f"(O*NET {self.version} Tools Used).", "en"))
            for product in tools:
                out.add(node, T.p_tool, tool_nodes[product])
            out.add(node, T.source, self.dataset)
        self.summary.counts["tools"] = len(tool_nodes)
        self.summary.counts["tool categories"] = len(category_nodes)
        self.summary.counts["tool uses"] = len(uses)

    def read_related(self) -> None:
        out, report = self.out, self.report
        kind = mint("onet", "related-occupation")
        out.add(kind, T.type, T.move_kind_class)
        self.labels.name(kind, "related occupation", rank=2, qualifier="O*NET")
        out.add(kind, T.definition, literal(
            "A move to an occupation that O*NET lists as related (Related Occupations, with a relatedness tier: "
            "Primary-Short, Primary-Long or Supplemental); O*NET does not say whether the move is a promotion, a "
            "lateral move or a pivot.", "en"))
        out.add(kind, T.source, self.dataset)
        seen: set[tuple[str, str]] = set()
        moves = 0
        for row in self.rows("related"):
            code = self.code("related", row)
            related = self.code("related", row, "Related O*NET-SOC Code") if code else None
            if code is None or related is None:
                continue
            where = self.where("related", row)
            tier, index = clean_text(row["Relatedness Tier"]), clean_text(row["Index"])
            if code == related:
                report.add("O*NET occupation related to itself (skipped)", where)
                continue
            if (code, related) in seen:
                report.add("O*NET related occupation listed twice (second skipped)", where)
                continue
            if tier not in TIERS:
                report.add("O*NET related occupation with an unknown relatedness tier (imported as given)",
                           f"{where}: {tier!r}")
            seen.add((code, related))
            node = mint("onet", "move", code, related)
            out.add(node, T.type, T.transition_class)
            out.add(node, T.p_from, onet_iri(code))
            out.add(node, T.p_to, onet_iri(related))
            out.add(node, T.p_move_kind, kind)
            if tier:
                out.add(node, T.p_relatedness, literal(tier))
            if index.isdigit() and int(index) >= 1:
                out.add(node, T.p_order, integer_literal(int(index)))
            else:
                report.add("O*NET related occupation whose Index is not a positive number (imported without it)",
                           f"{where}: {index!r}")
            out.add(node, T.source, self.dataset)
            moves += 1
        self.summary.counts["related-occupation moves"] = moves

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


def import_onet(folder: str | Path, out: NTriplesWriter, *, version: str | None = None,
                progress: Progress = no_progress) -> ImportSummary:
    """Convert the O*NET files in ``folder`` to N-Triples on ``out``; see the module docstring.

    Raises :class:`~pmgraph.errors.BadInput` (exit 3) before writing anything when a file is
    missing or a header lacks a column.
    """
    folder = Path(folder)
    run = _OnetImport(folder, out, onet_version(folder, version), progress)
    return run.run()
