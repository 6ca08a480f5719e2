#!/usr/bin/env bash
# CPU cost per INSERT of each cluster process: starts a cluster (own dir and port offset), prepares the
# sysbench tables, runs oltp_insert and reads utime+stime of every role process (and sysbench) from
# /proc/<pid>/stat before and after, then prints CPU µs per insert per process and the tps.
# On a shared machine the µs/insert figures are the stable metric; tps is a sanity check.
# utime+stime are sampled at the scheduler tick, which overstates roles that are idle under this load:
# the ChunkServers and the RootServer show 1-2 µs/query here (2-3% of a core), and the ticks give them
# the same 2-3% on an idle cluster, where `perf stat -e task-clock -p PID` measured 0.2-0.4%.
#   tests/Benchmarks/insert_cpu.sh            (env: BENCH_TIME=15 BENCH_THREADS=16 BENCH_TABLES=4
#                                              BENCH_ROWS=10000 BENCH_DIR=/tmp/oc-insert-cpu
#                                              BENCH_OFFSET=4300 BENCH_KEEP=1 leaves the cluster running,
#                                              BENCH_RATE=N: N transactions/s instead of as fast as possible,
#                                              which compares builds at the same load,
#                                              BENCH_WARMUP=3 s of unmeasured load first,
#                                              BENCH_PS_MODE=auto (prepared statements) or disable)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dir=${BENCH_DIR:-/tmp/oc-insert-cpu}
offset=${BENCH_OFFSET:-4300}
port=$((2880 + offset))
time=${BENCH_TIME:-15} threads=${BENCH_THREADS:-16} tables=${BENCH_TABLES:-4} rows=${BENCH_ROWS:-10000}
workload=${BENCH_WORKLOAD:-oltp_insert}
hz=$(getconf CLK_TCK)

# An empty cluster every run: rows of earlier runs would be replayed into the UPS MemTable.
"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null 2>&1 || true
rm -rf "$dir"
"$root/scripts/cluster.sh" start --dir "$dir" --port-offset "$offset" ${BENCH_CLUSTER_ARGS:-} >/dev/null
[ -n "${BENCH_KEEP:-}" ] || trap '"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null' EXIT
common=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$port" --mysql-user=root --mysql-password=
        --mysql-db=sbtest --db-ps-mode="${BENCH_PS_MODE:-auto}" --tables="$tables" --table-size="$rows")
mysql -h127.0.0.1 -P$port -uroot --protocol=tcp -e "CREATE DATABASE sbtest"
sysbench oltp_read_write "${common[@]}" --threads=4 prepare >"$dir/prepare.log" 2>&1 || { cat "$dir/prepare.log"; exit 1; }

# Unmeasured warm-up: the roles are fresh processes whose hot paths are still being JIT-compiled.
[ "${BENCH_WARMUP:-3}" -gt 0 ] && sysbench "$workload" "${common[@]}" --threads="$threads" --time="${BENCH_WARMUP:-3}" run >"$dir/warmup.log" 2>&1

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
faults() { awk '{print $10}' "/proc/$1/stat"; }
# context switches of all live threads of a process (threads that exited meanwhile are missed)
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/{s+=$2}END{print s+0}'; }
declare -A before
roles=()
declare -A cs_before
declare -A faults_before
for f in "$dir"/*/pid; do r=$(basename "$(dirname "$f")"); roles+=("$r"); before[$r]=$(ticks "$(cat "$f")"); cs_before[$r]=$(switches "$(cat "$f")"); faults_before[$r]=$(faults "$(cat "$f")"); done

sysbench "$workload" "${common[@]}" --threads="$threads" --time="$time" --rate="${BENCH_RATE:-0}" --percentile=95 --report-interval=0 run >"$dir/run.log" 2>&1 &
sb=$!
sleep 0.2
sb_before=$(ticks $sb)
# sysbench's own ticks are read just before it exits.
sb_after=$sb_before
while kill -0 $sb 2>/dev/null; do t=$(ticks $sb 2>/dev/null) && sb_after=$t; sleep 0.2; done
wait $sb || { tail -20 "$dir/run.log"; exit 1; }

ops=$(grep -oP 'queries:\s+\K\d+' "$dir/run.log")
tps=$(grep -oP 'transactions:\s+\d+\s+\(\K[0-9.]+' "$dir/run.log")
p95=$(grep -oP '95th percentile:\s+\K[0-9.]+' "$dir/run.log")
errs=$(grep -oP 'ignored errors:\s+\K\d+' "$dir/run.log")
echo "$workload: $ops queries, $tps tps, p95 ${p95} ms, errors $errs (threads $threads, ${time}s)"
total=0
for r in "${roles[@]}"; do
  after=$(ticks "$(cat "$dir/$r/pid")")
  cs=$(( $(switches "$(cat "$dir/$r/pid")") - ${cs_before[$r]} ))
  us=$(( (after - ${before[$r]}) * 1000000 / hz ))
  pf=$(( $(faults "$(cat "$dir/$r/pid")") - ${faults_before[$r]} ))
  total=$((total + us))
  printf '  %-6s %8.1f us/query %6.2f context switches/query %6.2f page faults/query\n' "$r" "$(echo "$us / $ops" | bc -l)" "$(echo "$cs / $ops" | bc -l)" "$(echo "$pf / $ops" | bc -l)"
done
printf '  %-6s %8.1f us/query\n' cluster "$(echo "$total / $ops" | bc -l)"
printf '  %-6s %8.1f us/query (approx.)\n' sysbench "$(echo "($sb_after - $sb_before) * 1000000 / $hz / $ops" | bc -l)"
