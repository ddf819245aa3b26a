#!/usr/bin/env bash
# Regenerates the README's figures under docs/ from the shipped sweeps: runs each sweep (reusing what a
# database already holds) and renders its diagrams. Usage: scripts/make-figures.sh [DB_FOLDER]
# (default ./figures-db); INFOSWEEP_BIN names the binary (default: a release build, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
databases="${1:-figures-db}"
mkdir -p "$databases"
bin="${INFOSWEEP_BIN:-}"
if [ -z "$bin" ]; then
    swift build -c release --product infosweep >/dev/null
    bin="$(swift build -c release --show-bin-path)/infosweep"
fi
run() { "$bin" run "sweeps/$1.yaml" --db "$databases/$1.sqlite" >/dev/null; }
phase() {
    local sweep="$1" out="$2"
    shift 2
    "$bin" phase "$sweep" --db "$databases/$sweep.sqlite" --format svg --out "docs/$out.svg" "$@"
}
for sweep in quickstart paper-consistency paper-modality-gap gibbs-quick phase-bifurcation; do run "$sweep"; done
# The boundary sweep refines the bifurcation's grid: in its database the grid's tasks are shared, not run again.
"$bin" run sweeps/phase-boundary.yaml --db "$databases/phase-bifurcation.sqlite" >/dev/null
phase quickstart quickstart --x sigma --facet regime --metric symkl_laplace
# Both ways of drawing the negatives, as the paper plots them (mean ± 1 sd), with each median and its interval.
for critic in cosine rbf; do
    phase paper-consistency "paper-consistency$([ "$critic" = rbf ] && echo -rbf)" --x n_negatives --facet negatives \
        --where critic="$critic" --metric grad_cos --stat mean --band sd --show-median
done
phase paper-modality-gap paper-modality-gap --x sigma --metric symkl_laplace
phase paper-modality-gap paper-modality-gap-alignment --x sigma --metric pos_cos
phase gibbs-quick gibbs-quick --x tau --metric cap_mass
# Collapse is its own phase: its probability per cell, beside the gap among the runs that did not collapse.
phase phase-bifurcation phase-bifurcation --x sigma --y tau --facet regime --metric symkl_laplace \
    --where degenerate=0
phase phase-bifurcation phase-bifurcation-collapse --x sigma --y tau --facet regime --metric degenerate \
    --stat proportion --scale linear
phase phase-bifurcation phase-bifurcation-alignment --x sigma --y tau --facet regime --metric pos_cos
"$bin" boundary phase-boundary --db "$databases/phase-bifurcation.sqlite" --x sigma --y tau --facet regime \
    --metric symkl_laplace --threshold 0.05 --where degenerate=0 --format svg --out docs/phase-boundary.svg
echo "figures written to docs/ from $databases/"
