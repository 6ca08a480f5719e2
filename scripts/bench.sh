#!/usr/bin/env bash
# Benchmarks.
#   scripts/bench.sh [sysbench]   start a cluster under run/bench (ports +1000), run sysbench 1.0
#                                 oltp_point_select, oltp_insert, oltp_update_non_index, oltp_read_write
#                                 (--db-ps-mode=disable, 4 tables x 10,000 rows, 16 threads, 30 s each),
#                                 print tps and p95 per workload, stop the cluster.
#   scripts/bench.sh rpc          RPC echo round trips/s (1 caller, 16 callers) over loopback.
#   scripts/bench.sh merge        start a cluster under run/mergebench (ports +2000, merge_release_grace=1s), load
#                                 BENCH_ROWS (default 1000000) sysbench-like rows, point selects (BENCH_THREADS, BENCH_TIME)
#                                 with the data in the UPS, major freeze + merge timing, point selects from tablets,
#                                 block cache hit ratio; stops the cluster.
#   scripts/bench.sh ups          autocommit inserts through the UpdateServer RPC, 1/16/64 writers, fsync on.
# Environment: BENCH_TIME (s, default 30), BENCH_THREADS (16), BENCH_TABLES (4), BENCH_ROWS (10000),
# BENCH_WORKLOADS (space-separated list), BENCH_DIR.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-sysbench}
"$root/scripts/deps.sh"

case "$mode" in
  rpc)
    exec dotnet run -c Release --project "$root/tests/Benchmarks" -- rpc
    ;;
  ups)
    dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly
    exec dotnet run -c Release --no-build --project "$root/tests/Benchmarks" -- ups "${BENCH_TIME:-10}"
    ;;
  merge)
    dir=${BENCH_DIR:-$root/run/mergebench}
    offset=2000
    dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly
    "$root/scripts/cluster.sh" start --dir "$dir" --port-offset $offset --set merge_release_grace=1s --set log_sync_type=0 ${BENCH_CLUSTER_ARGS:-}
    trap '"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null' EXIT
    dotnet run -c Release --no-build --project "$root/tests/Benchmarks" -- merge $((2880 + offset)) "127.0.0.1:$((2500 + offset))" \
      "${BENCH_ROWS:-1000000}" "${BENCH_TIME:-15}" "${BENCH_THREADS:-8}"
    ;;
  sysbench)
    dir=${BENCH_DIR:-$root/run/bench}
    offset=1000
    port=$((2880 + offset))
    time=${BENCH_TIME:-30}; threads=${BENCH_THREADS:-16}; tables=${BENCH_TABLES:-4}; rows=${BENCH_ROWS:-10000}
    workloads=${BENCH_WORKLOADS:-oltp_point_select oltp_insert oltp_update_non_index oltp_read_write}
    "$root/scripts/cluster.sh" start --dir "$dir" --port-offset $offset ${BENCH_CLUSTER_ARGS:-}
    trap '"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null' EXIT
    mysql -h127.0.0.1 -P$port -uroot --protocol=tcp -e "DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest"
    common=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port=$port --mysql-user=root --mysql-password=
            --mysql-db=sbtest --db-ps-mode=disable --tables=$tables --table-size=$rows)
    echo "preparing $tables tables x $rows rows..."
    sysbench oltp_read_write "${common[@]}" --threads=4 prepare >"$dir/prepare.log" 2>&1 || { cat "$dir/prepare.log"; exit 1; }
    printf '%-24s %10s %10s %10s %8s\n' workload tps qps p95_ms errors
    for w in $workloads; do
      sysbench "$w" "${common[@]}" --threads=$threads --time=$time --percentile=95 --report-interval=0 run >"$dir/$w.log" 2>&1 || { echo "$w failed:"; tail -20 "$dir/$w.log"; exit 1; }
      tps=$(grep -oP 'transactions:\s+\d+\s+\(\K[0-9.]+' "$dir/$w.log" || echo "?")
      qps=$(grep -oP 'queries:\s+\d+\s+\(\K[0-9.]+' "$dir/$w.log" || echo "?")
      p95=$(grep -oP '95th percentile:\s+\K[0-9.]+' "$dir/$w.log" || echo "?")
      errs=$(grep -oP 'ignored errors:\s+\K\d+' "$dir/$w.log" || echo "?")
      printf '%-24s %10s %10s %10s %8s\n' "$w" "$tps" "$qps" "$p95" "$errs"
    done
    ;;
  *) echo "usage: scripts/bench.sh [sysbench|rpc|ups|merge]" >&2; exit 2 ;;
esac
