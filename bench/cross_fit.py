"""Scope weights fitted across datasets: fit on two shared sets, score on the held-out third.

Usage: nice -n 10 .venv/bin/python bench/cross_fit.py [--sweeps 4] [--min-gain 0] [--json F]

Each claim's scope is the scope whose fired cues weigh most (``extract/scope.py``, weights in
``lexicon/scope_weights.tsv``), and the headline killed/injured comes from event-scope claims
only, so the weights move the headline exact match ``tollwatch evaluate --shared`` scores.
Every shared set is parsed once (the DocBin cache of ``bench/claims_snapshot.py``) and its
claims, lead and fired cues are built once; a weight vector then only re-decides scopes and
re-computes the headline (``scope.apply_scopes`` + ``headline.headline``), so trying one weight
vector on all three sets takes well under a second (only documents where the changed cue
fires are re-computed; a document's result is memoised on the weights of its own cues).

The search: coordinate ascent from the hand weights. ``event.prior`` stays 1.0 (only the
ratios of weights matter, so one weight anchors the scale); each other weight in table order is
tried at every value of GRID (0 to 5 in steps of 0.25) and set to the value that most raises
the objective, moving only on a gain above ``--min-gain`` (ties keep the current value, so a
weight no training document cares about stays at its hand value); sweeps repeat until one
changes nothing (at most ``--sweeps``). The objective is the mean of killed and injured exact
match over the training sets, each set counting equally (gva_dev's 2,000 pages would otherwise
outvote fakes_dev's 120).

Prints, for each held-out set (killed / injured exact match): the hand weights; the weights
fitted on the other two (the cross-dataset score); for reference the in-sample fits, on the
set alone (what this search finds when it may fit the set itself) and on all three; the
training objective before and after the cross-fit; then the fitted weights that differ from
the hand weights.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from claims_snapshot import parsed
from shared import shared_dir
from tollwatch.extract.claims import build_claims
from tollwatch.extract.headline import headline
from tollwatch.extract.pipeline import Extractor
from tollwatch.extract.scope import apply_scopes, claim_features, read_lead
from tollwatch.extract.scoring import SHARED_SETS, matches, row_document
from tollwatch.lexicon import weights as weight_table
from tollwatch.model import Claim, HeadlineMode

ANCHOR = "event.prior"
GRID = tuple(x / 4 for x in range(0, 21))  # 0, 0.25, ..., 5.0

Weights = dict[str, float]


@dataclass
class Page:
    """One benchmark row, read up to its fired cues: everything the weights do not change."""

    claims: list[Claim]
    implicit: frozenset[int]
    lead: tuple[int, int]
    fired: list[list[str]]
    cues: tuple[str, ...]  # the distinct cues that fire anywhere in the document
    killed: int | None  # coded figures
    injured: int | None
    has_injured: bool
    memo: dict[tuple[float, ...], tuple[bool, bool]] = field(default_factory=dict)

    def hits(self, mode: HeadlineMode, weights: Weights) -> tuple[bool, bool]:
        """(killed right, injured right) under these weights."""
        key = tuple(weights.get(c, 0.0) for c in self.cues)
        if key not in self.memo:
            apply_scopes(self.claims, self.fired, weights)
            span = self.lead
            self.memo[key] = (
                matches(headline(self.claims, "killed", mode, self.implicit, span), self.killed),
                matches(headline(self.claims, "injured", mode, self.implicit, span),
                        self.injured))
        return self.memo[key]


@dataclass
class Bench:
    """A shared set read to its cues, with the hits of the weights last scored."""

    name: str
    mode: HeadlineMode
    pages: list[Page]
    by_cue: dict[str, list[int]]  # cue -> the pages where it fires

    def score(self, weights: Weights) -> tuple[float, float]:
        """(killed exact, injured exact), as scoring.tally counts them."""
        hits = [p.hits(self.mode, weights) for p in self.pages]
        return self.rates(hits)

    def score_changed(self, weights: Weights, base: list[tuple[bool, bool]],
                      cue: str) -> tuple[float, float]:
        """The score when only ``cue``'s weight differs from the weights behind ``base``."""
        hits = list(base)
        for n in self.by_cue.get(cue, ()):
            hits[n] = self.pages[n].hits(self.mode, weights)
        return self.rates(hits)

    def rates(self, hits: list[tuple[bool, bool]]) -> tuple[float, float]:
        killed = sum(k for k, _ in hits) / len(hits)
        injured_rows = [i for (_, i), p in zip(hits, self.pages, strict=True) if p.has_injured]
        return killed, sum(injured_rows) / len(injured_rows) if injured_rows else 0.0


def _coded(value: Any) -> int | None:
    return None if value is None else int(value)


