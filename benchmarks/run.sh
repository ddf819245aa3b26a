#!/usr/bin/env bash
# Side-by-side benchmark of the Swift engine (infonce-bench) and its PyTorch CPU peer on the same shapes
# and thread count, with both sgemm peaks measured in the same run. Each shape runs in a fresh process so
# that peak RSS belongs to that shape. Output: JSON lines on stdout.
#
#   benchmarks/run.sh [threads] [shapes...]        shapes as B,d   (default: the issue's shapes)
#   INFOSWEEP_TARGET_CPU=haswell benchmarks/run.sh  (builds the solvers for AVX2/FMA; opt-in)
#   SKIP_TORCH=1 benchmarks/run.sh                  (engine only)
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
shift || true
shapes=("$@")
if [ ${#shapes[@]} -eq 0 ]; then shapes=(4096,3 4096,128 8192,3 8192,128 16384,128); fi
scratch="${BENCH_SCRATCH:-.build-bench${INFOSWEEP_TARGET_CPU:+-$INFOSWEEP_TARGET_CPU}}"
swift build -c release --scratch-path "$scratch" --product infonce-bench >&2
bench="$scratch/release/infonce-bench"

echo "{\"what\":\"machine\",\"nproc\":$(nproc),\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\",\"target_cpu\":\"${INFOSWEEP_TARGET_CPU:-default}\"}"
"$bench" --threads "$threads" --sgemm
if [ -z "${SKIP_TORCH:-}" ]; then python3 benchmarks/infonce_peer.py --threads "$threads" --sgemm; fi
for shape in "${shapes[@]}"; do
    batch="${shape%,*}"
    dim="${shape#*,}"
    OPENBLAS_NUM_THREADS=1 "$bench" --threads "$threads" --shape "$batch,$dim"
    if [ -z "${SKIP_TORCH:-}" ]; then
        repeats=3
        if [ "$batch" -ge 16384 ]; then repeats=1; fi
        python3 benchmarks/infonce_peer.py --threads "$threads" --batch "$batch" --dim "$dim" --repeats "$repeats"
    fi
done
# One seed of the paper's modality-gap setup (defaults: batch 256, 2000 steps), engine on one thread.
OPENBLAS_NUM_THREADS=1 "$bench" --threads 1 --experiment multimodal
if [ -z "${SKIP_TORCH:-}" ]; then python3 benchmarks/infonce_peer.py --threads 1 --modality-gap; fi
