"""pmgraph: a knowledge graph of technical product, program and project management careers.

The library is usable without the CLI::

    >>> from pmgraph.kb.files import load_graph
    >>> from pmgraph.model.resolve import Resolver
    >>> graph = load_graph()
    >>> Resolver(graph).resolve("tech pm")
    rdflib.term.URIRef('https://w3id.org/pmgraph/id/TechPM')
"""

__version__ = "0.1.0"
