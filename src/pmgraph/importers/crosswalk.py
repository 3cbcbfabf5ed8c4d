"""The Nesta ESCO -> O*NET occupation crosswalk -> ``skos:closeMatch`` links between the two.

Nesta's *Mapping Career Causeways* crosswalk (November 2020) maps 1,680 ESCO occupations to
O*NET occupations. Its codes are **O*NET-SOC 2010** codes, while O*NET 29.3 uses the 2019
taxonomy, so each row is checked against the O*NET release the user imports:

* the code exists in that release: ``<ESCO occupation> skos:closeMatch onet:CODE``;
* it does not, but an occupation of that release has the row's O*NET title (compared
  case-insensitively): linked to that occupation, and reported as a code that changed
  between SOC 2010 and 2019 (``15-1199.09`` -> ``15-1299.09``);
* neither: not linked, and reported with the code and title.

Rows whose ESCO occupation is not in the ESCO export are reported and skipped. The
crosswalk's confidence (0.5, 1, 2) is counted in the summary; every row is linked whatever
its confidence, as Nesta publishes them.

    >>> CROSSWALK_COLUMNS
    ['concept_uri', 'esco_occupation', 'onet_code', 'onet_occupation', 'confidence']
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from . import ImportSummary, Progress, no_progress
from .esco import ESCO_FILES
from .onet import ONET_FILES, SUFFIXES, onet_iri
from .rdf import DATA, NTriplesWriter, T, clean_text, iri, literal
from .report import AnomalyReport
from .tables import Table, find_file

__all__ = ["import_crosswalk", "CROSSWALK_COLUMNS", "DATASET"]

#: The IRI of the dataset node the import writes (what the crosswalk's links come from).
DATASET = f"{DATA}nesta-esco-onet-crosswalk-2020-11"
CROSSWALK_COLUMNS = ["concept_uri", "esco_occupation", "onet_code", "onet_occupation", "confidence"]


def import_crosswalk(path: str | Path, out: NTriplesWriter, *, esco: str | Path, onet: str | Path,
                     progress: Progress = no_progress) -> ImportSummary:
    """Convert the crosswalk CSV at ``path`` to ``skos:closeMatch`` triples on ``out``.

    ``esco`` and ``onet`` are the folders of the ESCO export and the O*NET release the
    links must point into (their occupations files are read to check every row).
    """
    path = Path(path)
    report = AnomalyReport()
    crosswalk = Table(path, CROSSWALK_COLUMNS)
    esco_name = ESCO_FILES["occupations"][0]
    esco_table = Table(Path(esco) / esco_name, ["conceptUri"])
    onet_stem = ONET_FILES["occupations"][0]
    onet_table = Table(find_file(Path(onet), onet_stem, SUFFIXES), ["O*NET-SOC Code", "Title"], delimiter="\t")

    esco_occupations = {clean_text(row["conceptUri"]) for row in esco_table}
    onet_titles: dict[str, str] = {}
    for row in onet_table:
        onet_titles[clean_text(row["O*NET-SOC Code"])] = clean_text(row["Title"])
    by_title = {title.casefold(): code for code, title in onet_titles.items()}

    summary = ImportSummary(
        name="crosswalk", title="Nesta ESCO-O*NET crosswalk (November 2020)", version="2020-11",
        publisher="Nesta (Mapping Career Causeways: Kanders, Djumalieva, Sleeman and Orlik, 2020)",
        license="https://opensource.org/licenses/MIT",
        attribution=("Kanders K., Djumalieva J., Sleeman C. and Orlik J. (2020), Mapping Career Causeways: "
                     "Supporting workers at risk. London: Nesta. ESCO-O*NET crosswalk, MIT licence."),
        url="https://github.com/nestauk/mapping-career-causeways", anomalies=report)
    dataset = f"<{DATASET}>"
    out.add(dataset, T.type, T.dataset)
    out.add(dataset, T.type, T.prov_entity)
    out.add(dataset, T.pref, literal("Nesta ESCO-O*NET crosswalk 2020-11", "en"))
    out.add(dataset, T.title, literal(summary.title, "en"))
    out.add(dataset, T.publisher, literal(summary.publisher))
    out.add(dataset, T.version_info, literal(summary.version))
    out.add(dataset, T.license, iri(summary.license))
    out.add(dataset, T.credit_text, literal(summary.attribution))
    out.add(dataset, T.url, iri(summary.url))
    out.add(dataset, T.description, literal(
        "skos:closeMatch links from ESCO occupations to O*NET occupations, from Nesta's crosswalk (O*NET-SOC 2010 "
        "codes, updated by pmgraph to the imported O*NET release where a code changed but the title did not).",
        "en"))

    seen: set[tuple[str, str]] = set()
    confidence: Counter[str] = Counter()
    links = 0
    with progress(f"reading {path.name}", crosswalk.size) as update:
        crosswalk.progress = update
        for row in crosswalk:
            where = f"{path.name}:{row.line}"
            concept, code = clean_text(row["concept_uri"]), clean_text(row["onet_code"])
            title = clean_text(row["onet_occupation"])
            if not concept or not code:
                report.add("crosswalk row with an empty ESCO URI or O*NET code (skipped)", where)
                continue
            if concept not in esco_occupations:
                report.add("crosswalk row whose ESCO occupation is not in the ESCO export (skipped)",
                           f"{where}: {concept}")
                continue
            if code not in onet_titles:
                found = by_title.get(title.casefold())
                if found is None:
                    report.add("O*NET-SOC 2010 code not in O*NET and no occupation of the same title there "
                               "(not linked)", f"{where}: {code} {title!r}")
                    continue
                report.add("O*NET-SOC 2010 code that changed in the 2019 taxonomy (linked to the occupation of "
                           "the same title)", f"{code} -> {found} {title!r}")
                code = found
            if (concept, code) in seen:
                report.add("crosswalk link listed twice (kept once)", where)
                continue
            seen.add((concept, code))
            try:
                out.add(iri(concept), T.close_match, onet_iri(code))
            except ValueError:
                report.add("crosswalk row with a malformed ESCO URI (skipped)", f"{where}: {concept!r}")
                continue
            links += 1
            confidence[clean_text(row["confidence"]) or "(empty)"] += 1
    if crosswalk.crlf:
        report.add("crosswalk file with CRLF line ends (read as usual)", path.name)
    for line in crosswalk.ragged:
        report.add("crosswalk row with the wrong number of fields (skipped)", f"{path.name}:{line}")
    summary.counts["links"] = links
    for level, count in sorted(confidence.items()):
        summary.counts[f"links of confidence {level}"] = count
    return summary
