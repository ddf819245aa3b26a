#!/usr/bin/env bash
# Installs the system libraries infosweep builds against (Debian/Ubuntu): SQLite and OpenBLAS; and openssl,
# which the TLS tests use to make certificates.
set -euo pipefail
packages=(libsqlite3-dev libopenblas-dev openssl)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq "${missing[@]}"
fi
command -v swift >/dev/null || { echo "setup: Swift 6 is needed (swift not found on PATH)" >&2; exit 1; }
