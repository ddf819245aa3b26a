#!/usr/bin/env bash
# Side-by-side benchmark of the Swift engine (infonce-bench) and its PyTorch CPU peer on the same shapes
# and thread count, with both sgemm peaks measured in the same run. Each shape runs in a fresh process so
# that peak RSS belongs to that shape. Output: JSON lines on stdout.
#
# The engine runs with the kernels the CPU selects (AVX-512 or AVX2/FMA where it has them) and, for
# comparison, with the AVX2 and the portable kernels (INFOSWEEP_KERNELS); rows carry "kernels". The peaks are
# OpenBLAS's sgemm and the engine's own tile product (`tile_product_peak`), both on 2048^3.
#
#   benchmarks/run.sh [threads] [shapes...]        shapes as B,d   (default: the issue's shapes)
#   SKIP_TORCH=1 benchmarks/run.sh                  (engine only)
#   ENGINE_SETTINGS="memory_budget_mb=0" benchmarks/run.sh   (infonce_step parameters for the engine rows)
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
shift || true
shapes=("$@")
if [ ${#shapes[@]} -eq 0 ]; then shapes=(4096,3 4096,128 8192,3 8192,128 16384,128); fi
scratch="${BENCH_SCRATCH:-.build-bench}"
swift build -c release --scratch-path "$scratch" --product infonce-bench >&2
bench="$scratch/release/infonce-bench"
# The AVX2 and AVX-512 copies of the kernels must share no code with the portable one (see
# scripts/check-kernel-symbols.sh).
for copy in InfoNCEKernelsAVX2 InfoNCEKernelsAVX512; do
    scripts/check-kernel-symbols.sh "$scratch/release/$copy.build" >&2
done

# Whether the CPU runs the engine's AVX-512 copy (the flags InstructionSet.avx512Flags lists): then the shapes
# and the seed also run on the AVX2 copy, for comparison.
has_avx512() {
    local flags
    flags=$(grep -m1 '^flags' /proc/cpuinfo)
    for flag in avx512f avx512cd avx512bw avx512dq avx512vl; do grep -qw "$flag" <<<"$flags" || return 1; done
}

echo "{\"what\":\"machine\",\"nproc\":$(nproc),\"load\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
"$bench" --threads "$threads" --sgemm
if [ -z "${SKIP_TORCH:-}" ]; then python3 benchmarks/infonce_peer.py --threads "$threads" --sgemm; fi
for shape in "${shapes[@]}"; do
    batch="${shape%,*}"
    dim="${shape#*,}"
    # The median of nine engine steps below B=16384 (three above), so that a step of tens of milliseconds is
    # not one burst of the other tenants' load; the peer's steps are ten times longer.
    repeats=9
    if [ "$batch" -ge 16384 ]; then repeats=3; fi
    OPENBLAS_NUM_THREADS=1 "$bench" --threads "$threads" --shape "$batch,$dim" repeats=$repeats ${ENGINE_SETTINGS:-}
    if has_avx512; then
        INFOSWEEP_KERNELS=avx2 OPENBLAS_NUM_THREADS=1 "$bench" --threads "$threads" --shape "$batch,$dim" \
            repeats=$repeats ${ENGINE_SETTINGS:-}
    fi
    INFOSWEEP_KERNELS=portable OPENBLAS_NUM_THREADS=1 "$bench" --threads "$threads" --shape "$batch,$dim" \
        repeats=$repeats ${ENGINE_SETTINGS:-}
    if [ -z "${SKIP_TORCH:-}" ]; then
        repeats=3
        if [ "$batch" -ge 16384 ]; then repeats=1; fi
        python3 benchmarks/infonce_peer.py --threads "$threads" --batch "$batch" --dim "$dim" --repeats "$repeats"
    fi
done
# The peaks again: the run's peak is the higher reading (other tenants' load lowers either).
"$bench" --threads "$threads" --sgemm
# One seed of the paper's modality-gap setup (defaults: batch 256, 2000 steps), engine on one thread.
OPENBLAS_NUM_THREADS=1 "$bench" --threads 1 --experiment multimodal
if has_avx512; then INFOSWEEP_KERNELS=avx2 OPENBLAS_NUM_THREADS=1 "$bench" --threads 1 --experiment multimodal; fi
INFOSWEEP_KERNELS=portable OPENBLAS_NUM_THREADS=1 "$bench" --threads 1 --experiment multimodal
if [ -z "${SKIP_TORCH:-}" ]; then python3 benchmarks/infonce_peer.py --threads 1 --modality-gap; fi