def read_bench(name: str, mode: HeadlineMode, rows: list[dict[str, Any]]) -> Bench:
    """Parse (cached) and build the claims, lead and fired cues of every row once."""
    docs = [row_document(r, i) for i, r in enumerate(rows)]
    extractor = Extractor(headline=mode)
    pages = []
    for spacy_doc, doc, row in zip(parsed(extractor, name, docs), docs, rows, strict=True):
        claims, implicit = build_claims(spacy_doc, mode)
        ends = [sent.end_char for sent in spacy_doc.sents]
        lead = read_lead(claims, spacy_doc.text, ends, doc.published)
        fired = claim_features(claims, lead)
        cues = tuple(sorted({c for cs in fired for c in cs}))
        pages.append(Page(claims, implicit, (lead.core, lead.end), fired, cues,
                          _coded(row.get("killed")), _coded(row.get("injured")),
                          row.get("injured") is not None))
    by_cue: dict[str, list[int]] = {}
    for n, page in enumerate(pages):
        for cue in page.cues:
            by_cue.setdefault(cue, []).append(n)
    return Bench(name, mode, pages, by_cue)


def objective(scores: list[tuple[float, float]]) -> float:
    """Mean of killed and injured exact match, each training set counting equally."""
    return sum(k + i for k, i in scores) / (2 * len(scores))


def fit(benches: list[Bench], start: Weights, sweeps: int, min_gain: float) -> Weights:
    """Coordinate ascent over GRID from ``start`` (see the module docstring)."""
    current = dict(start)
    for _ in range(sweeps):
        moved = False
        for cue in current:
            if cue == ANCHOR:
                continue
            base = [[p.hits(b.mode, current) for p in b.pages] for b in benches]
            best_value = current[cue]
            best = objective([b.rates(h) for b, h in zip(benches, base, strict=True)])
            for value in GRID:
                trial = {**current, cue: value}
                got = objective([b.score_changed(trial, h, cue)
                                 for b, h in zip(benches, base, strict=True)])
                if got > best + min_gain + 1e-12:
                    best_value, best = value, got
            if best_value != current[cue]:
                current[cue], moved = best_value, True
        if not moved:
            break
    return current


def _pair(score: tuple[float, float]) -> str:
    return f"{score[0]:.4f} / {score[1]:.4f}"


def _changes(fitted: Weights, hand: Weights) -> str:
    out = [f"{k} {hand[k]:g}->{v:g}" for k, v in fitted.items() if v != hand[k]]
    return ", ".join(out) or "(hand weights kept)"


def main() -> int:
    if os.environ.get("PYTHONHASHSEED") != "0":  # as claims_snapshot: runs must not differ
        os.execve(sys.executable, [sys.executable, *sys.argv],
                  {**os.environ, "PYTHONHASHSEED": "0"})
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sweeps", type=int, default=4)
    parser.add_argument("--min-gain", type=float, default=0.0,
                        help="smallest objective gain that moves a weight")
    parser.add_argument("--json", help="write the table and the fitted weights here")
    args = parser.parse_args()

    start = time.perf_counter()
    directory = shared_dir() / "benchmarks"
    benches = [read_bench(s.name, s.headline, s.load(directory)) for s in SHARED_SETS]
    print(f"read {', '.join(f'{b.name} {len(b.pages)}' for b in benches)} rows "
          f"in {time.perf_counter() - start:.0f}s")
    hand = dict(weight_table("scope_weights"))
    hand_scores = {b.name: b.score(hand) for b in benches}
    t = time.perf_counter()
    for b in benches:
        b.score({**hand, ANCHOR: 1.0 + 1e-9})  # an unmemoised full pass, to time one vector
    print(f"one weight vector on all three sets: {time.perf_counter() - t:.2f}s (unmemoised)")

    report: dict[str, Any] = {"hand": hand, "folds": {}}
    print(f"\n{'held out':10} {'hand k / i':>17} {'cross-fit k / i':>17} "
          f"{'self-fit k / i':>17} {'all-3 fit k / i':>17}   train objective hand -> fitted")
    in_sample = fit(benches, hand, args.sweeps, args.min_gain)
    rows = []
    for held in benches:
        train = [b for b in benches if b is not held]
        fitted = fit(train, hand, args.sweeps, args.min_gain)
        alone = fit([held], hand, args.sweeps, args.min_gain)
        before = objective([hand_scores[b.name] for b in train])
        after = objective([b.score(fitted) for b in train])
        cross, own, insample = held.score(fitted), held.score(alone), held.score(in_sample)
        print(f"{held.name:10} {_pair(hand_scores[held.name]):>17} {_pair(cross):>17} "
              f"{_pair(own):>17} {_pair(insample):>17}   {before:.4f} -> {after:.4f}")
        rows.append((held.name, fitted, alone))
        report["folds"][held.name] = {
            "hand": hand_scores[held.name], "cross_fit": cross, "self_fit": own,
            "all_three_fit": insample, "train_objective": [before, after],
            "weights": fitted, "self_fit_weights": alone}
    print("\nfitted weights (changes from the hand weights):")
    for name, fitted, _ in rows:
        print(f"  without {name} (cross-fit): {_changes(fitted, hand)}")
    for name, _, alone in rows:
        print(f"  {name} alone (self-fit): {_changes(alone, hand)}")
    print(f"  all three (in-sample): {_changes(in_sample, hand)}")
    report["in_sample_weights"] = in_sample
    print(f"\ntotal {time.perf_counter() - start:.0f}s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=1, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
