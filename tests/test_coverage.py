"""Coverage: nothing in the four source documents is silently dropped from the bundled graph.

The items are extracted from the texts in shared/seeds/ by tests/seedparse.py (parsing the
documents, not hard-coded lists). For every item this module checks

* ``test_in_graph``: the graph has an entity of the right pmo: class whose skos:prefLabel or
  skos:altLabel equals the source text (after NFKC + casefold, 『』 and whitespace stripped;
  for headings with a parenthetical gloss, an exact match is tried first and only then the
  explicit fallbacks of ``seedparse.FALLBACKS``);
* ``test_sourced``: that entity, or a node with a triple pointing to it (a fact node such as
  a duty assignment, tool use, collaboration, learning step ...), has dct:source to a
  pmo:SourceSection that is dct:isPartOf the document the item came from;
* ``test_sourced_to_its_section`` (stricter): the entity itself has dct:source to the very
  section (or § 3 table) the item is in, as the modelling guide asks;
* ``test_fact_nodes_per_source``: one fact node (duty assignment, skill requirement, tool
  use, collaboration, trend, learning step, interview question) per source row or item.

The graph is the session fixture ``graph`` of tests/conftest.py (pmgraph.kb.files.load_graph()).

The counts the sources state (6 + 6 duties, 15 + 14 interview questions, ...) are checked
first, so a parser that finds nothing fails. Sources 002 (Korean essay) and 003 (Chatwork
operations) are prose; their facts are checked explicitly by label text.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS as DCT, SKOS

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
if not SEEDS.is_dir():
    pytest.skip(
        f"source documents not found at {SEEDS} (the repository's parent folder holds "
        "shared/seeds/); the coverage test needs them",
        allow_module_level=True,
    )


def _load_seedparse():
    # Loaded by path so that the import works under any pytest import mode.
    path = Path(__file__).resolve().with_name("seedparse.py")
    spec = importlib.util.spec_from_file_location("pmgraph_tests_seedparse", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


sp = _load_seedparse()

PMO = Namespace("https://w3id.org/pmgraph/ontology#")

# ---------------------------------------------------------------------------------------
# What the sources contain: counts per document and kind. The issue states the counts of
# duties, interview questions, trends, learning steps, employer kinds and career rows; the
# others are counted from the documents' tables (000 § 3 has 7 hard skills, ...).
# ---------------------------------------------------------------------------------------

EXPECTED_COUNTS: dict[tuple[str, str], int] = {
    ("000", "duty"): 6, ("001", "duty"): 6,
    ("000", "hard skill"): 7, ("001", "hard skill"): 6,
    ("000", "soft skill"): 5, ("001", "soft skill"): 5,
    ("000", "tool row"): 7, ("001", "tool row"): 6,
    ("000", "tool category"): 7, ("001", "tool category"): 6,
    ("000", "tool"): 20, ("001", "tool"): 18,
    ("000", "department"): 4, ("001", "department"): 5,
    ("000", "career row"): 6, ("001", "career row"): 6,
    # "シニアTech PM / Tech Director" and "CTO / VP of Engineering" give two stages each.
    ("000", "career stage"): 8, ("001", "career stage"): 6,
    ("000", "trend"): 7, ("001", "trend"): 6,
    ("000", "learning step"): 6, ("001", "learning step"): 7,
    # 『SRE サイトリライアビリティエンジニアリング』 is recommended by both guides.
    ("000", "book"): 8, ("001", "book"): 8,
    ("000", "employer kind"): 4, ("001", "employer kind"): 4,
    ("001", "company"): 11,
    ("000", "interview question"): 15, ("001", "interview question"): 14,
}

GUIDES = ("000", "001")
EXTRACTED: dict[str, dict[str, list]] = {doc: sp.guide_items(doc) for doc in GUIDES}
COUNT_ONLY = {"tool row", "career row"}   # rows: counted here, their items are checked below
ITEMS = [
    item
    for doc in GUIDES
    for kind, items in EXTRACTED[doc].items()
    if kind not in COUNT_ONLY
    for item in items
]

# ---------------------------------------------------------------------------------------
# The graph
# ---------------------------------------------------------------------------------------


class Index:
    """Label and class lookups over the graph, built once per module."""

    def __init__(self, graph):
        self.g = graph
        self.by_label: dict[str, set] = defaultdict(set)
        for prop in (SKOS.prefLabel, SKOS.altLabel):
            for s, o in graph.subject_objects(prop):
                if isinstance(o, Literal):
                    self.by_label[sp.normalise(str(o))].add(s)
        self._subclasses: dict[URIRef, set] = {}
        # The document a source file became: pmo:SourceDocument with that pmo:fileName.
        self.doc_iri: dict[str, URIRef] = {}
        for doc in ("000", "001", "002", "003"):
            name = sp.seed_file(doc).name
            for d in graph.subjects(PMO.fileName, Literal(name)):
                self.doc_iri[doc] = d
            if doc not in self.doc_iri:   # also accept a typed literal
                for d, n in graph.subject_objects(PMO.fileName):
                    if str(n) == name:
                        self.doc_iri[doc] = d
        self.sections: dict[str, set] = {
            doc: {
                s for s in graph.subjects(DCT.isPartOf, iri)
                if (s, RDF.type, PMO.SourceSection) in graph
            }
            for doc, iri in self.doc_iri.items()
        }

    def subclasses(self, cls: URIRef) -> set:
        if cls not in self._subclasses:
            self._subclasses[cls] = set(self.g.transitive_subjects(RDFS.subClassOf, cls))
        return self._subclasses[cls]

    def is_a(self, entity, classes) -> bool:
        wanted = set().union(*(self.subclasses(c) for c in classes))
        return any(t in wanted for t in self.g.objects(entity, RDF.type))

    def with_label(self, text: str, classes) -> set:
        return {e for e in self.by_label.get(sp.normalise(text), ()) if self.is_a(e, classes)}

    def find(self, text: str, classes, kind: str | None = None) -> tuple[set, str]:
        """Entities of `classes` labelled `text`: exact first, then the kind's fallbacks."""
        found = self.with_label(text, classes)
        if found:
            return found, "exact"
        for variant, why in sp.fallback_variants(text, kind):
            found = self.with_label(variant, classes)
            if found:
                return found, f"fallback ({why}: {variant!r})"
        return set(), "none"

    def sourced_to(self, entity, doc: str) -> bool:
        """The entity, or a node pointing to it, has dct:source to a section of `doc`."""
        sections = self.sections.get(doc, set())
        if any(s in sections for s in self.g.objects(entity, DCT.source)):
            return True
        return any(
            s in sections
            for subject in set(self.g.subjects(None, entity))
            for s in self.g.objects(subject, DCT.source)
        )

    def labels(self, entity) -> list[Literal]:
        return [o for p in (SKOS.prefLabel, SKOS.altLabel) for o in self.g.objects(entity, p)]


