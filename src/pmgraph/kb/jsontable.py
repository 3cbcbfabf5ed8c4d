"""Read-only mappings stored in one SQLite table each, ``(key TEXT PRIMARY KEY, value TEXT)``,
the value as compact JSON (:mod:`pmgraph.kb.compact`): how a snapshot keeps its indexes.

A stored key is its type's letter and its text: ``U`` an IRI, ``B`` a blank node, ``S`` a
string. A :class:`JsonTable` takes and gives keys as rdflib terms or strings; an
:class:`IriTable` takes IRIs as plain strings (or rdflib terms) and gives plain strings (the
stored catalog's way: no rdflib on a command's path). Entries are read one at a time, or many
in a few queries (:meth:`JsonTable.prefetch`), and remembered, as are the keys that have no
entry (a stack of layers asks each layer for entities most of them do not hold).

    >>> connection = sqlite3.connect(":memory:")
    >>> from rdflib import URIRef
    >>> JsonTable.write(connection, "kinds", {URIRef("https://w3id.org/pmgraph/id/CTO"): "role"})
    >>> IriTable(connection, "kinds").get("https://w3id.org/pmgraph/id/CTO"), list(JsonTable(connection, "kinds"))
    ('role', [rdflib.term.URIRef('https://w3id.org/pmgraph/id/CTO')])
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from .compact import dumps

__all__ = ["JsonTable", "IriTable", "identity"]

#: The stored key's first letter by the key's type: "U" an IRI, "B" a blank node, "S" a string
#: (filled by :func:`_key_prefix` as types are met: a plain string never imports rdflib).
_KEY_PREFIXES: dict[type, str] = {str: "S"}


def _key_prefix(kind: type) -> str:
    from rdflib import BNode, URIRef

    if issubclass(kind, URIRef):
        prefix = "U"
    elif issubclass(kind, BNode):
        prefix = "B"
    elif issubclass(kind, str):
        prefix = "S"
    else:
        raise TypeError(f"cannot store a key of type {kind.__name__}")
    _KEY_PREFIXES[kind] = prefix
    return prefix


def _encode_key(key: Any) -> str:
    """A key as stored: its type's letter and its text (str(): URIRef's own + would make another URIRef).

    >>> from rdflib import URIRef
    >>> _encode_key("tech pm"), _encode_key(URIRef("https://w3id.org/pmgraph/id/CTO"))
    ('Stech pm', 'Uhttps://w3id.org/pmgraph/id/CTO')
    """
    prefix = _KEY_PREFIXES.get(type(key)) or _key_prefix(type(key))
    return prefix + str(key)


def _decode_key(text: str) -> Any:
    kind, value = text[0], text[1:]
    if kind == "S":
        return value
    from rdflib import BNode, URIRef

    return URIRef(value) if kind == "U" else BNode(value) if kind == "B" else value


def identity(value: Any) -> Any:
    return value


class JsonTable(Mapping):
    """A read-only mapping stored in one SQLite table as JSON, read one entry at a time (and remembered).

    Keys are IRIs or strings; ``decode`` turns a stored JSON value back into what the code uses.

    >>> connection = sqlite3.connect(":memory:")
    >>> JsonTable.write(connection, "labels", {"tech pm": {"en": "Tech PM"}})
    >>> labels = JsonTable(connection, "labels")
    >>> labels.get("tech pm"), labels.get("cto"), len(labels), list(labels)
    ({'en': 'Tech PM'}, None, 1, ['tech pm'])
    """

    #: The rows iteration and ``len`` count (an SQL condition on ``key``).
    _rows = "1"

    def __init__(self, connection: sqlite3.Connection, table: str, decode: Callable[[Any], Any] = identity):
        self._connection = connection
        self._table = table
        self._decode = decode
        self._seen: dict[Any, Any] = {}
        self._missing: set[str] = set()  # stored keys read and not found
        self._length: int | None = None

    @staticmethod
    def write(connection: sqlite3.Connection, table: str, values: Mapping,
              encode: Callable[[Any], Any] = identity) -> None:
        connection.execute(f'CREATE TABLE "{table}" (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID')
        # in key order: SQLite appends to its B-tree instead of inserting all over it (twice as fast)
        connection.executemany(f'INSERT INTO "{table}" VALUES (?, ?)',
                               sorted((_encode_key(key), dumps(encode(value))) for key, value in values.items()))

    def _stored_key(self, key: Any) -> str:
        """``key`` as stored; TypeError for a key no entry can have."""
        return _encode_key(key)

    def _key(self, stored: str) -> Any:
        """A stored key as this table gives it."""
        return _decode_key(stored)

    def __getitem__(self, key: Any) -> Any:
        try:
            return self._seen[key]
        except (KeyError, TypeError):
            pass
        try:
            stored = self._stored_key(key)
        except TypeError:
            raise KeyError(key) from None
        if stored in self._missing:
            raise KeyError(key)
        row = self._connection.execute(f'SELECT value FROM "{self._table}" WHERE key = ?', (stored,)).fetchone()
        if row is None:
            self._missing.add(stored)
            raise KeyError(key)
        value = self._seen[key] = self._decode(json.loads(row[0]))
        return value

    def __contains__(self, key: object) -> bool:
        try:
            self[key]
        except KeyError:
            return False
        return True

    def __iter__(self) -> Iterator[Any]:
        for (key,) in self._connection.execute(f'SELECT key FROM "{self._table}" WHERE {self._rows}'):
            yield self._key(key)

    def __len__(self) -> int:
        if self._length is None:
            self._length = self._connection.execute(
                f'SELECT COUNT(*) FROM "{self._table}" WHERE {self._rows}').fetchone()[0]
        return self._length

    def prefetch(self, keys: Iterable[Any]) -> None:
        """Read many entries in a few queries instead of one query each (then remembered, as
        are the keys that have no entry)."""
        wanted: dict[str, Any] = {}
        for key in keys:
            if key not in self._seen:
                with contextlib.suppress(TypeError):
                    wanted[self._stored_key(key)] = key
        self._read(wanted)

    def _read(self, wanted: dict[str, Any]) -> None:
        """Read the entries of ``wanted`` (stored key -> key) that are not known to be missing."""
        stored_keys = sorted(wanted.keys() - self._missing)
        found: set[str] = set()
        for start in range(0, len(stored_keys), 500):
            chunk = stored_keys[start:start + 500]
            rows = self._connection.execute(
                f'SELECT key, value FROM "{self._table}" WHERE key IN ({",".join("?" * len(chunk))})', chunk)
            for stored, value in rows:
                self._seen[wanted[stored]] = self._decode(json.loads(value))
                found.add(stored)
        self._missing.update(key for key in stored_keys if key not in found)

    def keys_like(self, pattern: str, limit: int) -> list[Any]:
        """Keys matching an SQL ``LIKE`` pattern (on the stored text), at most ``limit``."""
        rows = self._connection.execute(f'SELECT key FROM "{self._table}" WHERE key LIKE ? LIMIT ?',
                                        (pattern, limit))
        return [self._key(key) for (key,) in rows]


class IriTable(JsonTable):
    """A :class:`JsonTable` keyed by IRIs, given as ``str`` or as rdflib ``URIRef`` and given
    back as plain ``str``; iteration and ``len`` cover the IRI keys only.

    >>> connection = sqlite3.connect(":memory:")
    >>> _ = connection.execute('CREATE TABLE "kinds" (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
    >>> _ = connection.execute('INSERT INTO "kinds" VALUES (?, ?)', ("Uhttps://w3id.org/pmgraph/id/CTO", '"role"'))
    >>> kinds = IriTable(connection, "kinds")
    >>> kinds.get("https://w3id.org/pmgraph/id/CTO"), kinds.get("https://w3id.org/pmgraph/id/Nobody"), len(kinds)
    ('role', None, 1)
    """

    _rows = "key LIKE 'U%'"

    def __getitem__(self, key: Any) -> Any:
        return super().__getitem__(str(key))  # one entry remembered for a str and a URIRef alike

    def prefetch(self, keys: Iterable[Any]) -> None:
        self._read({"U" + iri: iri for iri in {str(key) for key in keys} - self._seen.keys()})

    def _stored_key(self, key: Any) -> str:
        return "U" + str(key)

    def _key(self, stored: str) -> str:
        return stored[1:]
