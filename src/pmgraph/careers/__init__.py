"""Careers: reports over the career model of a knowledge base (paths, gaps, moves, comparisons).

    >>> from pmgraph import kb
    >>> from pmgraph.careers import compare
    >>> compare(kb.open(), ["Tech PM", "TPM"]).roles[1]["label"]
    'Technical Program Manager'
"""

from .reports import (CompareReport, ConnectReport, GapReport, NextReport, PathReport, compare, connect, gap,
                      next_moves, path)

__all__ = ["path", "gap", "next_moves", "compare", "connect",
           "PathReport", "GapReport", "NextReport", "CompareReport", "ConnectReport"]
