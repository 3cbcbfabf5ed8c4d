"""Cut the small ESCO, O*NET and crosswalk samples in tests/data/samples/ from the full data.

The samples let the import, path, gap and compare tests run on a fresh clone, without the
team's ``../shared`` folder. They are coherent subsets, cut by rule, never edited by hand:

* **ESCO v1.1.1**: the occupations in :data:`ESCO_OCCUPATIONS` (ICT roles that the tests
  and the bundled alignments name) and the broader occupations and ISCO groups above them
  (with those hierarchy rows, up to the top); every ``occupationSkillRelations.csv`` row of
  these occupations and the skills the rows name; the skill groups above those skills (up
  to the top) and the skill hierarchy rows between two sampled concepts; and, to keep two
  known quirks, the hierarchy row of the dangling occupation ``a9e54177-...`` and its
  relation rows whose skill is already in the sample.
* **O*NET 29.3**: the occupations in :data:`ONET_CODES`, every row of theirs in each file
  the importer reads (``Related Occupations`` only between two of them), the content-model
  elements their skill ratings use (with their ancestors), all five job zones, and the
  official ``Read Me.txt`` (licence) verbatim.
* **Nesta crosswalk**: the rows of the sampled ESCO occupations, with Nesta's MIT licence.

Rows are copied byte for byte (the files' own quoting, line ends and multi-line fields);
only rows are left out. Run from the repository root, with the full data beside it::

    python tests/cut_samples.py ../shared/data/external tests/data/samples

Running it again gives the same files (rows keep the order of the full files).
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

ESCO_OCC = "http://data.europa.eu/esco/occupation/"
#: The ESCO occupations of the sample (preferred label, for the reader; the URI decides).
ESCO_OCCUPATIONS = {ESCO_OCC + tail: label for tail, label in (
    ("8b6388a4-4904-471b-9331-d3b1211f5525", "ICT project manager"),
    ("a79170ad-0b7b-4697-864f-1748359aa10a", "ICT product manager"),
    ("bea99fea-0383-4c63-b944-70d4799de2c5", "project manager"),
    ("7b1b5da8-573a-49bb-a38e-68725a949f4f", "chief technology officer"),
    ("e297ec12-4712-40a4-ad98-ba004cacb205", "chief data officer"),
    ("810e5e67-acd5-499a-b307-cf5bea330859", "ICT information and knowledge manager"),
    ("276ba420-ef09-4a0e-b215-2c2e2f80ad28", "chief ICT security officer"),
    ("f2b15a0e-e65a-438a-affb-29b9d50b77d1", "software developer"),
    ("bd272aee-adc9-4a06-a15c-a73b4b4a46a7", "ICT application developer"),
    ("c40a2919-48a9-40ea-b506-1f34f693496d", "web developer"),
)}
#: An occupation that occupationSkillRelations.csv names but occupations_en.csv does not define.
DANGLING = ESCO_OCC + "a9e54177-a185-404d-b6e6-15663d31137e"

#: The O*NET-SOC occupations of the sample.
ONET_CODES = {
    "15-1252.00": "Software Developers",
    "15-1251.00": "Computer Programmers",
    "15-1299.00": "Computer Occupations, All Other",
    "15-1299.09": "Information Technology Project Managers",
    "11-1011.00": "Chief Executives",
    "11-3021.00": "Computer and Information Systems Managers",
    "13-1082.00": "Project Management Specialists",
    "13-1111.00": "Management Analysts",
}
#: The O*NET files the importer reads (the Excel layout's TSV conversions), besides Read Me.txt.
ONET_FILES = ["Occupation Data", "Skills", "Content Model Reference", "Technology Skills", "Tools Used",
              "Related Occupations", "Job Zones", "Job Zone Reference", "Alternate Titles"]

CROSSWALK = "esco_onet_crosswalk_Nov2020.csv"


def copy_rows(source: Path, target: Path, keep: Callable[[dict[str, str]], bool], delimiter: str = ",") -> int:
    """Copy the header and the records of ``source`` that ``keep`` accepts, byte for byte; the count kept.

    Records are split with the csv module (fields may span lines), and each kept record is
    written as the exact text it had in the file.
    """
    text = source.read_bytes().decode("utf-8")
    lines = text.splitlines(keepends=True)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = [lines[0]]
    start = 1  # the index of the first line of the next record
    kept = 0
    for row in reader:
        end = reader.line_num  # the physical line this record ends on (1-based)
        if keep(row):
            out.append("".join(lines[start:end]))
            kept += 1
        start = end
    target.write_bytes("".join(out).encode("utf-8"))
    return kept


def read(path: Path, delimiter: str = ",") -> Iterable[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def cut_esco(source: Path, target: Path) -> set[str]:
    """The ESCO sample; returns the sampled occupations' URIs."""
    target.mkdir(parents=True)
    occupations = set(ESCO_OCCUPATIONS)
    # the occupation hierarchy upwards: broader occupations and ISCO groups
    broader_occ: dict[str, list[str]] = {}
    for row in read(source / "broaderRelationsOccPillar.csv"):
        broader_occ.setdefault(row["conceptUri"], []).append(row["broaderUri"])
    concepts, todo = set(), list(occupations)
    while todo:
        concept = todo.pop()
        if concept not in concepts:
            concepts.add(concept)
            todo.extend(broader_occ.get(concept, []))
    defined = {row["conceptUri"] for row in read(source / "occupations_en.csv")}
    occupations = {c for c in concepts if c in defined}
    skills = {row["skillUri"] for row in read(source / "occupationSkillRelations.csv")
              if row["occupationUri"] in occupations}
    # the skill hierarchy: the skill groups above the sampled skills, up to the top (broader
    # skills outside the sample are left out, with the rows pointing to them)
    groups_defined = {row["conceptUri"] for row in read(source / "skillGroups_en.csv")}
    broader_skill: dict[str, list[str]] = {}
    for row in read(source / "broaderRelationsSkillPillar.csv"):
        broader_skill.setdefault(row["conceptUri"], []).append(row["broaderUri"])
    groups, todo = set(), [b for skill in skills for b in broader_skill.get(skill, []) if b in groups_defined]
    while todo:
        group = todo.pop()
        if group not in groups:
            groups.add(group)
            todo.extend(broader_skill.get(group, []))
    skill_concepts = skills | groups
    counts = {
        "occupations_en.csv": copy_rows(source / "occupations_en.csv", target / "occupations_en.csv",
                                        lambda row: row["conceptUri"] in occupations),
        "ISCOGroups_en.csv": copy_rows(source / "ISCOGroups_en.csv", target / "ISCOGroups_en.csv",
                                       lambda row: row["conceptUri"] in concepts),
        "broaderRelationsOccPillar.csv": copy_rows(
            source / "broaderRelationsOccPillar.csv", target / "broaderRelationsOccPillar.csv",
            lambda row: row["conceptUri"] in concepts or row["conceptUri"] == DANGLING),
        "occupationSkillRelations.csv": copy_rows(
            source / "occupationSkillRelations.csv", target / "occupationSkillRelations.csv",
            lambda row: row["occupationUri"] in occupations
            or (row["occupationUri"] == DANGLING and row["skillUri"] in skills)),
        "skills_en.csv": copy_rows(source / "skills_en.csv", target / "skills_en.csv",
                                   lambda row: row["conceptUri"] in skill_concepts),
        "skillGroups_en.csv": copy_rows(source / "skillGroups_en.csv", target / "skillGroups_en.csv",
                                        lambda row: row["conceptUri"] in skill_concepts),
        "broaderRelationsSkillPillar.csv": copy_rows(
            source / "broaderRelationsSkillPillar.csv", target / "broaderRelationsSkillPillar.csv",
            lambda row: row["conceptUri"] in skill_concepts and row["broaderUri"] in skill_concepts),
    }
    report(target, counts)
    return occupations


