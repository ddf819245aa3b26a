#!/usr/bin/env bash
# Integration test on a real single-node Slurm (Debian's slurm-wlm and munge, installed with apt if missing).
#
# Starts munged, slurmctld and slurmd from a private configuration in a temporary directory, an infosweep
# coordinator on loopback, submits a no-op sweep, runs `sbatch --array=0-3 worker/infosweep-worker.sbatch`,
# cancels one array task while it runs a task, and checks that every task ends done exactly once, the cancelled
# worker's task finished by another worker. Then `infosweep alloc slurm --max-jobs 3` alone brings up pilot jobs
# for a sweep of 40 tasks: no more than 3 at once, the sweep done, alloc exits 0 and no pilot is left in the queue
# (its --dry-run --once lines and a refused sbatch are checked first). Then a one-minute job must stop for its
# walltime. Everything it started is stopped on exit, pass or fail.
#
# Environment:
#   INFOSWEEP_BIN          the infosweep executable (default: .build/debug/infosweep, then PATH)
#   SLURM_TEST_REQUIRED=1  fail instead of skipping when Slurm cannot run here
#   SLURM_TEST_TIMEOUT     overall limit in seconds (default 600)
#   SLURM_TEST_KEEP=1      keep the temporary directory (configuration, logs, database) for inspection
# Prints one final line: "SLURM TEST: PASS", "SLURM TEST: FAIL (...)" or "SLURM TEST: SKIPPED (...)".
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
timeout_seconds="${SLURM_TEST_TIMEOUT:-600}"
started_at=$SECONDS
work=""
watchdog=""
daemon_pids=()
coordinator_pid=""
jobs_submitted=()
alloc_pid=""
pilot_name=""

log() { echo "[slurm-test +$((SECONDS - started_at))s] $*"; }

skip() {
    if [ "${SLURM_TEST_REQUIRED:-0}" = "1" ]; then
        echo "SLURM TEST: FAIL (Slurm cannot run here and SLURM_TEST_REQUIRED=1: $*)"
        exit 1
    fi
    {
        echo "********************************************************************************"
        echo "*** SLURM TEST: SKIPPED: NOTHING WAS TESTED ($*)"
        echo "*** set SLURM_TEST_REQUIRED=1 (as .ci/run does) to make this a failure"
        echo "********************************************************************************"
    } >&2
    echo "SLURM TEST: SKIPPED ($*)"
    exit 0
}

fail() {
    log "FAILED: $*"
    show_logs
    echo "SLURM TEST: FAIL ($*)"
    exit 1
}

