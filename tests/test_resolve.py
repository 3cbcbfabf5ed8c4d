"""Names on the command line: IRIs, CURIEs and labels in any language reach one entity, or fail helpfully."""

from __future__ import annotations

import pytest

from pmgraph.errors import AmbiguousName, UnknownName
from pmgraph.namespaces import PM
from pmgraph.model.resolve import Resolver, loose_key
from pmgraph.kb.files import load_graph

from conftest import DATA


@pytest.mark.parametrize(
    "name",
    [
        "Tech PM",
        "tech pm",
        "  TECH   PM ",
        "ＴＥＣＨ　ＰＭ",  # full-width letters and space
        "テクニカル・プロダクトマネージャー",
        "テクニカルプロダクトマネージャー",  # without the middle dot
        "technical product manager",
        "pm:TechPM",
        "https://w3id.org/pmgraph/id/TechPM",
        "<https://w3id.org/pmgraph/id/TechPM>",
    ],
)
def test_every_way_of_naming_tech_pm_reaches_it(resolver, name):
    assert resolver.resolve(name) == PM.TechPM


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("TPM", PM.TechnicalProgramManager),
        ("Technical Program Manager", PM.TechnicalProgramManager),
        ("senior engineer", PM.SeniorDeveloper),
        ("シニア開発者", PM.SeniorDeveloper),
        ("CTO", PM.CTO),
        ("TAM", PM.TechnicalAccountManager),
        ("개발 PM", PM.DevelopmentPM),
        ("クラウドコンピューティング", PM.CloudComputing),
    ],
)
def test_labels_in_each_language_resolve(resolver, name, expected):
    assert resolver.resolve(name) == expected


def test_loose_key_ignores_spacing_and_punctuation():
    assert loose_key("テクニカル・プロダクトマネージャー") == loose_key("テクニカル プロダクトマネージャー")
    assert loose_key("CI/CD") == "cicd"


def test_unknown_name_suggests_the_closest(resolver):
    with pytest.raises(UnknownName) as caught:
        resolver.resolve("Tech PN")
    assert str(caught.value).startswith("unknown name 'Tech PN'; did you mean: Tech PM (role, pm:TechPM)")
    assert caught.value.suggestions[0] == "Tech PM (role, pm:TechPM)"
    assert caught.value.exit_code == 4


def test_unknown_name_with_nothing_close_points_to_search(resolver):
    with pytest.raises(UnknownName, match=r"^unknown name 'zzzzqqq'; try `pmgraph search`$"):
        resolver.resolve("zzzzqqq")


def test_unknown_curie(resolver):
    with pytest.raises(UnknownName, match=r"^unknown 'pm:NoSuchRole': no such IRI in the graph$"):
        resolver.resolve("pm:NoSuchRole")


def test_kind_filter_explains_a_name_of_the_wrong_kind(resolver):
    with pytest.raises(UnknownName, match=r"^'クラウドコンピューティング' is a skill \(pm:CloudComputing\), not a role$"):
        resolver.resolve("クラウドコンピューティング", kinds=("role",))


@pytest.mark.slow
def test_ambiguous_name_lists_the_candidates(tmp_path):
    extra = tmp_path / "clash.ttl"
    extra.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix pmo: <https://w3id.org/pmgraph/ontology#> .\n"
        '<https://example.com/TechPM> a pmo:Role ; skos:prefLabel "Tech PM"@en .\n',
        encoding="utf-8",
    )
    resolver = Resolver(load_graph([extra]))
    with pytest.raises(AmbiguousName) as caught:
        resolver.resolve("tech pm")
    assert caught.value.candidates == [
        "Tech PM (role, https://example.com/TechPM)",
        "Tech PM (role, pm:TechPM)",
    ]
    assert str(caught.value) == (
        "ambiguous name 'tech pm' matches 2 entities: Tech PM (role, https://example.com/TechPM); "
        "Tech PM (role, pm:TechPM); use a CURIE or IRI to pick one"
    )
    assert resolver.resolve("pm:TechPM") == PM.TechPM


@pytest.mark.slow
def test_user_data_names_resolve(tmp_path):
    resolver = Resolver(load_graph([DATA / "ladder.ttl"]))
    assert str(resolver.resolve("スタッフエンジニア")) == "https://example.com/ladder/StaffEngineer"
    assert str(resolver.resolve("L6")) == "https://example.com/ladder/StaffEngineer"


def test_a_preferred_label_wins_over_an_alternative_one(resolver):
    """Source 001 names a soft skill and a tool category "コミュニケーション"; the skill prefers it."""
    assert resolver.resolve("コミュニケーション") == PM.Communication
    assert resolver.resolve("コミュニケーション", kinds=("tool-category",)) == PM.CommunicationTools


def test_no_two_entities_share_a_label_at_the_same_strength(graph):
    """A label two entities hold equally (both preferred, or both alternative) would be ambiguous."""
    from collections import defaultdict

    from rdflib import Literal
    from rdflib.namespace import SKOS

    from pmgraph.model.catalog import normalize

    owners = defaultdict(set)
    for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
        for subject, label in graph.subject_objects(prop):
            if isinstance(label, Literal):
                owners[(prop, label.language, normalize(str(label)))].add(str(subject))
    clashes = {key: sorted(iris) for key, iris in owners.items() if len(iris) > 1}
    assert len(owners) > 500
    assert clashes == {}