def cut_onet(source: Path, target: Path) -> None:
    target.mkdir(parents=True)
    codes = set(ONET_CODES)
    elements = {row["Element ID"] for row in read(source / "Skills.tsv", "\t") if row["O*NET-SOC Code"] in codes}
    elements |= {".".join(e.split(".")[:n]) for e in elements for n in range(1, e.count(".") + 1)}
    counts = {}
    for name in ONET_FILES:
        path = source / f"{name}.tsv"
        if name == "Content Model Reference":
            keep = lambda row: row["Element ID"] in elements  # noqa: E731
        elif name == "Job Zone Reference":
            keep = lambda row: True  # noqa: E731
        else:
            keep = lambda row: (row["O*NET-SOC Code"] in codes  # noqa: E731
                                and row.get("Related O*NET-SOC Code", row["O*NET-SOC Code"]) in codes)
        counts[path.name] = copy_rows(path, target / path.name, keep, "\t")
    shutil.copyfile(source / "Read Me.txt", target / "Read Me.txt")
    report(target, counts)


def cut_crosswalk(source: Path, target: Path, occupations: set[str]) -> None:
    target.mkdir(parents=True)
    counts = {CROSSWALK: copy_rows(source / CROSSWALK, target / CROSSWALK,
                                   lambda row: row["concept_uri"] in occupations)}
    shutil.copyfile(source / "LICENSE.nesta-MIT.txt", target / "LICENSE.nesta-MIT.txt")
    report(target, counts)


def report(folder: Path, counts: dict[str, int]) -> None:
    for name, count in counts.items():
        print(f"{folder.name}/{name}: {count} rows, {(folder / name).stat().st_size:,} bytes")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tests/cut_samples.py FULL_DATA_FOLDER SAMPLES_FOLDER", file=sys.stderr)
        return 2
    full, samples = Path(argv[0]), Path(argv[1])
    for name in ("esco-1.1.1", "onet-29.3", "nesta-mcc-esco-onet-crosswalk"):
        if (samples / name).exists():
            shutil.rmtree(samples / name)
    occupations = cut_esco(full / "esco-1.1.1", samples / "esco-1.1.1")
    cut_onet(full / "onet-29.3", samples / "onet-29.3")
    cut_crosswalk(full / "nesta-mcc-esco-onet-crosswalk", samples / "nesta-mcc-esco-onet-crosswalk", occupations)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