show_logs() {
    [ -n "$work" ] && [ -d "$work" ] || return 0
    local file
    for file in "$work"/slurmctld.log "$work"/slurmd.log "$work"/coordinator.log "$work"/*.out; do
        [ -f "$file" ] || continue
        echo "----- $(basename "$file") (last 25 lines)"
        tail -n 25 "$file"
    done
}

cleanup() {
    local status=$?
    set +e
    [ -n "$alloc_pid" ] && kill -TERM "$alloc_pid" 2>/dev/null && wait "$alloc_pid" 2>/dev/null
    if [ -n "$pilot_name" ] && [ -n "${SLURM_CONF:-}" ]; then
        scancel --name "$pilot_name" 2>/dev/null
        local pilots_waited=0
        while [ -n "$(squeue -h -n "$pilot_name" 2>/dev/null)" ] && [ "$pilots_waited" -lt 60 ]; do
            sleep 0.5
            pilots_waited=$((pilots_waited + 1))
        done
    fi
    if [ ${#jobs_submitted[@]} -gt 0 ] && [ -n "${SLURM_CONF:-}" ]; then
        local job_list
        job_list="$(IFS=,; echo "${jobs_submitted[*]}")"
        scancel "${jobs_submitted[@]}" 2>/dev/null
        local waited=0
        while [ -n "$(squeue -h -j "$job_list" 2>/dev/null)" ] && [ "$waited" -lt 60 ]; do
            sleep 0.5
            waited=$((waited + 1))
        done
    fi
    [ -n "$coordinator_pid" ] && kill -TERM "$coordinator_pid" 2>/dev/null && wait "$coordinator_pid" 2>/dev/null
    local index
    for ((index = ${#daemon_pids[@]} - 1; index >= 0; index--)); do
        kill -TERM "${daemon_pids[index]}" 2>/dev/null
    done
    for index in "${!daemon_pids[@]}"; do
        local pid="${daemon_pids[index]}" tries=0
        while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 50 ]; do
            sleep 0.1
            tries=$((tries + 1))
        done
        kill -KILL "$pid" 2>/dev/null
    done
    [ -n "$watchdog" ] && kill "$watchdog" 2>/dev/null
    if [ -n "$work" ] && [ "${SLURM_TEST_KEEP:-0}" != "1" ]; then
        rm -rf "$work"
    elif [ -n "$work" ]; then
        echo "kept $work"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT
trap 'fail "no verdict within ${timeout_seconds}s"' TERM

# Polls a command until it succeeds; fails the test with DESCRIPTION after SECONDS.
wait_for() {
    local description="$1" limit="$2"
    shift 2
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || fail "timed out after ${limit}s waiting for $description"
        sleep 0.2
    done
}

# --- Prerequisites -------------------------------------------------------------------------------------------

[ "$(id -u)" -eq 0 ] || skip "needs root to run slurmd and slurmctld"
binary="${INFOSWEEP_BIN:-}"
if [ -z "$binary" ]; then
    if [ -x "$repo/.build/debug/infosweep" ]; then binary="$repo/.build/debug/infosweep"; else
        binary="$(command -v infosweep || true)"; fi
fi
if [ -z "$binary" ] || [ ! -x "$binary" ]; then
    fail "no infosweep executable: build first or set INFOSWEEP_BIN"
fi
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

# The watchdog takes its sleep with it when cleanup stops it, so that nothing outlives the test.
(
    trap 'kill "$sleeper" 2>/dev/null; wait "$sleeper"; exit 0' TERM
    sleep "$timeout_seconds" &
    sleeper=$!
    wait "$sleeper"
    kill -TERM $$
) >/dev/null 2>&1 &
watchdog=$!

missing=()
for tool in slurmctld slurmd sbatch munged sqlite3; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    log "installing slurm-wlm, munge and sqlite3 with apt (missing: ${missing[*]})"
    install_started=$SECONDS
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null || skip "apt-get update failed"
    apt-get install -y -qq slurm-wlm munge sqlite3 >/dev/null || skip "apt-get install slurm-wlm munge failed"
    log "installed in $((SECONDS - install_started))s"
fi

# --- Slurm on this node --------------------------------------------------------------------------------------

work="$(mktemp -d /tmp/infosweep-slurm.XXXXXX)"
chmod 711 "$work"
mkdir -p "$work/munge" "$work/spool" "$work/state"
chmod 711 "$work/munge"
node="$(hostname -s)"

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local port
    for port in $(seq "$1" $(($1 + 200))); do
        if port_is_free "$port"; then echo "$port"; return 0; fi
    done
    fail "no free port from $1"
}
ctld_port="$(free_port 16817)"
slurmd_port="$(free_port $((ctld_port + 1)))"

head -c 1024 /dev/urandom > "$work/munge/munge.key"
chmod 400 "$work/munge/munge.key"
munged --force --socket="$work/munge/munge.socket" --key-file="$work/munge/munge.key" \
    --log-file="$work/munge/munged.log" --pid-file="$work/munge/munged.pid" --seed-file="$work/munge/munged.seed" \
    || skip "munged would not start: $(tail -n 3 "$work/munge/munged.log" 2>/dev/null)"
daemon_pids+=("$(cat "$work/munge/munged.pid")")
munge --socket="$work/munge/munge.socket" -n | unmunge --socket="$work/munge/munge.socket" >/dev/null \
    || skip "munge cannot encode and decode a credential"

# Four CPUs on a two-CPU machine (config_overrides) so that four one-CPU workers run at once.
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<EOF
ClusterName=infosweeptest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$work/munge/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU_Memory
SlurmdParameters=config_overrides
ReturnToService=2
KillWait=10
MinJobAge=300
NodeName=$node NodeAddr=127.0.0.1 CPUs=4 RealMemory=2000 State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=30 State=UP
EOF

log "starting slurmctld (port $ctld_port) and slurmd (port $slurmd_port) as node $node"
slurmctld -D -i > "$work/slurmctld.out" 2>&1 &
daemon_pids+=("$!")
slurmd -D -N "$node" > "$work/slurmd.out" 2>&1 &
daemon_pids+=("$!")
node_idle() { [ "$(sinfo -h -n "$node" -o %t 2>/dev/null)" = "idle" ]; }
deadline=$((SECONDS + 60))
until node_idle; do
    for pid in "${daemon_pids[@]:1}"; do
        kill -0 "$pid" 2>/dev/null || skip "a Slurm daemon exited: $(tail -n 5 "$work"/slurm*.out | tr '\n' ' ')"
    done
    [ "$SECONDS" -lt "$deadline" ] || skip "node $node not idle after 60s: $(sinfo -h -o '%t %E' 2>&1)"
    sleep 0.3
done
log "node $node is idle"

# --- Coordinator and sweep -----------------------------------------------------------------------------------

token_file="$work/token"
head -c 24 /dev/urandom | base64 > "$token_file"
chmod 600 "$token_file"
database="$work/sweeps.sqlite"
"$binary" coordinator --db "$database" --listen 127.0.0.1:0 --port-file "$work/port" --token-file "$token_file" \
    --lease-seconds 5 > "$work/coordinator.log" 2>&1 &
coordinator_pid=$!
wait_for "the coordinator's port file" 30 test -s "$work/port"
address="127.0.0.1:$(tr -d '[:space:]' < "$work/port")"
log "coordinator on $address"

cat > "$work/sweep.yaml" <<'EOF'
name: slurm
experiment: noop
grid:
  a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
  duration_ms: [700, 1000, 1300]
EOF
total=30
"$binary" submit "$work/sweep.yaml" --coordinator "$address" --token-file "$token_file" --json

export INFOSWEEP_COORDINATOR="$address" INFOSWEEP_TOKEN_FILE="$token_file" INFOSWEEP_BIN="$binary"
# A short grace so that the cancelled worker gives its running task back rather than finishing it.
export INFOSWEEP_WORKER_ARGS="--stop-grace 0.1"
unset INFOSWEEP_TOKEN
job="$(sbatch --parsable --array=0-3 --cpus-per-task=1 --mem=64M --time=10 --chdir="$work" \
    --output="$work/worker-%A_%a.out" "$repo/worker/infosweep-worker.sbatch")"
job="${job%%;*}"
jobs_submitted+=("$job")
log "submitted array job $job"

running_array_tasks() { squeue -h -j "$job" -t RUNNING -o %i 2>/dev/null | wc -l; }
all_four_running() { [ "$(running_array_tasks)" -eq 4 ]; }
wait_for "four running array tasks" 60 all_four_running

# The victim is array task 1; find its worker process, then wait until it holds a task with at least half a
# second of work left (its claim time plus its duration, a bound that an unstarted lease only exceeds), so that
# SIGTERM surely finds that lease held, however loaded the machine.
victim_job="$(squeue -h -j "${job}_1" -o %A)"
victim_pid_of() {
    local pid
    for pid in $(scontrol listpids "$victim_job" 2>/dev/null | awk 'NR > 1 { print $1 }'); do
        if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "infosweep" ]; then echo "$pid"; return 0; fi
    done
    return 1
}
wait_for "the worker process of ${job}_1" 30 victim_pid_of
victim_pid="$(victim_pid_of)"
query() { sqlite3 -cmd ".timeout 5000" "$database" "$1"; }
holds_a_task_with_work_left() {
    [ "$(query "SELECT count(*) FROM attempts a JOIN tasks t ON t.id = a.task_id
        WHERE a.outcome = 'running' AND a.worker LIKE '%-$victim_pid-%'
        AND a.claimed_at + json_extract(t.params, '$.duration_ms') / 1000.0
            > (julianday('now') - 2440587.5) * 86400 + 0.5")" -ge 1 ]
}
wait_for "worker $victim_pid (${job}_1) to hold a task with work left" 60 holds_a_task_with_work_left
scancel "${job}_1"
log "cancelled ${job}_1 (worker pid $victim_pid) while it held a task with work left"

# --- Verdict -------------------------------------------------------------------------------------------------

status_json() { "$binary" status slurm --coordinator "$address" --token-file "$token_file" --json; }
sweep_done() { status_json | grep -q "\"done\":$total,"; }
wait_for "all $total tasks done" 180 sweep_done
array_gone() { [ -z "$(squeue -h -j "$job" 2>/dev/null)" ]; }
wait_for "the array job to end (workers exit when idle)" 60 array_gone
log "sweep done, all array tasks ended"

status="$(status_json)"
echo "$status"
echo "$status" | grep -q "\"total\":$total,\"pending\":0,\"running\":0,\"done\":$total,\"failed\":0" \
    || fail "status is not $total done: $status"
"$binary" export slurm --coordinator "$address" --token-file "$token_file" --format jsonl > "$work/export.jsonl"
[ "$(grep -c '"state":"done"' "$work/export.jsonl")" -eq "$total" ] || fail "export has not $total done rows"
[ "$(grep -o '"key":"[^"]*"' "$work/export.jsonl" | sort -u | wc -l)" -eq "$total" ] \
    || fail "export rows are not $total distinct tasks"
[ "$(grep -c '"provenance":{' "$work/export.jsonl")" -eq "$total" ] || fail "not every task has a result"

not_exactly_once="$(query "SELECT count(*) FROM tasks t WHERE (SELECT count(*) FROM attempts a
    WHERE a.task_id = t.id AND a.outcome = 'accepted') != 1")"
[ "$not_exactly_once" -eq 0 ] || fail "$not_exactly_once tasks do not have exactly one accepted attempt"
[ "$(query "SELECT count(*) FROM results")" -eq "$total" ] || fail "results are not $total"
given_back="$(query "SELECT count(*) FROM attempts a WHERE a.worker LIKE '%-$victim_pid-%'
    AND a.outcome IN ('released', 'lost') AND EXISTS (SELECT 1 FROM attempts b WHERE b.task_id = a.task_id
    AND b.outcome = 'accepted' AND b.worker NOT LIKE '%-$victim_pid-%')")"
[ "$given_back" -ge 1 ] || fail "no task of the cancelled worker was finished by another worker"
victim_log="$(ls "$work"/worker-"${job}"_1.out)"
grep -q "stopping: no more claims" "$victim_log" || fail "the cancelled worker did not get SIGTERM"
grep -q "deadline set" "$victim_log" || fail "the worker did not take its deadline from Slurm"
workers="$(query "SELECT count(DISTINCT worker) FROM attempts")"
log "$workers workers took part; $given_back task(s) of the cancelled worker were finished by another worker"
[ "$workers" -ge 4 ] || fail "only $workers workers took part"

log "cancellation scenario passed"

# --- alloc slurm: pilots submitted as the work needs them, at most --max-jobs at once, none left behind -------

unset INFOSWEEP_WORKER_ARGS
pilot_name="infosweep-alloc-test"
cat > "$work/alloc.yaml" <<'EOF'
name: alloc
experiment: noop
params: {duration_ms: 300}
grid:
  a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]
  b: [1, 2]
EOF
alloc_total=40
"$binary" submit "$work/alloc.yaml" --coordinator "$address" --token-file "$token_file" --json
alloc_options=(--coordinator "$address" --token-file "$token_file" --job-name "$pilot_name" --time 00:10:00
    --mem 64M "--sbatch-option=--output=$work/pilot-%j.out" --sbatch-script "$repo/worker/infosweep-worker.sbatch")
pilots_in_queue() { squeue -h -n "$pilot_name" -o %A 2>/dev/null | wc -l; }

# The dry run decides once and prints what it would submit: 40 one-core tasks want 3 pilots at --max-jobs 3.
dry_run="$("$binary" alloc slurm "${alloc_options[@]}" --max-jobs 3 --dry-run --once alloc 2>"$work/alloc-dry.err")" \
    || fail "alloc slurm --dry-run --once failed: $(cat "$work/alloc-dry.err")"
echo "$dry_run"
[ "$(grep -c '^sbatch ' <<< "$dry_run")" -eq 3 ] || fail "the dry run did not print 3 sbatch lines"
[ "$(grep -vc '^sbatch ' <<< "$dry_run")" -eq 0 ] || fail "the dry run printed lines other than sbatch lines"
for expected in "--job-name=$pilot_name" --cpus-per-task=1 --time=00:10:00 --mem=64M \
    "INFOSWEEP_COORDINATOR=$address" "INFOSWEEP_TOKEN_FILE=$token_file" "$repo/worker/infosweep-worker.sbatch"; do
    [ "$(grep -cF -- "$expected" <<< "$dry_run")" -eq 3 ] || fail "not every dry-run line has $expected"
done
[ "$(pilots_in_queue)" -eq 0 ] || fail "the dry run submitted a job"

# sbatch refusing a job is an error that names sbatch and says why.
if "$binary" alloc slurm "${alloc_options[@]}" --partition no-such-partition --once alloc \
    > "$work/alloc-refused.log" 2>&1; then
    fail "alloc slurm with a bad partition succeeded"
fi
grep -q "sbatch failed (exit 1): .*invalid partition" "$work/alloc-refused.log" \
    || fail "no clear error for a refused sbatch: $(cat "$work/alloc-refused.log")"
[ "$(pilots_in_queue)" -eq 0 ] || fail "a refused sbatch left a job"

# No worker is started by hand: alloc brings up the pilots, and ends once the sweep is done.
alloc_started=$SECONDS
"$binary" alloc slurm "${alloc_options[@]}" --max-jobs 3 --interval 1 alloc > "$work/alloc.log" 2>&1 &
alloc_pid=$!
most_pilots=0
alloc_deadline=$((SECONDS + 120))
while kill -0 "$alloc_pid" 2>/dev/null; do
    in_queue="$(pilots_in_queue)"
    [ "$in_queue" -gt "$most_pilots" ] && most_pilots="$in_queue"
    if [ "$SECONDS" -ge "$alloc_deadline" ]; then
        kill -TERM "$alloc_pid" 2>/dev/null
        fail "alloc slurm did not end within 120s: $(tail -n 5 "$work/alloc.log")"
    fi
    sleep 0.2
done
alloc_status=0
wait "$alloc_pid" || alloc_status=$?
alloc_pid=""
cat "$work/alloc.log"
[ "$alloc_status" -eq 0 ] || fail "alloc slurm exited with status $alloc_status"
left="$(squeue -h -n "$pilot_name" -o '%A %T' 2>/dev/null)"
[ -z "$left" ] || fail "pilots left in the queue after alloc ended: $left"
alloc_status_json="$("$binary" status alloc --coordinator "$address" --token-file "$token_file" --json)"
echo "$alloc_status_json" | grep -q "\"total\":$alloc_total,\"pending\":0,\"running\":0,\"done\":$alloc_total," \
    || fail "the alloc sweep is not $alloc_total done: $alloc_status_json"
# Every pilot job Slurm still knows (MinJobAge=300): never more than 3 from submission to end at any moment
# (an end and a submission in the same second count as the end first).
pilot_jobs="$(scontrol show job -o 2>/dev/null | grep -F "JobName=$pilot_name " || true)"
submitted_pilots="$(grep -c . <<< "$pilot_jobs" || true)"
overlap="$(grep -o 'SubmitTime=[^ ]*\|EndTime=[^ ]*' <<< "$pilot_jobs" \
    | awk -F= '{ print $2, ($1 == "SubmitTime" ? 1 : 0) }' | sort \
    | awk '{ now += ($2 == 1 ? 1 : -1); if (now > most) most = now } END { print most + 0 }')"
log "alloc: $submitted_pilots pilot jobs, at most $most_pilots in the queue when sampled and $overlap by their times"
[ "$submitted_pilots" -ge 1 ] || fail "no pilot job was submitted"
[ "$most_pilots" -le 3 ] && [ "$overlap" -le 3 ] || fail "more than 3 pilots at once ($most_pilots, $overlap)"
workers_json="$("$binary" workers --coordinator "$address" --token-file "$token_file" --json)"
reported="$(grep -o '"jobID":"[0-9]*"' <<< "$workers_json" | wc -l)"
[ "$reported" -eq "$submitted_pilots" ] || fail "workers shows $reported pilots, not $submitted_pilots: $workers_json"
pilot_tasks="$(grep -o '"tasksDone":[0-9]*' <<< "$workers_json" | awk -F: '{ sum += $2 } END { print sum + 0 }')"
[ "$pilot_tasks" -eq "$alloc_total" ] || fail "the pilots' workers did $pilot_tasks tasks, not $alloc_total"
log "alloc scenario passed in $((SECONDS - alloc_started))s: the pilots did all $alloc_total tasks, none is left"

# --- Walltime: the worker claims no task that would overrun the job's one-minute limit ----------------------

cat > "$work/walltime.yaml" <<'EOF'
name: walltime
experiment: noop
params: {duration_ms: 12000}
grid: {a: [1, 2, 3, 4]}
EOF
"$binary" submit "$work/walltime.yaml" --coordinator "$address" --token-file "$token_file" --json
# 60 s less a 25 s margin leaves room for two 12 s tasks when the worker is up within 11 s of the job's start,
# and never for a third (35 - 24 < 12), so the count does not hang on how fast a loaded machine starts it.
# SIGTERM is moved to 5 s before the end: the script's 120 s would come at once in a one-minute job.
export INFOSWEEP_WALLTIME_MARGIN=25
unset INFOSWEEP_WORKER_ARGS
walltime_job="$(sbatch --parsable --cpus-per-task=1 --mem=64M --time=1 --signal=B:TERM@5 --chdir="$work" \
    --output="$work/walltime-%j.out" "$repo/worker/infosweep-worker.sbatch")"
jobs_submitted+=("$walltime_job")
log "submitted job $walltime_job with a one-minute limit"
walltime_job_gone() { [ -z "$(squeue -h -j "$walltime_job" 2>/dev/null)" ]; }
wait_for "job $walltime_job to end" 90 walltime_job_gone
job_state="$(scontrol show job "$walltime_job" | grep -o 'JobState=[A-Z_]*' || true)"
walltime_log="$work/walltime-$walltime_job.out"
[ "$job_state" = "JobState=COMPLETED" ] || fail "job $walltime_job ended with $job_state, not COMPLETED"
grep -q "stopping before the deadline" "$walltime_log" || fail "the worker did not stop for its deadline"
walltime_status="$("$binary" status walltime --coordinator "$address" --token-file "$token_file" --json)"
echo "$walltime_status"
echo "$walltime_status" | grep -q '"total":4,"pending":2,"running":0,"done":2,"failed":0' \
    || fail "expected 2 of 4 walltime tasks done and 2 pending: $walltime_status"
log "walltime scenario passed: 2 tasks done, 2 left pending, job COMPLETED before its limit"

echo "SLURM TEST: PASS ($((SECONDS - started_at))s)"
