"""Candidate pairs of claims about the same matter, through embedding nearest neighbours.

Rules never compare every claim with every other: each claim gets its k nearest neighbours above
a similarity floor, computed block by block so memory stays O(n*k). Over a large corpus the same
interface can be served by the vector index (pass any `neighbours` with this signature).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

Embed = Callable[[list[str]], np.ndarray]
DEFAULT_K = 16
BLOCK = 1024


def nearest_neighbours(vectors: np.ndarray, k: int = DEFAULT_K,
                       min_sim: float = 0.3) -> list[list[tuple[int, float]]]:
    """For each row, up to k (index, cosine) of the most similar other rows, best first."""
    n = len(vectors)
    out: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    if n < 2:
        return out
    k = min(k, n - 1)
    for lo in range(0, n, BLOCK):
        block = vectors[lo:lo + BLOCK] @ vectors.T          # (b, n) cosines of unit vectors
        for r in range(block.shape[0]):
            block[r, lo + r] = -1.0                          # never one's own neighbour
        top = np.argpartition(-block, k - 1, axis=1)[:, :k] if k < n else \
            np.tile(np.arange(n), (block.shape[0], 1))
        for r in range(block.shape[0]):
            row = [(int(j), float(block[r, j])) for j in top[r] if block[r, j] >= min_sim]
            # ties broken by index so the result never depends on argpartition's order
            out[lo + r] = sorted(row, key=lambda x: (-round(x[1], 6), x[0]))
    return out


def _blocked_neighbours(vectors: np.ndarray, k: int, min_sim: float,
                        groups: list[int] | None) -> list[list[tuple[int, float]]]:
    if groups is None:
        return nearest_neighbours(vectors, k, min_sim)
    members: dict[int, list[int]] = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    out: list[list[tuple[int, float]]] = [[] for _ in range(len(vectors))]
    for rows in members.values():
        local = nearest_neighbours(vectors[rows], k, min_sim)
        for r, found in zip(rows, local):
            out[r] = [(rows[j], sim) for j, sim in found]
    return out


class PairIndex:
    """Similarity lookups restricted to the candidate pairs the neighbours produced."""

    def __init__(self, vectors: np.ndarray, k: int = DEFAULT_K, min_sim: float = 0.3,
                 groups: list[int] | None = None) -> None:
        """`groups[i]`: the block claim i belongs to; neighbours are only sought inside a block,
        so cost grows with the block sizes, not with the square of the corpus."""
        self.neighbours = _blocked_neighbours(vectors, k, min_sim, groups)
        self._sim: dict[tuple[int, int], float] = {}
        adjacency: list[dict[int, float]] = [{} for _ in self.neighbours]
        for i, row in enumerate(self.neighbours):
            for j, sim in row:
                self._sim[(min(i, j), max(i, j))] = sim
                adjacency[i][j] = sim
                adjacency[j][i] = sim
        # symmetric candidate lists: j is i's candidate when either lists the other
        self.neighbours = [sorted(a.items(), key=lambda x: (-round(x[1], 6), x[0]))
                           for a in adjacency]

    def sim(self, i: int, j: int) -> float:
        """Cosine of a candidate pair; 0.0 for pairs that were never candidates."""
        return self._sim.get((min(i, j), max(i, j)), 0.0)

    def pairs(self) -> list[tuple[int, int, float]]:
        return sorted((i, j, s) for (i, j), s in self._sim.items())