@pytest.fixture(scope="module")
def index(graph) -> Index:
    return Index(graph)


def _cls(name: str) -> URIRef:
    return PMO[name]


# ---------------------------------------------------------------------------------------
# The documents and the counts
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc", ("000", "001", "002", "003"))
def test_source_document_in_graph(index, doc):
    assert doc in index.doc_iri, (
        f"no pmo:SourceDocument with pmo:fileName {sp.seed_file(doc).name!r} in the graph"
    )
    assert index.sections[doc], f"source {doc} has no pmo:SourceSection dct:isPartOf it"


@pytest.mark.parametrize(
    ("doc", "kind", "expected"),
    [(d, k, n) for (d, k), n in EXPECTED_COUNTS.items()],
    ids=[f"{d} {k}" for d, k in EXPECTED_COUNTS],
)
def test_extracted_count(doc, kind, expected):
    found = [i.text for i in EXTRACTED[doc].get(kind, [])]
    assert len(found) == expected, (
        f"parsing {sp.seed_file(doc).name} found {len(found)} {kind} item(s), "
        f"the source has {expected}: {found}"
    )


@pytest.mark.parametrize(
    ("doc", "section"),
    [(d, s) for d in GUIDES for s in ("2", "6", "7", "8")],
    ids=[f"{d} §{s}" for d in GUIDES for s in ("2", "6", "7", "8")],
)
def test_numbered_headings_run_in_order(doc, section):
    numbers = sp.heading_numbers(doc, section)
    assert numbers, f"no numbered headings found in {doc} §{section}"
    assert numbers == list(range(1, len(numbers) + 1)), numbers


