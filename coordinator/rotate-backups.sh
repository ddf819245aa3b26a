#!/usr/bin/env bash
# Takes a consistent copy of a live infosweep database and keeps a rotation: the last 24 hourly copies and
# the last 7 daily ones (the first copy of each day). Run hourly by infosweep-backup.timer.
#   rotate-backups.sh DATABASE BACKUP_DIR [HOURLY_KEPT] [DAILY_KEPT]
# INFOSWEEP_BIN names the infosweep executable (default: infosweep on PATH).
set -euo pipefail
database="${1:?usage: rotate-backups.sh DATABASE BACKUP_DIR [HOURLY_KEPT] [DAILY_KEPT]}"
folder="${2:?usage: rotate-backups.sh DATABASE BACKUP_DIR [HOURLY_KEPT] [DAILY_KEPT]}"
hourly_kept="${3:-24}"
daily_kept="${4:-7}"
binary="${INFOSWEEP_BIN:-infosweep}"
now="${INFOSWEEP_BACKUP_TIME:-$(date -u +%Y%m%dT%H%M%SZ)}"   # settable for tests
day="${now%%T*}"

mkdir -p "$folder/hourly" "$folder/daily"
copy="$folder/hourly/sweeps-$now.sqlite"
"$binary" backup --db "$database" --out "$copy"
if ! compgen -G "$folder/daily/sweeps-$day*.sqlite" > /dev/null; then
    cp --reflink=auto "$copy" "$folder/daily/sweeps-$now.sqlite"
fi

prune() {  # keep the newest $2 copies in folder $1 (names sort by time)
    local kept="$2"
    mapfile -t copies < <(ls -1 "$1"/sweeps-*.sqlite 2>/dev/null | sort)
    local excess=$(( ${#copies[@]} - kept ))
    for (( i = 0; i < excess; i++ )); do rm -f -- "${copies[$i]}"; done
}
prune "$folder/hourly" "$hourly_kept"
prune "$folder/daily" "$daily_kept"
