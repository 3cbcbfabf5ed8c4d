"""The CLI in the user's language and width, and its rows as CSV.

* ``--lang ja`` / ``--lang ko`` (or the locale) put pmgraph's own words in that language:
  no English msgid of the catalog is left in the text of show, gap, path, compare, next
  and the error messages. What tells the CLI's words from data: every string of the same
  command's JSON (labels, definitions, source names: English where the data has no
  Japanese) is taken out of the text first; what is left must contain no literal part of
  any msgid (the English words the catalog translates).
* Text fits ``COLUMNS`` (lines wrap, table cells are cut with ``…``); JSON and CSV do not change.
* ``--format csv``: a header row, labels with the identifier in its own column.
"""

from __future__ import annotations

import gettext
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import pytest

from pmgraph.cli import main
from pmgraph.cli.helptext import command_help, help_texts
from pmgraph.cli.output import width
from pmgraph.i18n import DOMAIN, LOCALE_DIR, Message, language_from_env, localize, set_language

ROOT = Path(__file__).resolve().parents[1]


def _msgid_fragments() -> list[str]:
    """The literal English parts of every msgid (between placeholders) with a word of 3+ letters."""
    with (LOCALE_DIR / "ja" / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    ids = set()
    for key in catalog._catalog:  # noqa: SLF001 - the msgids a compiled catalog holds
        ids.add(key[0] if isinstance(key, tuple) else key)
    fragments = set()
    for msgid in ids:
        if not msgid:
            continue
        for part in re.split(r"\{[^}]*\}|%\([a-z]+\)s", msgid):
            part = part.strip(" ,;:.()[]'`\n\t")
            if re.search(r"[A-Za-z]{3}", part):
                fragments.add(part)
    return sorted(fragments, key=len, reverse=True)


FRAGMENTS = _msgid_fragments()


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [text for key, item in value.items() for text in [key, *_strings(item)]]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return [value] if isinstance(value, str) else []


def _english_left(text: str, data: list[str]) -> list[str]:
    """The msgid fragments found in ``text`` once every data string is taken out of it."""
    for value in sorted({item for item in data if item}, key=len, reverse=True):
        for piece in [value, *value.split("; ")]:
            text = text.replace(piece, " ")
    return [fragment for fragment in FRAGMENTS if re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", text)]


#: English words a translated line may keep: the command, and what the user types (option names, `pmgraph search`).
TYPED = {"pmgraph", "search", "show", "help", "NAME"}


def _ascii_words_left(text: str, data: list[str]) -> list[str]:
    """Words of three or more Latin letters left in ``text`` once the data is taken out: a second
    check, which also catches an English message nobody marked for translation."""
    for value in sorted({item for item in data if item}, key=len, reverse=True):
        for piece in [value, *value.split("; ")]:
            text = text.replace(piece, " ")
    text = re.sub(r"\b[a-z]+:[A-Za-z0-9_.-]+", " ", text)  # CURIEs (pm:TechPM)
    return sorted(set(re.findall(r"[A-Za-z][A-Za-z-]{2,}", text)) - TYPED)


def test_the_catalog_has_words():
    assert len(FRAGMENTS) > 150
    assert "nothing new recorded" in FRAGMENTS and "requires skill" in FRAGMENTS


CASES = [
    ("show", "Tech PM"),
    ("show", "CTO"),
    ("gap", "senior engineer", "Tech PM"),
    ("gap", "Tech PM", "CTO"),
    ("path", "senior engineer", "CTO", "-k", "2"),
    ("path", "Tech PM", "CTO", "--weight", "gap"),
    ("compare", "Tech PM", "TPM", "technical project manager"),
    ("next", "Tech PM"),
    ("next", "CTO", "--previous"),
    ("connect", "Terraform", "TPM", "-k", "3"),
]


@pytest.mark.parametrize("lang", ["ja", "ko"])
@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_no_english_cli_words_left(run, args, lang):
    text = run(*args, "--lang", lang)
    assert text.exit_code == 0, text.stderr
    data = run(*args, "--lang", lang, "--format", "json")
    data = _strings(json.loads(data.stdout)) + list(args)
    assert _english_left(text.stdout, data) == []
    assert _ascii_words_left(text.stdout, data) == []
    english = run(*args)
    assert english.stdout != text.stdout


ERRORS = [
    (("path", "nosuchrole", "CTO"), 4, "pmgraph: エラー: 不明な職種・役割名 'nosuchrole'。`pmgraph search` で探してください\n"),
    (("gap", "Tech PN", "CTO"), 4, None),
    (("path", "CTO", "Tech PM"), 1, None),
    (("next", "CTO"), 1, "pmgraph: エラー: CTO からの移動は記録されていません\n"),
    (("compare", "Tech PM"), 2, "pmgraph: エラー: compare には二つ以上の職種が必要です (A B [C ...])\n"),
    (("compare", "Tech PM", "テクニカル・プロダクトマネージャー"), 2, None),
    (("show", "Tech PM", "--bogus"), 2, "pmgraph: エラー: '--bogus' というオプションはありません。 ('pmgraph show --help' を参照)\n"),
    (("show",), 2, None),
    (("list", "rolez"), 2, None),
    (("search", "zzzqqqxxx"), 1, "pmgraph: エラー: 'zzzqqqxxx' に一致するエンティティはありません\n"),
    (("path", "Tech PM", "Cloud computing"), 4, None),
]


@pytest.mark.parametrize(("args", "code", "exact"), ERRORS, ids=lambda value: " ".join(value) if isinstance(value, tuple) else None)
def test_errors_are_in_the_language(run, args, code, exact):
    result = run(*args, "--lang", "ja")
    assert result.exit_code == code
    assert result.stderr.startswith("pmgraph: エラー: ")
    if exact is not None:
        assert result.stderr == exact
    names = [arg for arg in args if not arg.startswith("-")] + ["pmgraph", "--help", "--lang", "--bogus", "CURIE", "IRI"]
    # names the message quotes back (a suggestion, a role on the way) are data
    # and so are the suggestions of an unknown name (the resolver's "label (kind, id)")
    suggested = result.stderr.split("候補: ", 1)[1].strip().split(", ") if "候補: " in result.stderr else []
    # the kind names `list` takes are typed in English: the message lists them as they are typed
    suggested += result.stderr.split("種類は次のとおりです: ", 1)[1].strip().split(", ") if "種類は" in result.stderr else []
    assert _english_left(result.stderr, names + suggested) == []
    # a suggestion is "label (kind, id)": the label is data, the kind the CLI's word
    labels = [item.split(" (")[0] for item in suggested]
    kinds = suggested if "種類は" in result.stderr else []
    assert _ascii_words_left(result.stderr, names + labels + kinds) == []
    assert run(*args).stderr != result.stderr


def test_the_locale_chooses_the_language(run, monkeypatch):
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert run("next", "CTO", "--previous").stdout.startswith("CTO(으)로 오는 이전 직무: 2개\n")
    assert run("next", "CTO", "--previous", "--lang", "en").stdout.startswith("CTO comes from 2 roles:\n")
    assert language_from_env({"LC_ALL": "ja_JP.UTF-8", "LANG": "ko_KR.UTF-8"}) == "ja"
    assert language_from_env({"LANGUAGE": "de", "LANG": "ja_JP.UTF-8"}) == "en"


def test_help_uses_the_catalog_where_click_allows():
    # its own process: click makes a command's --help option once per process, in the language of the time
    done = subprocess.run([sys.executable, "-m", "pmgraph", "show", "--help", "--lang", "ja"], capture_output=True,
                          text=True, encoding="utf-8")
    assert done.stdout.startswith("使い方: pmgraph show [OPTIONS] NAME\n")
    assert "オプション:\n" in done.stdout and "このメッセージを表示して終了します。" in done.stdout


def test_json_keeps_english_notes_and_the_text_translates_them(run):
    data = json.loads(run("gap", "Tech PM", "CTO", "--lang", "ja", "--format", "json").stdout)
    assert data["notes"] == ["the sources record no skills, tools, duties or departments for CTO, so there is nothing "
                             "to compare; what they record about it: level, main responsibilities, outlook "
                             "(see `pmgraph show`)"]
    text = run("gap", "Tech PM", "CTO", "--lang", "ja").stdout
    assert ("注: 出典には CTO のスキル、ツール、業務または部門の記録がないため、比較するものがありません。"
            "記録されているのは: レベル、主な役割と責任、今後の展望 (`pmgraph show` を参照)\n") in text


def test_message_is_english_and_localizes():
    note = Message("{role} has no {kinds} recorded in the sources", role="CTO", kinds="x")
    assert note == "CTO has no x recorded in the sources" and json.dumps([note]) == '["CTO has no x recorded in the sources"]'
    try:
        set_language("ko")
        assert localize(note) == "CTO에는 출처에 기록된 x이(가) 없습니다"
        assert localize("plain data") == "plain data"
    finally:
        set_language("en")


# -- width -------------------------------------------------------------------------------------
def test_text_wraps_to_columns_without_losing_words(run, monkeypatch):
    full = run("show", "Tech PM").stdout
    assert max(width(line) for line in full.splitlines()) > 200
    monkeypatch.setenv("COLUMNS", "60")
    fitted = run("show", "Tech PM").stdout
    assert max(width(line) for line in fitted.splitlines()) <= 60
    assert fitted.split() == full.split()
    japanese = run("show", "Tech PM", "--lang", "ja").stdout
    assert max(width(line) for line in japanese.splitlines()) <= 60


@pytest.mark.parametrize("args", [("path", "senior engineer", "CTO", "--lang", "ja"), ("gap", "Tech PM", "TPM", "--lang", "ko"),
                                  ("compare", "Tech PM", "TPM"), ("show", "Terraform", "--lang", "ja")], ids=" ".join)
def test_every_text_fits_and_keeps_every_character(run, monkeypatch, args):
    full = run(*args).stdout
    monkeypatch.setenv("COLUMNS", "44")
    fitted = run(*args).stdout
    assert max(width(line) for line in fitted.splitlines()) <= 44
    assert re.sub(r"\s+", "", fitted) == re.sub(r"\s+", "", full)


def test_tables_cut_cells_to_columns(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "50")
    lines = run("search", "cloud").stdout.splitlines()
    assert max(width(line) for line in lines) <= 50
    assert lines[0].split() == ["score", "label", "kind", "id", "matched"]
    assert any("…" in line for line in lines)


def test_json_and_csv_are_never_fitted(run, monkeypatch):
    before = run("search", "cloud", "--format", "json").stdout, run("search", "cloud", "--format", "csv").stdout
    monkeypatch.setenv("COLUMNS", "30")
    assert (run("search", "cloud", "--format", "json").stdout, run("search", "cloud", "--format", "csv").stdout) == before


# -- csv -----------------------------------------------------------------------------------------
def test_next_csv(run):
    assert run("next", "Tech PM", "--format", "csv").stdout_bytes.decode() == (
        "role,role_id,move,inferred,sources,new_skills,new_skills_ids,new_tools,new_tools_ids\r\n"
        "senior Tech PM,pm:SeniorTechPM,promotion,no,Source 000 § 5 Career path,,,,\r\n"
        "Tech Director,pm:TechDirector,promotion,no,Source 000 § 5 Career path,,,,\r\n")


def test_path_csv(run):
    rows = run("path", "Tech PM", "CTO", "--format", "csv").stdout_bytes.decode().split("\r\n")
    assert rows[:3] == [
        "path,step,from,from_id,to,to_id,move,inferred,sources,new_skills,new_skills_ids,new_tools,new_tools_ids",
        "1,1,Tech PM,pm:TechPM,senior Tech PM,pm:SeniorTechPM,promotion,no,Source 000 § 5 Career path,,,,",
        "1,2,senior Tech PM,pm:SeniorTechPM,CTO,pm:CTO,promotion,no,Source 000 § 5 Career path,,,,"]
    assert len(rows) == 6 and rows[-1] == ""


def test_gap_csv(run):
    rows = run("gap", "Tech PM", "TPM", "--format", "csv").stdout_bytes.decode().split("\r\n")
    assert rows[0] == ("section,kind,label,id,level,importance,proficiency,resources,resources_ids,questions,"
                       "questions_ids")
    assert rows[2] == ("missing,skill,facilitation,pm:Facilitation,,,,\"Business-school online programmes specialising "
                       "in leadership development, negotiation and presentation skills; The Art of Facilitation (book); "
                       "Influence: The Psychology of Persuasion\",pm:BusinessSchoolLeadershipPrograms; "
                       "pm:FacilitationNoGijutsu; pm:InfluenceBook,How would you design a technical decision-making "
                       "process (RFC/RFP) and encourage consensus?,pm:q-TechnicalProgramManager-12")


def test_compare_csv(run):
    rows = run("compare", "Tech PM", "TPM", "--format", "csv").stdout_bytes.decode().split("\r\n")
    assert rows[:3] == ["kind,label,id,Tech PM,Technical Program Manager",
                        "skill,cloud computing,pm:CloudComputing,yes,yes", "skill,communication,pm:Communication,yes,yes"]
    assert "skill,facilitation,pm:Facilitation,no,yes" in rows


def test_list_and_search_csv(run):
    rows = run("list", "track", "--format", "csv", "--lang", "ja").stdout_bytes.decode().split("\r\n")
    assert rows[0] == "label (ja),label (en),kind,id,iri"
    assert len(rows) == 4 and all(row.count(",pm:") == 1 for row in rows[1:3])
    found = run("search", "terrafrom", "--format", "csv").stdout_bytes.decode().split("\r\n")
    assert found[0] == "score,label,kind,id,iri,matched,matched_lang"
    assert found[1].split(",")[1:5] == ["Terraform", "tool", "pm:Terraform", "https://w3id.org/pmgraph/id/Terraform"]


def test_plan_and_next_have_csv(run):
    rows = run("plan", "CTO", "--from", "senior engineer", "--have", "AWS,Terraform,Jira",
               "--format", "csv").stdout_bytes.decode().split("\r\n")
    assert rows[0] == ("path,step,from,from_id,to,to_id,kind,label,id,level,have,resources,resources_ids,questions,"
                       "questions_ids")
    assert rows[1].startswith("1,2,engineering lead,pm:EngineeringLead,Tech PM,pm:TechPM,skill,programming languages,"
                              "pm:ProgrammingLanguages,,,Clean Code; ")
    assert any(",skill,cloud computing,pm:CloudComputing,,partial," in row for row in rows)
    assert not any(",tool,Terraform," in row or ",tool,Jira," in row for row in rows)
    ranked = run("next", "senior engineer", "--have", "AWS,Terraform", "--format", "csv").stdout_bytes.decode()
    assert ranked.split("\r\n")[:2] == [
        "rank,role,role_id,score,moves,stated_moves,derived_moves,path,path_ids",
        "1,Tech PM,pm:TechPM,0.021,2,2,0,senior developer → engineering lead → Tech PM,"
        "pm:SeniorDeveloper → pm:EngineeringLead → pm:TechPM"]


@pytest.mark.parametrize("lang", ["ja", "ko"])
@pytest.mark.parametrize("args", [("plan", "CTO", "--from", "senior engineer", "--have", "AWS,Terraform,Jira"),
                                  ("next", "senior engineer", "--have", "AWS,Terraform")], ids=" ".join)
def test_plan_and_next_have_in_the_language(run, args, lang):
    text = run(*args, "--lang", lang)
    assert text.exit_code == 0, text.stderr
    data = _strings(json.loads(run(*args, "--lang", lang, "--format", "json").stdout)) + list(args) + ["AWS"]
    assert _english_left(text.stdout, data) == []
    assert _ascii_words_left(text.stdout, data) == []


def test_named_query_csv_with_labels(run):
    rows = run("query", "skills-of-role", "-p", "role=TPM", "--format", "csv", "--labels",
               "--lang", "ja").stdout_bytes.decode().split("\r\n")
    assert rows[0] == "skill,skill_label,type,type_label,level,source,source_label,detail,words"
    assert rows[1].startswith("https://w3id.org/pmgraph/id/CloudComputing,クラウドコンピューティング,"
                              "https://w3id.org/pmgraph/id/HardSkill,技術スキル(ハードスキル),,"
                              "https://w3id.org/pmgraph/id/src001-s3-hard,Source 001 § 3 Hard skills table,")
    plain = run("query", "skills-of-role", "-p", "role=TPM", "--format", "csv").stdout_bytes.decode().split("\r\n")
    assert plain[0] == "skill,type,level,source,detail,words"
    refused = run("query", "skills-of-role", "-p", "role=TPM", "--labels")
    assert (refused.exit_code, refused.stderr) == (2, "pmgraph: error: --labels goes with --format csv\n")


# -- catalogs ------------------------------------------------------------------------------------
def test_catalogs_are_compiled_and_complete():
    """Every msgid of pmgraph's own code has a Japanese and a Korean translation (click's own
    rare developer messages may stay English), and the .mo files match the .po files."""
    pytest.importorskip("babel")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_catalogs.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for lang in ("ja", "ko"):
        with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        for fragment in ("nothing new recorded", "note: {note}", "requires skill"):
            if fragment != "requires skill":
                assert catalog.gettext(fragment) != fragment


def test_wheel_ships_the_catalogs(tmp_path):
    pytest.importorskip("hatchling")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                           str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    wheels = list(tmp_path.glob("pmgraph-*.whl"))
    assert len(wheels) == 1
    names = zipfile.ZipFile(wheels[0]).namelist()
    for lang in ("ja", "ko"):
        assert f"pmgraph/locale/{lang}/LC_MESSAGES/pmgraph.mo" in names


# -- --help --------------------------------------------------------------------------------------
_HELP_SCRIPT = """
import json, sys
import click
from click.testing import CliRunner
from pmgraph.cli import main

def plain(command):
    # the same command with click's own classes: what --help printed before pmgraph translated it
    if isinstance(command, click.Group):
        return click.Group(command.name, commands={name: plain(sub) for name, sub in command.commands.items()},
                           params=command.params, help=command.help, context_settings=command.context_settings)
    return click.Command(command.name, params=command.params, help=command.help,
                         context_settings=command.context_settings)

args = sys.argv[1:]
ours = CliRunner().invoke(main, args, prog_name="pmgraph")
clicks = CliRunner().invoke(plain(main), args, prog_name="pmgraph") if "--lang" not in args else None
print(json.dumps([ours.exit_code, ours.stdout, clicks.stdout if clicks else None]))
"""


def _help(*args: str) -> tuple[int, str, str | None]:
    """``pmgraph ARGS`` in its own process (click makes a command's --help option once per process, in the
    language of the time): exit code, help text, and (in English) what click's own classes print."""
    done = subprocess.run([sys.executable, "-c", _HELP_SCRIPT, *args], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    return tuple(json.loads(done.stdout))


def _typed(text: str, command) -> list[str]:
    """What a help page shows as the user types it: example command lines, option names, metavars
    (NAME, INTEGER RANGE), choices, defaults' values, file names and the commands' names."""
    typed = [line for line in text.splitlines() if line.strip().startswith("pmgraph ")]
    typed += re.findall(r"(?<![\w-])--?[a-z][a-z-]*", text)
    typed += re.findall(r"\b[A-Z][A-Z0-9_]*(?:\*[A-Z]+)?\b", text)  # metavars and acronyms: NAME, ESCO, O*NET
    typed += re.findall(r"[\w~./-]+\.(?:md|toml|ttl|netrc)\b|\$\w+|https?://\S+", text)
    for param in command.params:
        typed += [str(choice) for choice in getattr(param.type, "choices", ())]
    if isinstance(command, click.Group):
        typed += list(command.commands)
    return typed


#: Names the translations keep in Latin letters: methods, formats, protocols and the O*NET file they cite.
PROPER_NAMES = {"Jaccard", "Tools", "Used", "Markdown", "Tech", "Graph", "Store", "Protocol"}


HELP_CASES = [("--lang", "ja", "path", "--help"), ("--lang", "ko", "gap", "--help"), ("--lang", "ja", "--help"),
              ("path", "--help", "--lang", "ko")]


@pytest.mark.parametrize("args", HELP_CASES, ids=" ".join)
def test_help_is_in_the_language(run, args):
    # the kind names `pmgraph list KIND` takes are typed in English, and so the help names them
    kinds = run("list", "nosuchkind").stderr.split("kinds are: ", 1)[1].strip().split(", ")
    assert "role" in kinds
    code, text, _ = _help(*args)
    assert code == 0
    name = [arg for arg in args if arg in main.commands]
    command = main.commands[name[0]] if name else main
    assert text.startswith(("使い方: pmgraph ", "사용법: pmgraph "))
    typed = _typed(text, command) + list(args) + kinds
    assert _english_left(text, typed) == []
    assert set(_ascii_words_left(text, typed)) <= PROPER_NAMES
    # the example lines are kept as they are, and there are some
    examples = [line for line in command_help(command).splitlines() if line.strip().startswith("pmgraph ")]
    assert examples and all(f"  {line}\n" in text for line in examples)


@pytest.mark.parametrize("args", [("--help",), ("path", "--help"), ("gap", "--help"), ("import", "esco", "--help")],
                         ids=" ".join)
def test_english_help_is_clicks_own(args):
    code, text, clicks = _help(*args)
    assert code == 0 and text == clicks
    assert "Example" in text


def test_every_help_text_has_both_translations():
    texts = set(help_texts(main))
    assert len(texts) > 100 and "Show the full traceback on errors." in texts
    for lang in ("ja", "ko"):
        with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
        for text in texts:
            translated = catalog.gettext(text)
            assert translated != text, (lang, text)
            # the example command lines are those of the English, line for line
            assert [line for line in translated.splitlines() if line.strip().startswith("pmgraph ")] == \
                   [line for line in text.splitlines() if line.strip().startswith("pmgraph ")]


def test_translated_short_help_fits_the_commands_column():
    set_language("ja")
    try:
        assert main.commands["gap"].get_short_help_str(66) == "ある職種から別の職種へのギャップ全体を、学習計画として示します。"
        assert main.commands["compare"].get_short_help_str(40) == "二つ以上の職種に共通するスキル、ツール…"
    finally:
        set_language("en")
    assert main.commands["gap"].get_short_help_str(66) == "The whole gap from one role to another, as a study plan."
