#!/usr/bin/env bash
# Checks that a copy of the InfoNCE kernels built for an instruction set (AVX2, AVX-512) defines no weak
# (linker-mergeable) code symbols except its own: a specialisation or value witness that the portable copy
# also defines would be merged by the linker, and its instructions could then run on a CPU without them.
#   scripts/check-kernel-symbols.sh .build/debug/InfoNCEKernelsAVX2.build
set -euo pipefail
dir="${1:?usage: check-kernel-symbols.sh BUILD_DIR/InfoNCEKernelsAVX2.build}"
module=$(basename "$dir" .build)
shopt -s nullglob
objects=("$dir"/*.o)
if [ ${#objects[@]} -eq 0 ]; then echo "no object files in $dir" >&2; exit 2; fi
# Every tool's failure fails the check: a missing `nm` or `swift demangle` must not read as "nothing shared".
weak=""
for object in "${objects[@]}"; do
    listing=$(nm --defined-only "$object") || { echo "nm failed on $object" >&2; exit 2; }
    weak+=$(awk '$2 == "W" || $2 == "w" { print $3 }' <<<"$listing")$'\n'
done
demangled=$(swift demangle <<<"$weak") || { echo "swift demangle failed" >&2; exit 2; }
shared=$(awk -v own="$module" 'NF && index($0, own) == 0' <<<"$demangled")
if [ -n "$shared" ]; then
    echo "weak code symbols in $module that another module may also define:" >&2
    echo "$shared" >&2
    exit 1
fi
echo "$module: ${#objects[@]} object files, no shared weak code symbols"
