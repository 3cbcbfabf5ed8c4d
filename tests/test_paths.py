"""Career paths: the projections, best_paths / career_paths on the small test ontology and
the bundled one, every edge case of the issue, and property tests on random graphs."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmgraph.model.catalog import Catalog
from pmgraph.careers.profiles import ESSENTIAL, gap_cost, gap_size
from pmgraph.errors import LimitReached, NoResult, UsageError
from pmgraph.namespaces import PM
from pmgraph.careers.paths import best_paths, career_paths, moves
from pmgraph.careers.project import career_graph, role_profiles, role_requirements
from pmgraph.kb.files import load_graph, ontology_dir

from conftest import DATA

MINI = "https://example.org/mini/"


def m(name: str) -> str:
    return MINI + name


def p(name: str) -> str:
    return str(PM[name])


@pytest.fixture(scope="module")
def mini_graph():
    return load_graph([ontology_dir() / "vocabulary.ttl", DATA / "careers-mini.ttl"], bundled=False)


@pytest.fixture(scope="module")
def mini(mini_graph):
    catalog = Catalog(mini_graph)
    return career_graph(mini_graph, catalog), role_profiles(mini_graph, catalog)


@pytest.fixture(scope="module")
def bundled(graph, catalog):
    return career_graph(graph, catalog), role_profiles(graph, catalog)


def nodes_of(search):
    return [[node.removeprefix(MINI) for node in found.nodes] for found in search.paths]


# -- the career graph projection --------------------------------------------------------------
def test_career_graph_has_every_role_and_one_edge_per_move(mini):
    G, _ = mini
    assert set(G) == {m(n) for n in ("Trainee", "Coder", "TeamLead", "DeliveryManager", "HeadOfDelivery",
                                     "SolutionArchitect", "DataAnalyst", "SeniorAnalyst", "Hermit")}
    assert sorted((u.removeprefix(MINI), v.removeprefix(MINI)) for u, v in G.edges) == [
        ("Coder", "DataAnalyst"), ("Coder", "SolutionArchitect"), ("Coder", "TeamLead"),
        ("DataAnalyst", "SeniorAnalyst"), ("DeliveryManager", "HeadOfDelivery"),
        ("SolutionArchitect", "DeliveryManager"), ("SolutionArchitect", "HeadOfDelivery"),
        ("SolutionArchitect", "TeamLead"), ("TeamLead", "DeliveryManager"), ("TeamLead", "SolutionArchitect"),
        ("Trainee", "Coder"),
    ]
    assert G.degree(m("Hermit")) == 0


def test_a_move_stated_twice_is_one_edge_carrying_both_transitions(mini):
    G, _ = mini
    edge = G.edges[m("Coder"), m("TeamLead")]
    assert (edge["property"], edge["label"], edge["sources"]) == ("pmo:CareerTransition", "moves to",
                                                                 [m("handbook"), m("wiki")])
    transitions = edge["transitions"]
    assert transitions == [
        {"fact": m("move-Coder-TeamLead"), "move": m("Promotion"),
         "move_label": {"en": "step up", "ja": "昇格", "ko": "step up"},
         "sources": [m("handbook")],
         "condition": {"en": "After two shipped projects.", "ja": "2つのプロジェクトを出荷した後。"},
         "derived_by": None, "inferred": False},
        {"fact": m("move-Coder-TeamLead-wiki"), "move": m("Promotion"),
         "move_label": {"en": "step up", "ja": "昇格", "ko": "step up"},
         "sources": [m("wiki")], "condition": {}, "derived_by": None, "inferred": False},
    ]


def test_career_graph_nodes_carry_labels_kind_track_and_level(mini):
    G, _ = mini
    assert G.nodes[m("Coder")] == {
        "label": {"en": "coder", "ja": "コーダー", "ko": "coder"}, "kind": "role",
        "track": m("DeliveryLadder"),
        "track_label": {"en": "delivery ladder", "ja": "デリバリーラダー", "ko": "delivery ladder"}, "level": 2,
    }
    assert G.nodes[m("SolutionArchitect")]["track"] is None


def test_the_bundled_career_graph_holds_the_tech_pm_ladder(bundled):
    G, _ = bundled
    ladder = ["JuniorDeveloper", "SeniorDeveloper", "EngineeringLead", "TechPM"]
    for u, v in itertools.pairwise(ladder):
        assert [t["move_label"]["en"] for t in G.edges[p(u), p(v)]["transitions"]] == ["promotion"]
    assert sorted(G.successors(p("TechPM"))) == [p("SeniorTechPM"), p("TechDirector")]
    assert sorted(G.predecessors(p("CTO"))) == [p("SeniorTechPM"), p("TechDirector")]
    assert G.edges[p("Engineer"), p("TechPM")]["transitions"][0]["sources"] == [p("src000-s5")]


def test_the_projection_is_a_pure_function_of_the_graph(mini_graph):
    first, second = career_graph(mini_graph), career_graph(mini_graph)
    assert nx.utils.graphs_equal(first, second)
    assert role_profiles(mini_graph) == role_profiles(mini_graph)


# -- role profiles --------------------------------------------------------------------------
def test_role_profiles_file_each_fact_end_under_its_kind(mini):
    _, profiles = mini
    lead = {kind: sorted(i.removeprefix(MINI) for i in items) for kind, items in profiles[m("TeamLead")].items()}
    assert lead == {"skill": ["Coding", "Leading"], "tool": ["Git", "Tracker"], "duty": ["Planning"],
                    "department": ["Engineering"], "focus": ["FocusCode", "FocusPeople"]}
    assert all(not items for items in profiles[m("Trainee")].values())


def test_bundled_profiles_record_what_tpm_and_tech_pm_collaborate_with(bundled):
    _, profiles = bundled
    tech_pm = profiles[p("TechPM")]["department"]
    tpm = profiles[p("TechnicalProgramManager")]["department"]
    assert tech_pm == {p("EngineeringTeam"), p("ProductTeam"), p("ExecutivesAndBusiness"),
                       p("CustomerSupportAndOperations")}
    assert tpm - tech_pm == {p("LegalComplianceSecurity"), p("FinanceAndProcurement")}
    assert profiles[p("TechPM")]["focus"] == {p("FocusHow")}
    assert profiles[p("TechnicalProgramManager")]["focus"] == {p("FocusHow"), p("FocusWhen")}


# -- ranking ----------------------------------------------------------------------------------
def test_fewest_moves_first_ties_broken_by_english_labels(mini):
    G, _ = mini
    search = career_paths(G, m("Coder"), m("HeadOfDelivery"), k=10)
    assert nodes_of(search) == [
        ["Coder", "SolutionArchitect", "HeadOfDelivery"],
        ["Coder", "SolutionArchitect", "DeliveryManager", "HeadOfDelivery"],
        ["Coder", "TeamLead", "DeliveryManager", "HeadOfDelivery"],
        ["Coder", "TeamLead", "SolutionArchitect", "HeadOfDelivery"],
        ["Coder", "SolutionArchitect", "TeamLead", "DeliveryManager", "HeadOfDelivery"],
        ["Coder", "TeamLead", "SolutionArchitect", "DeliveryManager", "HeadOfDelivery"],
    ]
    assert [found.cost for found in search.paths] == [2, 3, 3, 3, 4, 4]
    assert not search.truncated


def test_gap_weight_prefers_the_path_with_fewest_new_skills_and_tools(mini):
    G, profiles = mini
    search = career_paths(G, m("Coder"), m("HeadOfDelivery"), k=10, weight="gap", profiles=profiles)
    assert [(found.nodes[1:-1], found.cost) for found in search.paths] == [
        ((m("TeamLead"), m("DeliveryManager")), 5),
        ((m("SolutionArchitect"),), 6),
        ((m("SolutionArchitect"), m("DeliveryManager")), 8),
        ((m("TeamLead"), m("SolutionArchitect")), 8),
        ((m("SolutionArchitect"), m("TeamLead"), m("DeliveryManager")), 8),
        ((m("TeamLead"), m("SolutionArchitect"), m("DeliveryManager")), 10),
    ]
    assert search.weight == "gap"


def test_via_is_visited_in_the_order_given(mini):
    G, _ = mini
    assert nodes_of(career_paths(G, m("Coder"), m("HeadOfDelivery"), via=[m("SolutionArchitect"), m("TeamLead")])) == [
        ["Coder", "SolutionArchitect", "TeamLead", "DeliveryManager", "HeadOfDelivery"]]
    assert nodes_of(career_paths(G, m("Coder"), m("HeadOfDelivery"), via=[m("TeamLead"), m("SolutionArchitect")])) == [
        ["Coder", "TeamLead", "SolutionArchitect", "HeadOfDelivery"],
        ["Coder", "TeamLead", "SolutionArchitect", "DeliveryManager", "HeadOfDelivery"]]


def test_avoid_is_never_visited(mini):
    G, _ = mini
    assert nodes_of(career_paths(G, m("Coder"), m("HeadOfDelivery"), avoid=[m("SolutionArchitect")])) == [
        ["Coder", "TeamLead", "DeliveryManager", "HeadOfDelivery"]]


def test_a_lateral_move_back_and_forth_never_loops(mini):
    G, _ = mini
    assert nx.has_path(G, m("TeamLead"), m("SolutionArchitect")) and G.has_edge(m("SolutionArchitect"), m("TeamLead"))
    search = career_paths(G, m("TeamLead"), m("TeamLead"))
    assert nodes_of(search) == [["TeamLead"]]
    for found in career_paths(G, m("Trainee"), m("HeadOfDelivery"), k=100).paths:
        assert len(set(found.nodes)) == len(found.nodes)


# -- edge cases -------------------------------------------------------------------------------
def test_from_equals_to_is_a_zero_step_path(mini):
    G, _ = mini
    search = career_paths(G, m("Coder"), m("Coder"))
    assert [(found.nodes, found.hops, found.cost) for found in search.paths] == [((m("Coder"),), 0, 0)]


@pytest.mark.parametrize(("start", "end", "message"), [
    ("Hermit", "HeadOfDelivery", "no path from hermit to head of delivery: no move out of hermit is recorded"),
    ("Coder", "Trainee", "no path from coder to trainee: no move into trainee is recorded"),
    ("DataAnalyst", "Coder",
     "no path from data analyst to coder: coder is not reachable from data analyst (data analyst is on the "
     "analyst track, coder on the delivery ladder); the moves recorded from data analyst lead to 1 role: "
     "senior data analyst"),
])
def test_no_path_says_why(mini, start, end, message):
    G, _ = mini
    with pytest.raises(NoResult) as caught:
        career_paths(G, m(start), m(end))
    assert str(caught.value) == message
    assert caught.value.exit_code == 1


def test_no_path_because_of_avoid_says_so(mini):
    G, _ = mini
    with pytest.raises(NoResult) as caught:
        career_paths(G, m("Coder"), m("DeliveryManager"), avoid=[m("TeamLead"), m("SolutionArchitect")])
    assert str(caught.value) == ("no path from coder to delivery manager: every path goes through a role that is "
                                 "avoided or is another stop of the route (solution architect, team lead)")


def test_a_route_whose_legs_must_share_a_role_has_no_path():
    G = nx.DiGraph([("a", "x"), ("x", "b"), ("b", "x"), ("x", "c")])
    with pytest.raises(NoResult) as caught:
        best_paths(G, "a", "c", via=["b"])
    assert str(caught.value) == "no path from a to c: every way through b (in that order) visits some role twice"


def test_paths_beyond_max_hops_are_left_out_and_said_so(mini):
    G, _ = mini
    search = career_paths(G, m("Coder"), m("HeadOfDelivery"), max_hops=2)
    assert nodes_of(search) == [["Coder", "SolutionArchitect", "HeadOfDelivery"]]
    assert search.truncated and search.reason == "paths longer than 2 moves were left out (--max-hops)"


@pytest.mark.parametrize("weight", ["hops", "gap"])
def test_nothing_within_max_hops_exits_5(mini, weight):
    G, profiles = mini
    with pytest.raises(LimitReached) as caught:
        career_paths(G, m("Trainee"), m("HeadOfDelivery"), max_hops=2, weight=weight, profiles=profiles)
    assert str(caught.value) == ("no path from trainee to head of delivery within 2 moves; the shortest takes 3 "
                                 "(raise --max-hops)")
    assert caught.value.exit_code == 5


def test_the_candidate_budget_cuts_the_search_short(mini):
    G, profiles = mini
    search = career_paths(G, m("Coder"), m("HeadOfDelivery"), k=5, max_paths=2, weight="gap", profiles=profiles)
    assert len(search.paths) == 2
    assert search.truncated and search.reason == "stopped after examining 2 candidate paths"
    with pytest.raises(LimitReached) as caught:
        career_paths(G, m("Coder"), m("HeadOfDelivery"), max_paths=0)
    assert str(caught.value) == ("no path from coder to head of delivery found: "
                                 "stopped after examining 0 candidate paths")


def test_the_time_limit_cuts_the_search_short(mini):
    G, _ = mini
    ticks = iter([0.0, 0.5, 5.0, 5.0, 5.0])
    search = career_paths(G, m("Coder"), m("HeadOfDelivery"), k=5, time_limit=1.0, clock=lambda: next(ticks))
    assert len(search.paths) == 1
    assert search.reason == "stopped after the time limit of 1 s"
    with pytest.raises(LimitReached, match="found: stopped after the time limit of 1 s"):
        career_paths(G, m("Coder"), m("HeadOfDelivery"), time_limit=1.0, clock=iter([0.0, 9.0, 9.0]).__next__)


@pytest.mark.parametrize(("options", "message"), [
    ({"avoid": ["Coder"]}, "cannot avoid coder: it is the start of the path"),
    ({"avoid": ["HeadOfDelivery"]}, "cannot avoid head of delivery: it is the end of the path"),
    ({"via": ["TeamLead"], "avoid": ["TeamLead"]}, "cannot both go via and avoid team lead"),
    ({"via": ["Coder"]}, "--via coder is already the start or the end of the path"),
    ({"via": ["TeamLead", "TeamLead"]}, "team lead is named twice as a stop; a path visits each node once"),
])
def test_contradictory_stops_are_usage_errors(mini, options, message):
    G, _ = mini
    options = {key: [m(name) for name in names] for key, names in options.items()}
    with pytest.raises(UsageError) as caught:
        career_paths(G, m("Coder"), m("HeadOfDelivery"), **options)
    assert str(caught.value) == message
    assert caught.value.exit_code == 2


def test_moves_next_and_previous(mini):
    G, _ = mini
    assert [other.removeprefix(MINI) for other, _ in moves(G, m("Coder"))] == [
        "DataAnalyst", "SolutionArchitect", "TeamLead"]
    assert [other.removeprefix(MINI) for other, _ in moves(G, m("DeliveryManager"), previous=True)] == [
        "SolutionArchitect", "TeamLead"]
    with pytest.raises(NoResult, match="^no move into trainee is recorded$"):
        moves(G, m("Trainee"), previous=True)


# -- the bundled ontology ---------------------------------------------------------------------
def test_the_full_ladder_from_junior_developer_to_cto(bundled):
    G, _ = bundled
    search = career_paths(G, p("JuniorDeveloper"), p("CTO"), k=10)
    assert [[node.removeprefix(str(PM)) for node in found.nodes] for found in search.paths] == [
        ["JuniorDeveloper", "SeniorDeveloper", "EngineeringLead", "TechPM", "SeniorTechPM", "CTO"],
        ["JuniorDeveloper", "SeniorDeveloper", "EngineeringLead", "TechPM", "TechDirector", "CTO"],
    ]
    assert not search.truncated


def test_gap_weight_on_the_bundled_ladder_counts_tech_pm_skills_and_tools(bundled, graph, catalog):
    G, profiles = bundled
    search = career_paths(G, p("SeniorDeveloper"), p("CTO"), weight="gap", profiles=profiles)
    expected = len(profiles[p("TechPM")]["skill"]) + len(profiles[p("TechPM")]["tool"])
    assert [found.cost for found in search.paths] == [expected, expected]
    # every bundled skill requirement is essential: with levels the answer is the same
    levelled = career_paths(G, p("SeniorDeveloper"), p("CTO"), weight="gap", profiles=profiles,
                            requirements=role_requirements(graph, catalog))
    assert [(found.nodes, found.cost) for found in levelled.paths] == [(found.nodes, found.cost) for found in search.paths]


def test_gap_weight_with_levels_counts_an_optional_skill_half():
    levels_graph = load_graph([ontology_dir() / "vocabulary.ttl", DATA / "careers-levels.ttl"], bundled=False)
    catalog = Catalog(levels_graph)
    G, profiles = career_graph(levels_graph, catalog), role_profiles(levels_graph, catalog)
    lv = "https://example.org/levels/"
    plain = career_paths(G, lv + "Analyst", lv + "Head", weight="gap", profiles=profiles)
    assert [(found.nodes[1], found.cost) for found in plain.paths] == [(lv + "Lead", 6), (lv + "Specialist", 7)]
    weighted = career_paths(G, lv + "Analyst", lv + "Head", weight="gap", profiles=profiles,
                            requirements=role_requirements(levels_graph, catalog))
    assert [(found.nodes[1], found.cost) for found in weighted.paths] == [(lv + "Specialist", 4), (lv + "Lead", 4.5)]
    assert [type(found.cost) for found in weighted.paths] == [int, float]


# -- properties on random graphs --------------------------------------------------------------
SKILLS = ["s1", "s2", "s3", "t1", "t2"]


@st.composite
def problems(draw):
    size = draw(st.integers(2, 7))
    nodes = [f"n{i}" for i in range(size)]
    pairs = [(u, v) for u in nodes for v in nodes if u != v]
    edges = draw(st.lists(st.sampled_from(pairs), max_size=18, unique=True))
    # undirected graphs are what `pmgraph connect` searches
    G = nx.DiGraph() if draw(st.booleans()) else nx.Graph()
    G.add_nodes_from(nodes)
    G.add_edges_from(edges)
    profiles = {node: {"skill": frozenset(draw(st.sets(st.sampled_from(SKILLS[:3])))),
                       "tool": frozenset(draw(st.sets(st.sampled_from(SKILLS[3:]))))} for node in nodes}
    source, target = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
    others = [n for n in nodes if n not in (source, target)]
    via = draw(st.lists(st.sampled_from(others), max_size=2, unique=True)) if others and source != target else []
    avoid = draw(st.lists(st.sampled_from([n for n in others if n not in via]), max_size=2, unique=True)) \
        if [n for n in others if n not in via] else []
    # "levels": gap weight with requirement levels, some skills optional (counting half)
    levels = {node: {skill: (draw(st.sampled_from([ESSENTIAL, "optional", None])), None, None)
                     for skill in profiles[node]["skill"]} for node in nodes}
    return G, (profiles, levels), source, target, via, avoid, draw(st.integers(1, 6)), draw(st.integers(1, 5)), \
        draw(st.sampled_from(["hops", "gap", "levels"]))


def _cost(path, weight, profiles):
    profiles, levels = profiles
    if weight == "hops":
        return len(path) - 1
    if weight == "levels":
        return sum(gap_cost(profiles, levels, u, v) for u, v in zip(path, path[1:]))
    return sum(gap_size(profiles, u, v) for u, v in zip(path, path[1:]))


def _valid(path, source, target, via, avoid):
    if path[0] != source or path[-1] != target or set(path) & set(avoid):
        return False
    positions = [path.index(node) for node in via if node in path]
    return len(positions) == len(via) and positions == sorted(positions)


def _brute_force(G, source, target, via, avoid, cutoff):
    if source == target:
        return [[source]]
    return [path for path in nx.all_simple_paths(G, source, target, cutoff=cutoff)
            if _valid(path, source, target, via, avoid)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
@pytest.mark.slow
def test_returned_paths_are_the_k_best_real_simple_paths(problem):
    G, profiles, source, target, via, avoid, max_hops, k, weight = problem
    within = _brute_force(G, source, target, via, avoid, max_hops)
    anywhere = _brute_force(G, source, target, via, avoid, len(G))
    try:
        search = career_paths(G, source, target, k=k, via=via, avoid=avoid, max_hops=max_hops,
                              weight="hops" if weight == "hops" else "gap", profiles=profiles[0],
                              requirements=profiles[1] if weight == "levels" else None)
    except NoResult:
        assert not anywhere
        return
    except LimitReached:
        assert anywhere and not within
        return
    assert search.paths, "an answer without paths must be an error"
    found = [list(path.nodes) for path in search.paths]
    for path in found:
        assert path[0] == source and path[-1] == target
        assert all(G.has_edge(u, v) for u, v in zip(path, path[1:]))
        assert len(set(path)) == len(path)
        assert len(path) - 1 <= max_hops
        assert _valid(path, source, target, via, avoid)
    assert len({tuple(path) for path in found}) == len(found)
    costs = [path.cost for path in search.paths]
    assert costs == [_cost(path, weight, profiles) for path in found]
    assert costs == sorted(costs)
    if not search.truncated or search.reason.startswith("paths longer"):
        best = sorted(_cost(path, weight, profiles) for path in within)
        assert costs == best[:k]
        assert len(found) == min(k, len(within))


def test_a_route_through_a_stop_that_only_revisits_a_role_is_no_path_not_endless_recursion():
    """Regression: a search beyond --max-hops retried itself forever when the only ways through
    the stops visit a role twice (found by the property test above)."""
    G = nx.Graph([("s", "x"), ("x", "t"), ("x", "v")])
    for max_hops in (2, 3, 8):
        with pytest.raises(NoResult) as caught:
            best_paths(G, "s", "t", via=["v"], max_hops=max_hops)
        assert str(caught.value) == "no path from s to t: every way through v (in that order) visits some role twice"
