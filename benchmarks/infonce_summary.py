#!/usr/bin/env python3
"""Summarises JSON lines of benchmarks/run.sh (one or more runs, each starting with its "machine" row): per
shape and run, the engine (the kernels the CPU selects: each shape's first row) against PyTorch from the same
run, the engine's share of that run's product peak (the highest of its OpenBLAS sgemm and tile-product rows;
counting 6 B^2 d), peak RSS; then the medians over runs.

    benchmarks/infonce_summary.py results.jsonl [more.jsonl ...]
"""
import json
import statistics
import sys


def runs(lines):
    """The rows of each run, split at its "machine" row."""
    current = None
    for line in lines:
        line = line.strip()
        if not line.startswith("{"):
            continue
        row = json.loads(line)
        if row.get("what") == "machine":
            current = {"machine": row, "rows": []}
            yield current
        elif current is not None:
            current["rows"].append(row)


def pairs(run):
    """(shape, engine row, torch row, sgemm peak) for each shape of a run, and the modality-gap seed."""
    peaks = ("sgemm_peak", "tile_product_peak")
    peak = max((r["gflops"] for r in run["rows"] if r["what"] in peaks), default=None)
    engine = None
    for row in run["rows"]:
        what = row["what"]
        if what == "infonce_step" and engine is None:
            engine = row
        elif what == "torch_infonce_step" and engine and engine["batch"] == row["batch"]:
            yield (f"B={row['batch']} d={row['dim']}", engine, row, peak)
            engine = None
        elif what == "multimodal" and engine is None:
            engine = row
        elif what == "torch_modality_gap_seed" and engine:
            yield ("modality-gap seed", engine, row, peak)
            engine = None


def main():
    lines = [line for name in sys.argv[1:] for line in open(name)]
    table = {}
    for number, run in enumerate(list(runs(lines)), 1):
        for shape, engine, torch, peak in pairs(run):
            if shape == "modality-gap seed":
                entry = (number, engine["seconds"] * 1000, torch["seconds"] * 1000, None, None, None)
            else:
                share = engine["gflops"] / peak if peak else None
                entry = (number, engine["ms_per_step"], torch["ms_per_step"], peak, share, engine["peak_rss_mb"])
            table.setdefault(shape, []).append(entry)
    print("| shape | run | engine ms | torch ms | speed-up | product peak GFLOPS | % of peak (6 B^2 d) "
          "| engine RSS MB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for shape, entries in table.items():
        for number, ms, torch_ms, peak, share, rss in entries:
            print(f"| {shape} | {number} | {ms:.4g} | {torch_ms:.4g} | {torch_ms / ms:.1f}x | "
                  f"{'' if peak is None else f'{peak:.1f}'} | {'' if share is None else f'{100 * share:.0f}%'} | "
                  f"{'' if rss is None else f'{rss:.0f}'} |")
        ratios = [torch_ms / ms for _, ms, torch_ms, *_ in entries]
        shares = [share for *_, share, _ in entries if share is not None]
        line = (f"| {shape} | median of {len(entries)} | {statistics.median(e[1] for e in entries):.4g} | "
                f"{statistics.median(e[2] for e in entries):.4g} | {statistics.median(ratios):.1f}x | | "
                f"{f'{100 * statistics.median(shares):.0f}%' if shares else ''} | |")
        print(line)


if __name__ == "__main__":
    main()