def test_every_kind_has_items():
    kinds = {k for _, k in EXPECTED_COUNTS} - COUNT_ONLY
    assert {i.kind for i in ITEMS} == kinds


# ---------------------------------------------------------------------------------------
# Every item of the two guides
# ---------------------------------------------------------------------------------------


def _check_count(item) -> None:
    found = len(EXTRACTED[item.doc][item.kind])
    expected = EXPECTED_COUNTS[(item.doc, item.kind)]
    assert found == expected, f"{item.doc} {item.kind}: parsed {found} items, expected {expected}"


@pytest.mark.parametrize("item", ITEMS, ids=[i.id for i in ITEMS])
def test_in_graph(index, item):
    _check_count(item)
    found, how = index.find(item.text, [_cls(item.cls)], item.kind)
    assert found, (
        f"{item.id}: no pmo:{item.cls} with skos:prefLabel/altLabel {item.text!r}"
        + (f" (also tried {[v for v, _ in sp.fallback_variants(item.text, item.kind)]})"
           if sp.fallback_variants(item.text, item.kind) else "")
    )


@pytest.mark.parametrize("item", ITEMS, ids=[i.id for i in ITEMS])
def test_sourced(index, item):
    _check_count(item)
    found, how = index.find(item.text, [_cls(item.cls)], item.kind)
    if not found:
        pytest.fail(f"{item.id}: not in the graph (see test_in_graph), so not sourced")
    assert any(index.sourced_to(e, item.doc) for e in found), (
        f"{item.id}: {sorted(map(str, found))} (matched {how}) has no dct:source to a section "
        f"of source {item.doc}, and no node pointing to it has one"
    )


def _section_headings(doc: str, section: str) -> set[str]:
    """The normalised heading lines of a guide's section: its own and its tables' (🚀 🤝 💻)."""
    return {sp.normalise(h) for h in sp.section_heading_lines(doc)[section]}


@pytest.mark.parametrize("item", ITEMS, ids=[i.id for i in ITEMS])
def test_sourced_to_its_section(index, item):
    """Stricter than test_sourced: the entity itself names the section the item is in.

    The modelling guide asks every entity to carry dct:source to every section that
    mentions it; the section is the pmo:SourceSection of this document whose pmo:heading is
    the heading of the item's section (or of its table, for § 3).
    """
    found, how = index.find(item.text, [_cls(item.cls)], item.kind)
    if not found:
        pytest.fail(f"{item.id}: not in the graph (see test_in_graph), so not sourced")
    headings = _section_headings(item.doc, item.section)
    wanted = {
        s for s in index.sections.get(item.doc, ())
        for h in index.g.objects(s, PMO.heading) if sp.normalise(str(h)) in headings
    }
    assert wanted, f"no pmo:SourceSection of {item.doc} has a heading among {sorted(headings)}"
    assert any(s in wanted for e in found for s in index.g.objects(e, DCT.source)), (
        f"{item.id}: {sorted(map(str, found))} has no dct:source to "
        f"{sorted(map(str, wanted))}"
    )


# One fact node per row or numbered item of a guide: the nodes of each n-ary class whose
# dct:source is a section of the document must be exactly as many as the source has.
FACT_NODE_COUNTS = [
    ("DutyAssignment", ("duty",)),
    ("SkillRequirement", ("hard skill", "soft skill")),
    ("ToolUse", ("tool row",)),
    ("Collaboration", ("department",)),
    ("Trend", ("trend",)),
    ("LearningStep", ("learning step",)),
    ("InterviewQuestion", ("interview question",)),
]


