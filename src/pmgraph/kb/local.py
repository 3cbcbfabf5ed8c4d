"""The local knowledge base: the bundled ontology, imported datasets and ``--data`` files in one
Oxigraph store, with the indexes and projections of :mod:`pmgraph.kb.snapshot`.

Every local mode takes this one code path: the triples are parsed by Oxigraph, SPARQL is
answered by Oxigraph, and the catalog, names and career projections are read from the
snapshot built once for this content (or, where nothing can be written, built in memory).

    >>> from pmgraph.kb import open as open_kb
    >>> base = open_kb()
    >>> base.label(base.resolve("TPM"), "en")
    'Technical Program Manager'
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .base import KnowledgeBase

__all__ = ["LocalKnowledgeBase"]


class LocalKnowledgeBase(KnowledgeBase):
    """A knowledge base over :class:`pmgraph.kb.snapshot.Parts` (a snapshot on disk, or built in memory)."""

    def __init__(self, parts, *, location: str = "the bundled ontology", data: tuple = (), datasets: tuple = ()):
        super().__init__(parts.projections)
        self._parts = parts
        self.location = location
        #: The ``--data`` files and the names of the imported datasets it holds.
        self.data = tuple(data)
        self.datasets = tuple(datasets)
        self._triples = None

    @property
    def graph(self):
        if self._parts.graph is None:  # a stored snapshot's catalog makes the rdflib graph when first asked for
            self._parts.graph = self._parts.catalog.graph
        return self._parts.graph

    @property
    def catalog(self):
        return self._parts.catalog

    @property
    def resolver(self):
        return self._parts.resolver

    @property
    def store(self):
        """The ``pyoxigraph.Store`` holding every triple."""
        if self._parts.store is None:  # a stored snapshot's catalog opens it when first asked for
            self._parts.store = self._parts.catalog.store
        return self._parts.store

    @property
    def imports_anything(self) -> bool:
        return bool(self.datasets or self.data)

    def graph_triples(self):
        """The default graph of the Oxigraph store (the same triples as :attr:`graph`, read without
        rdflib; one reader per knowledge base, which converts each term once)."""
        if self._triples is None:
            from ..model.triples import StoreTriples

            self._triples = StoreTriples(self.store)
        return self._triples

    @property
    def store_path(self) -> Path | None:
        """The folder of the on-disk Oxigraph store (None for a store in memory)."""
        return self._parts.store_path

    def knowledge_index(self):
        return self._parts.knowledge_indexes()[0]

    def label_index(self):
        return self._parts.knowledge_indexes()[1]

    def query(self, parsed, bindings: Mapping | None = None, *, timeout: float | None = None,
              allow_network: bool = False):
        """Answer ``parsed`` with Oxigraph; answers without ``FROM`` are kept with the snapshot
        (keyed by query text and bindings), so asking again reads them."""
        from ..sparql import result_key, run_local, run_on_store

        if parsed.dataset_iris:  # FROM: the named graphs are fetched (with allow_network) into a store of their own
            return run_local(parsed, self.graph, bindings, timeout=timeout, allow_network=allow_network)
        key = result_key(parsed, bindings)
        if key in self.projections:
            return self.projections[key]
        result = run_on_store(parsed, self.store, bindings, timeout=timeout, allow_network=allow_network)
        if result.form != "SELECT" or len(result.terms) <= 100_000:
            self.projections[key] = result
        return result

    def documents(self) -> tuple[list, int]:
        """What ``pmgraph push`` sends: N-Triples documents of every triple, and how many
        distinct triples the store holds. The bundled files and ``--data`` as one document;
        each imported dataset as its own file, streamed from the data folder (never parsed)."""
        from .datasets import installed
        from .files import load_graph

        first = load_graph(self.data).serialize(format="nt", encoding="utf-8")
        files = [info.data_file for info in installed() if info.name in self.datasets]
        return [first, *files], len(self.store)
