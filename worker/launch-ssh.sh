#!/usr/bin/env bash
# Starts (or with --stop, stops) infosweep workers on other machines over ssh.
#
#   worker/launch-ssh.sh --coordinator head:7420 --token-file ~/.infosweep/token --per-host 4 node1 node2
#   worker/launch-ssh.sh --hosts hosts.txt --coordinator head:7420 --token-file ~/.infosweep/token
#   worker/launch-ssh.sh --hosts hosts.txt --stop
#
# The token is read from --token-file here and sent on ssh's standard input into the remote worker's
# environment (INFOSWEEP_TOKEN): it never appears in a command line, here or there. Each worker runs under
# nohup on its host, detached from the ssh session, with its pid and log in REMOTE_DIR (default ~/.infosweep);
# this side keeps one log per host in --log-dir.
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: launch-ssh.sh [options] [HOST...]
  --hosts FILE          hosts, one per line (# comments allowed); HOST arguments are added to them
  --coordinator H:P     the coordinator's address as the workers see it (required to start)
  --token-file FILE     local file holding the token (else the workers connect without one)
  --per-host N          workers per host (default 1)
  --threads T           threads per task (default 1)
  --bin PATH            infosweep on the remote hosts (default: infosweep on the remote PATH)
  --remote-dir DIR      remote directory for pid and log files (default: .infosweep in the remote home)
  --log-dir DIR         local directory for per-host logs (default: ./infosweep-ssh-logs)
  --worker-args ARGS    extra worker options, split on spaces (for example "--exit-when-idle")
  --stop                send SIGTERM to the workers this script started on the hosts, then exit
USAGE
}

fail() {
    echo "launch-ssh: $*" >&2
    exit 2
}

hosts=()
coordinator=""
token_file=""
per_host=1
threads=1
binary="infosweep"
remote_dir=".infosweep"
log_dir="infosweep-ssh-logs"
worker_args=""
stop=0
ssh_command="${INFOSWEEP_SSH:-ssh -o BatchMode=yes}"

while [ $# -gt 0 ]; do
    case "$1" in
        --hosts)
            [ -r "${2:-}" ] || fail "cannot read the hosts file '${2:-}'"
            while IFS= read -r line || [ -n "$line" ]; do
                line="${line%%#*}"
                line="${line//[[:space:]]/}"
                [ -n "$line" ] && hosts+=("$line")
            done < "$2"
            shift 2 ;;
        --coordinator) coordinator="${2:?--coordinator needs HOST:PORT}"; shift 2 ;;
        --token-file) token_file="${2:?--token-file needs a file}"; shift 2 ;;
        --per-host) per_host="${2:?--per-host needs a number}"; shift 2 ;;
        --threads) threads="${2:?--threads needs a number}"; shift 2 ;;
        --bin) binary="${2:?--bin needs a path}"; shift 2 ;;
        --remote-dir) remote_dir="${2:?--remote-dir needs a directory}"; shift 2 ;;
        --log-dir) log_dir="${2:?--log-dir needs a directory}"; shift 2 ;;
        --worker-args) worker_args="${2-}"; shift 2 ;;
        --stop) stop=1; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) usage >&2; fail "unknown option $1" ;;
        *) hosts+=("$1"); shift ;;
    esac
done

[ ${#hosts[@]} -gt 0 ] || { usage >&2; fail "no hosts given"; }
[[ "$per_host" =~ ^[1-9][0-9]*$ ]] || fail "--per-host must be a positive number, not '$per_host'"
[[ "$threads" =~ ^[1-9][0-9]*$ ]] || fail "--threads must be a positive number, not '$threads'"
mkdir -p "$log_dir"
read -r -a ssh_words <<< "$ssh_command"

# A remote shell function: is this pid a live infosweep process (not exited, not a reused pid, not a zombie)?
remote_is_worker() {
    cat <<'REMOTE'
is_worker() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -q infosweep; }
REMOTE
}

# Starts the workers; runs after the token has been read into \$token (see below).
remote_start() {
    local quoted_args=""
    local word
    local extra=()
    [ -n "$worker_args" ] && read -r -a extra <<< "$worker_args"
    for word in worker --coordinator "$coordinator" --threads "$threads" ${extra[@]+"${extra[@]}"}; do
        quoted_args+=" $(printf '%q' "$word")"
    done
    cat <<REMOTE
set -eu
$(remote_is_worker)
if [ -n "\$token" ]; then export INFOSWEEP_TOKEN="\$token"; fi
unset token
dir=$(printf '%q' "$remote_dir")
mkdir -p "\$dir"
for index in \$(seq 1 $per_host); do
    pidfile="\$dir/worker-\$index.pid"
    if [ -f "\$pidfile" ] && is_worker "\$(cat "\$pidfile")"; then
        echo "worker \$index already running (pid \$(cat "\$pidfile"))"
        continue
    fi
    nohup $(printf '%q' "$binary")$quoted_args >> "\$dir/worker-\$index.log" 2>&1 < /dev/null &
    echo "\$!" > "\$pidfile"
    echo "worker \$index started (pid \$!, log \$dir/worker-\$index.log)"
done
REMOTE
}

# SIGTERM only to pids this script recorded, and only if they still are infosweep processes.
remote_stop() {
    cat <<REMOTE
set -eu
$(remote_is_worker)
dir=$(printf '%q' "$remote_dir")
for pidfile in "\$dir"/worker-*.pid; do
    [ -f "\$pidfile" ] || continue
    pid="\$(cat "\$pidfile")"
    if is_worker "\$pid"; then
        kill -TERM "\$pid"
        echo "sent SIGTERM to \$pid (\$pidfile)"
    else
        echo "no running worker for \$pidfile"
    fi
    rm -f "\$pidfile"
done
REMOTE
}

if [ "$stop" -eq 0 ]; then
    [ -n "$coordinator" ] || fail "--coordinator HOST:PORT is required to start workers"
    if [ -n "$token_file" ]; then
        [ -r "$token_file" ] || fail "cannot read the token file '$token_file'"
        [ -s "$token_file" ] || fail "the token file '$token_file' is empty"
    fi
fi

status=0
for host in "${hosts[@]}"; do
    log="$log_dir/$host.log"
    echo "--- $(date -u +%Y-%m-%dT%H:%M:%SZ) $([ "$stop" -eq 1 ] && echo stop || echo start) on $host" >> "$log"
    if [ "$stop" -eq 1 ]; then
        payload="$(remote_stop)"
    else
        # bash -s reads its script from the pipe line by line, so the first line's `read` takes the second
        # line, the token, out of the stream before bash reads on: the token reaches only the environment.
        token=""
        [ -n "$token_file" ] && token="$(head -n 1 "$token_file")"
        payload="$(printf 'IFS= read -r token || true\n%s\n%s' "$token" "$(remote_start)")"
    fi
    if printf '%s\n' "$payload" | "${ssh_words[@]}" "$host" bash -s >> "$log" 2>&1; then
        echo "$host: ok (log $log)"
    else
        echo "$host: FAILED (see $log)" >&2
        status=1
    fi
done
exit "$status"