@pytest.mark.parametrize(
    ("doc", "cls", "kinds"),
    [(d, c, k) for d in GUIDES for c, k in FACT_NODE_COUNTS],
    ids=[f"{d} pmo:{c}" for d in GUIDES for c, _ in FACT_NODE_COUNTS],
)
def test_fact_nodes_per_source(index, doc, cls, kinds):
    expected = sum(EXPECTED_COUNTS[(doc, k)] for k in kinds)
    parsed = sum(len(EXTRACTED[doc][k]) for k in kinds)
    assert parsed == expected, f"{doc} {kinds}: parsed {parsed} items, expected {expected}"
    sections = index.sections.get(doc, set())
    nodes = sorted(
        str(n) for n in index.g.subjects(RDF.type, _cls(cls))
        if set(index.g.objects(n, DCT.source)) & sections
    )
    assert len(nodes) == expected, (
        f"source {doc} has {expected} {' + '.join(kinds)} item(s); the graph has {len(nodes)} "
        f"pmo:{cls} node(s) sourced to it: {nodes}"
    )


# ---------------------------------------------------------------------------------------
# Source 002 (Korean essay) and source 003 (Chatwork operations): prose, checked explicitly
# by label text. Each check lists the label texts (as the source words them) that identify
# the thing; `contains` is an explicit, weaker fallback used only when no exact label
# matches: some label of the entity contains all of the given fragments.
# ---------------------------------------------------------------------------------------

PROSE = [
    # --- 002: the roles it names, each with a Korean label --------------------------------
    dict(id="002 role: TAM (Technical Account Manager)", doc="002", classes=["Role"],
         labels=["TAM", "Technical Account Manager", "TAM(Technical Account Manager)"], ko=True),
    dict(id="002 role: technical project manager (기술 PM)", doc="002", classes=["Role"],
         labels=["Technical Project Manager", "기술 PM", "Tech PM(Technical Project Manager)",
                 "Tech PM(Project Manager)", "Technical PM", "기술 프로젝트 매니저"], ko=True),
    dict(id="002 role: technical program manager (기술 프로그램 매니저)", doc="002", classes=["Role"],
         labels=["Technical Program Manager", "기술 프로그램 매니저"], ko=True),
    dict(id="002 role: program manager (How)", doc="002", classes=["Role"],
         labels=["프로그램 매니저", "Program Manager"], ko=True, focus="how"),
    dict(id="002 role: project manager (When)", doc="002", classes=["Role"],
         labels=["프로젝트 매니저", "Project Manager"], ko=True, focus="when"),
    dict(id="002 role: development PM (개발 PM)", doc="002", classes=["Role"],
         labels=["개발 PM"], ko=True),
    # --- 003: the incident rotation, its problems and benefits, the departments -------------
    dict(id="003 practice: weekly two-PM incident rotation", doc="003", classes=["Practice"],
         labels=["週単位で障害担当PMを二人配置"], contains=["週", "障害"]),
    dict(id="003 problem: 負荷の集中", doc="003", classes=["Problem"],
         labels=["特定のメンバーへの負荷の集中", "負荷の集中"], contains=["負荷の集中"]),
    dict(id="003 problem: 属人化", doc="003", classes=["Problem"],
         labels=["知識や業務理解の属人化", "属人化"], contains=["属人化"]),
    dict(id="003 benefit: 負荷分散", doc="003", classes=["Benefit"], labels=["負荷分散"]),
    dict(id="003 benefit: チームワークの向上", doc="003", classes=["Benefit"],
         labels=["チームワークの向上"]),
    dict(id="003 benefit: 業務プロセスと対応品質の標準化", doc="003", classes=["Benefit"],
         labels=["業務プロセスと対応品質の標準化"]),
    dict(id="003 department: 広報 (PR)", doc="003", classes=["Department"], labels=["広報"]),
    dict(id="003 department: カスタマーサポート", doc="003", classes=["Department"],
         labels=["カスタマーサポート"]),
    dict(id="003 department: カスタマーサクセス", doc="003", classes=["Department"],
         labels=["カスタマーサクセス"]),
    # The support-policy decision (e.g. the supported mobile OS range, decided from usage
    # data): the source's heading is "対応方針の決定"; it may be modelled as a duty or a practice.
    dict(id="003 support-policy decision from usage data (対応方針の決定)", doc="003",
         classes=["Duty", "Practice"], labels=["対応方針の決定"], contains=["対応方針"],
         mentions_data=True),
]


def _prose_find(index: Index, check: dict) -> tuple[set, str]:
    classes = [_cls(c) for c in check["classes"]]
    for text in check["labels"]:
        found = index.with_label(text, classes)
        if found:
            return found, f"exact {text!r}"
    if check.get("contains"):   # explicit fallback: a label containing all the fragments
        frags = [sp.normalise(f) for f in check["contains"]]
        found = {
            e for lab, ents in index.by_label.items() if all(f in lab for f in frags)
            for e in ents if index.is_a(e, classes)
        }
        if found:
            return found, f"fallback (a label contains {check['contains']})"
    return set(), "none"


@pytest.mark.parametrize("check", PROSE, ids=[c["id"] for c in PROSE])
def test_prose_fact(index, check):
    found, how = _prose_find(index, check)
    assert found, (
        f"{check['id']}: no {'/'.join('pmo:' + c for c in check['classes'])} labelled "
        f"any of {check['labels']}"
        + (f" or with a label containing {check['contains']}" if check.get("contains") else "")
    )
    if check.get("ko"):
        assert any(
            lab.language == "ko" for e in found for lab in index.labels(e)
        ), f"{check['id']}: {sorted(map(str, found))} has no Korean (@ko) label"
    if check.get("focus"):
        focus_ok = any(
            sp.normalise(str(lab)) == check["focus"]
            or sp.normalise(str(lab)).endswith(f"({check['focus']})")
            for e in found
            for f in index.g.objects(e, PMO.focus)
            for lab in index.labels(f)
        )
        assert focus_ok, f"{check['id']}: pmo:focus is not the '{check['focus']}' focus"
    if check.get("mentions_data"):
        texts = [
            sp.normalise(str(o)) for e in found for _, o in index.g.predicate_objects(e)
            if isinstance(o, Literal)
        ]
        assert any("データ" in t or "data" in t for t in texts), (
            f"{check['id']}: nothing on {sorted(map(str, found))} says the decision is made "
            "from (usage) data"
        )
    assert any(index.sourced_to(e, check["doc"]) for e in found), (
        f"{check['id']}: {sorted(map(str, found))} (matched {how}) has no dct:source to a "
        f"section of source {check['doc']}, and no node pointing to it has one"
    )


APP_DEVELOPER_LABELS = ["앱 개발자", "App developer", "Application developer", "アプリ開発者"]


def test_002_app_developer_to_development_pm(index):
    """002: the author moved from app developer (앱 개발) to development PM (개발 PM)."""
    role = [_cls("Role")]
    dev_pm = index.with_label("개발 PM", role)
    assert dev_pm, "002: no pmo:Role labelled '개발 PM'"
    app_dev = set().union(*(index.with_label(t, role) for t in APP_DEVELOPER_LABELS))
    if not app_dev:   # explicit fallback: a role with a label containing 앱 (app) + 개발 (develop)
        app_dev = {
            e for lab, ents in index.by_label.items() if "앱" in lab and "개발" in lab
            for e in ents if index.is_a(e, role)
        }
    assert app_dev, f"002: no pmo:Role labelled any of {APP_DEVELOPER_LABELS}"
    g = index.g
    moves = [
        t for t in g.subjects(RDF.type, PMO.CareerTransition)
        if set(g.objects(t, PMO.fromRole)) & app_dev and set(g.objects(t, PMO.toRole)) & dev_pm
    ]
    assert moves, (
        f"002: no pmo:CareerTransition from {sorted(map(str, app_dev))} "
        f"to {sorted(map(str, dev_pm))}"
    )
    sections = index.sections.get("002", set())
    assert any(s in sections for t in moves for s in g.objects(t, DCT.source)), (
        f"002: the transition(s) {sorted(map(str, moves))} have no dct:source to a section of 002"
    )


# ---------------------------------------------------------------------------------------
# Each source's own words under its citation, and stated apart from inferred
# ---------------------------------------------------------------------------------------

PM = Namespace("https://w3id.org/pmgraph/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
# The shared node a fact links its role to (its main link), per fact class.
MAIN_LINK = {
    "SkillRequirement": "skill", "DutyAssignment": "duty", "Collaboration": "department",
    "ToolUse": "toolCategory", "CareerTransition": "toRole",
}
# Fact classes whose node is the source's own item (its label is the source's text).
OWN_ITEM = ("LearningStep", "Trend", "InterviewQuestion")


def _local(node) -> str:
    return str(node).rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def section_text(index) -> dict:
    """Each bundled section's text, cut from its document at the headings the graph records."""
    out = {}
    for doc, iri in index.doc_iri.items():
        headings = {_local(s): str(index.g.value(s, PMO.heading)) for s in index.sections[doc]}
        for sid, text in sp.cut_sections(doc, headings).items():
            out[PM[sid]] = sp.normalise(text)
    assert len(out) == sum(len(s) for s in index.sections.values()) >= 40
    return out


def _language(index, section) -> str:
    return str(index.g.value(index.g.value(section, DCT.isPartOf), DCT.language))


def _shown_words(index, fact, node, section) -> list[str]:
    """What a view shows for `node` under `fact`: the fact's pmo:statedAs in the section's
    language, else the node's labels in that language."""
    lang = _language(index, section)
    stated = [str(o) for o in index.g.objects(fact, PMO.statedAs) if o.language == lang]
    return stated or [str(o) for o in index.g.objects(node, SKOS.prefLabel) if o.language == lang]


def _facts_with_a_section(index, cls):
    g = index.g
    for fact in sorted(g.subjects(RDF.type, PMO[cls])):
        for section in g.objects(fact, DCT.source):
            if (section, RDF.type, PMO.SourceSection) in g:
                yield fact, section


def test_every_fact_shows_its_own_sources_words(index, section_text):
    """For every fact citing a section, the words shown for the node it links to occur in that
    section: 001's duty 6 shows 「技術的負債の管理と戦略的投資の推進」, not source 000's heading."""
    checked, wrong = 0, []
    for cls, prop in MAIN_LINK.items():
        for fact, section in _facts_with_a_section(index, cls):
            for node in index.g.objects(fact, PMO[prop]):
                words = _shown_words(index, fact, node, section)
                checked += 1
                if not words or not all(sp.normalise(w) in section_text[section] for w in words):
                    wrong.append(f"{_local(fact)} shows {words} for {_local(node)}, not in {_local(section)}")
    for cls in OWN_ITEM:
        for fact, section in _facts_with_a_section(index, cls):
            words = [str(o) for o in index.g.objects(fact, SKOS.prefLabel)
                     if o.language == _language(index, section)]
            checked += 1
            if not words or not all(sp.normalise(w) in section_text[section] for w in words):
                wrong.append(f"{_local(fact)} is labelled {words}, not in {_local(section)}")
    assert checked == 150, checked  # every fact node of the bundled graph
    assert wrong == []


def test_the_words_differ_where_the_guides_do(index):
    """The cases issue 11 names: the shared node keeps one label, each fact its source's words."""
    g = index.g

    def words(fact):
        return {str(o) for o in g.objects(PM[fact], PMO.statedAs)}
    assert words("duty-TechnicalProgramManager-6") == {"技術的負債の管理と戦略的投資の推進"}
    assert words("duty-TechnicalProgramManager-4") == {"非機能要件(NFR)の定義と確保"}
    assert words("duty-TechPM-2") == {"技術的負債(Technical Debt)の管理"}
    assert words("req-TechnicalProgramManager-DevOpsAndSRE") == {"DevOpsとSRE原則"}
    assert words("req-TechnicalProgramManager-RiskManagement") == {"リスクと危機管理"}
    assert words("collab-TechnicalProgramManager-EngineeringTeam") == {"エンジニアリングチーム(開発・インフラ)"}
    assert words("collab-TechnicalProgramManager-ExecutivesAndBusiness") == {"ビジネスリーダー/エグゼクティブ"}
    assert words("link-duty-ProductManager-4-department-CustomerSupportAndOperations") == {"カスタマーサポート"}


def test_every_stated_link_and_claim_is_in_its_section(index, section_text):
    """A link record marked pm:Stated, and every claim, gives words that occur in the section it cites."""
    g = index.g
    records = [r for r in g.subjects(RDF.type, RDF.Statement) if (r, PMO.assertion, PM.Stated) in g]
    claims = list(g.subjects(RDF.type, PMO.Claim))
    assert len(records) == 38 and len(claims) == 17
    wrong = []
    for node in records + claims:
        section = g.value(node, DCT.source)
        words = [str(o) for o in g.objects(node, PMO.statedAs)]
        if not words or not all(sp.normalise(w) in section_text[section] for w in words):
            wrong.append(f"{_local(node)}: {words} not in {_local(section)}")
    assert wrong == []


EDITORIAL_LINKS = ("testsSkill", "buildsSkill", "raisesImportanceOf", "addresses", "benefit", "department")


def test_no_inferred_link_is_presented_as_stated(index):
    """Every editorial link has exactly one record; the counts per kind are those decided link by
    link against the texts (README, "Stated and inferred")."""
    g = index.g
    status: dict[tuple, list] = defaultdict(list)
    for record in g.subjects(RDF.type, RDF.Statement):
        key = (g.value(record, RDF.subject), g.value(record, RDF.predicate), g.value(record, RDF.object))
        status[key].append(g.value(record, PMO.assertion))
        if g.value(record, PMO.assertion) == PM.Inferred:
            reading = g.value(record, PROV.wasGeneratedBy)
            assert (reading, RDF.type, PMO.Inference) in g, record
            assert g.value(record, PMO.statedAs) is None, f"{record} is inferred but quotes words"
    counts: Counter = Counter()
    for name in EDITORIAL_LINKS:
        for s, o in g.subject_objects(PMO[name]):
            if (s, RDF.type, PMO.Collaboration) in g:
                continue  # a collaboration's department is its main link, stated by the fact
            assert len(status[(s, PMO[name], o)]) == 1, (s, name, o)
            counts[(name, _local(status[(s, PMO[name], o)][0]))] += 1
    assert counts == Counter({
        ("testsSkill", "Inferred"): 54,
        ("buildsSkill", "Stated"): 21, ("buildsSkill", "Inferred"): 7,
        ("raisesImportanceOf", "Stated"): 3, ("raisesImportanceOf", "Inferred"): 23,
        ("addresses", "Stated"): 5, ("addresses", "Inferred"): 7,
        ("benefit", "Stated"): 3, ("benefit", "Inferred"): 2,
        ("department", "Stated"): 6, ("department", "Inferred"): 4,
    })
    # the specialist TPM's level and its branch from Senior TPM are the project's reading
    assert status[(PM.SpecialistTPM, PMO.level, Literal(3))] == [PM.Inferred]
    assert (PM["move-SeniorTPM-SpecialistTPM"], PMO.assertion, PM.Inferred) in g


def test_every_fact_says_whether_it_is_stated(index):
    """Each fact node and practice citing a section has exactly one status; the one inferred fact
    is the specialist branch; no skill requirement claims a level no row states."""
    g = index.g
    classes = ("CareerTransition", "SkillRequirement", "DutyAssignment", "ToolUse", "Collaboration",
               "LearningStep", "InterviewQuestion", "Trend", "Practice", "Claim")
    statuses: Counter = Counter()
    for cls in classes:
        for fact in set(f for f, _ in _facts_with_a_section(index, cls)):
            values = list(g.objects(fact, PMO.assertion))
            assert len(values) == 1, (fact, values)
            statuses[_local(values[0])] += 1
    assert statuses == Counter({"Stated": 154 + 17 - 1, "Inferred": 1})
    bundled = [r for r, _ in _facts_with_a_section(index, "SkillRequirement")]
    assert len(bundled) == 23
    assert [r for r in bundled if g.value(r, PMO.requirementLevel) is not None] == []


@pytest.mark.parametrize("role, steps", [("TechPM", 6), ("TechnicalProgramManager", 7)])
def test_learning_steps_carry_the_sources_order(index, role, steps):
    g = index.g
    orders = sorted(
        int(g.value(step, PMO.order)) for step in g.subjects(PMO.role, PM[role])
        if (step, RDF.type, PMO.LearningStep) in g)
    assert orders == list(range(1, steps + 1))
