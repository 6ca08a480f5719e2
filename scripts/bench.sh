#!/usr/bin/env bash
# Benchmarks.
#   scripts/bench.sh [sysbench]   start a cluster under run/bench (ports +1000), run sysbench 1.0
#                                 oltp_point_select, oltp_insert, oltp_update_non_index, oltp_read_write
#                                 (sysbench's default --db-ps-mode=auto, 4 tables x 10,000 rows, 16 threads, 30 s each),
#                                 print tps and p95 per workload, stop the cluster.
#   scripts/bench.sh rpc          RPC echo round trips/s (1 caller, 16 callers) over loopback.
#   scripts/bench.sh merge        start a cluster under run/mergebench (ports +2000, merge_release_grace=1s), load
#                                 BENCH_ROWS (default 1000000) sysbench-like rows, point selects (BENCH_THREADS, BENCH_TIME)
#                                 with the data in the UPS, major freeze + merge timing, point selects from tablets,
#                                 block cache hit ratio; stops the cluster. BENCH_COMPRESSION=none|lz4|zstd|deflate|brotli sets the table's COMPRESSION; BENCH_PORT_OFFSET (2000) moves its ports.
#   scripts/bench.sh ups          autocommit inserts through the UpdateServer RPC, 1/16/64 writers, fsync on.
#   scripts/bench.sh ups-apply    autocommit inserts straight into an UpdateEngine, no RPC (BENCH_THREADS writers, default 64).
#   scripts/bench.sh ups-restart  restart time of a SIGKILLed UPS holding BENCH_ROWS (500000) rows: whole log vs dump.
#   scripts/bench.sh mariadb      the same sysbench workloads against MariaDB (innodb_flush_log_at_trx_commit=1),
#                                 the comparison peer (e.g. BENCH_WORKLOADS=oltp_insert).
#   scripts/bench.sh compare      the cluster and MariaDB side by side, measured in turns for BENCH_ROUNDS (3) rounds
#                                 (order swapped each round): for each data placement (BENCH_DATA, "ups merged": rows
#                                 only in the UpdateServer, then after a major freeze and merge into tablets), each
#                                 --db-ps-mode (BENCH_PS_MODES, "disable auto"), each thread count (BENCH_THREAD_COUNTS,
#                                 "16 64") and workload (BENCH_WORKLOADS, default the five of issue 21; the index workloads
#                                 select_random_points, select_random_ranges, oltp_update_index read and write through
#                                 sysbench's k_1 index): medians, the paired ratio with its 95% interval, p99 latency
#                                 (BENCH_PERCENTILE), each side's change from the first thread count to the others, the
#                                 ChunkServers' block/row cache hit ratios, and a summary table at the end. BENCH_REUSE=1 keeps
#                                 the loaded data (BENCH_DIR and BENCH_DIR.mariadb) for the next run of the same shape, e.g. the
#                                 1 M-row table: BENCH_TABLES=1 BENCH_ROWS=1000000 BENCH_DATA=merged BENCH_REUSE=1
#                                 BENCH_CLUSTER_ARGS="--set block_cache_size=N --set row_cache_size=N" (bytes per ChunkServer).
#   scripts/bench.sh ab COMMIT    this tree against an earlier commit of itself (built in a temporary worktree), both
#                                 clusters up at once and measured in turns as compare does, paired ratio per workload
#                                 (BENCH_WORKLOADS, default oltp_point_select oltp_insert; each --db-ps-mode of
#                                 BENCH_PS_MODES, default BENCH_PS_MODE): "no slower after a refactoring".
#   scripts/bench.sh replication  UpdateServer replication modes side by side (issue 23): a cluster in majority mode with
#                                 3 UpdateServers ("ours", ports +BENCH_PORT_OFFSET) and one in 0.4 shipping mode with 2
#                                 (ports +500 more), both up at once and measured in turns as compare does, BENCH_ROUNDS (5)
#                                 rounds of BENCH_WORKLOADS (oltp_insert) at BENCH_THREADS (16): the paired ratio majority /
#                                 shipping with its 95% interval (issue 23's target: at least 0.7).
#   scripts/bench.sh profile      the cluster alone: per transaction, each role's CPU, context switches, allocations, RPCs
#                                 and stage times (scripts/bench_profile.sh), for BENCH_WORKLOADS (oltp_point_select
#                                 oltp_read_only), BENCH_PS_MODES and BENCH_DATA as compare (BENCH_TIME 10 s per run);
#                                 each role's CPU with no load for BENCH_IDLE s (5) before each run, per tx at its tps.
#   scripts/bench.sh scale [--quick]  per-role scaling: a matrix of cluster shapes (MergeServers 1-4, ChunkServers 1-4,
#                                 UPS alone and with a backup), every role CPU-capped, sysbench point_select, read_only,
#                                 read_write and insert on each; scale-results/<timestamp>/ gets results.csv, report.md
#                                 (the bottleneck role per shape) and charts (scripts/bench-scale.sh).
#   scripts/bench.sh jepsen --nemesis kill|pause|partition|all --time S [--replication shipping|majority]
#                                 a checked Jepsen-style run (registers, bank, list append) under a nemesis; prints the
#                                 verdict, leaves the history in jepsen-results/<timestamp>/ (scripts/bench-jepsen.sh).
#   scripts/bench.sh drills [--runs 5] [--drill NAME]  the UpdateServer drills of issue 23 (kill-master, kill-followers,
#                                 partition-master, pause-master, switch), each --runs times on one majority-mode cluster of
#                                 3 UpdateServers, every role on a simulated host of its own, 16 writers; a table of acknowledged / lost / failed
#                                 writes and the time until writes resumed per run (scripts/bench-jepsen.sh --drills).
#   scripts/bench.sh join         two-table join, both servers: BENCH_JOIN_ORDERS (1000000) orders x BENCH_JOIN_CUSTOMERS
#                                 (100000) customers (orders keyed by customer_id); a selective join by customer
#                                 (BENCH_JOIN_LOOKUPS, 200 random customers, one session) and a full grouped join
#                                 (BENCH_JOIN_REPEAT, 3 runs); prints both servers' times.
# Environment: BENCH_TIME (s, default 30), BENCH_THREADS (16), BENCH_TABLES (4), BENCH_ROWS (10000),
# BENCH_PS_MODE (auto: server-side prepared statements, sysbench's default; disable: text queries),
# BENCH_WORKLOADS (space-separated list), BENCH_WARMUP (s of unmeasured load before each workload, 5), BENCH_DIR (the cluster's directory;
# removed and recreated: every run starts from an empty cluster), BENCH_PORT_OFFSET (the cluster's port offset, 1000),
# BENCH_MARIADB_PORT (3406): change both to run beside another benchmark. compare and profile take lists instead of
# BENCH_PS_MODE and BENCH_THREADS: BENCH_PS_MODES ("disable auto"), BENCH_THREAD_COUNTS (compare: "16 64"), and
# BENCH_DATA ("ups merged"); BENCH_PERCENTILE is the latency percentile reported (95; compare 99).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=${1:-sysbench}
offset=${BENCH_PORT_OFFSET:-1000}
ob_port=$((2880 + offset))
mport=${BENCH_MARIADB_PORT:-3406}
peer=mariadb   # what compare_workload measures "ours" against on $mport ($mdir): MariaDB, or for `ab` the earlier commit
me=oceanclassic   # compare_workload's name for "ours" (replication: majority)
pct=${BENCH_PERCENTILE:-95}
[ "$mode" = compare ] && pct=${BENCH_PERCENTILE:-99}
"$root/scripts/deps.sh"

# sysbench against 127.0.0.1:$BENCH_PORT, database sbtest (already created); logs into $1.
sb_common() {
  sb=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$BENCH_PORT" --mysql-user=root --mysql-password=
      --mysql-db=sbtest --db-ps-mode="${BENCH_PS_MODE:-auto}" --tables="${BENCH_TABLES:-4}" --table-size="${BENCH_ROWS:-10000}")
}

sb_prepare() {
  local dir=$1; sb_common
  echo "$BENCH_LABEL: preparing ${BENCH_TABLES:-4} tables x ${BENCH_ROWS:-10000} rows..."
  sysbench oltp_read_write "${sb[@]}" --threads=4 prepare >"$dir/prepare.log" 2>&1 || { cat "$dir/prepare.log"; exit 1; }
}

# Both servers get the same unmeasured warm-up first (sysbench 1.0 has no --warmup-time): the
# cluster's roles are fresh processes whose hot paths are still being JIT-compiled.
sb_warmup() {
  local dir=$1 w=$2; sb_common
  [ "${BENCH_WARMUP:-5}" -gt 0 ] || return 0
  sysbench "$w" "${sb[@]}" --threads="${BENCH_THREADS:-16}" --time="${BENCH_WARMUP:-5}" run >"$dir/$w.warmup.log" 2>&1 || { echo "$w warm-up failed:"; tail -20 "$dir/$w.warmup.log"; exit 1; }
}

# Whole-machine CPU ticks from /proc/stat: "busy idle" (idle counts iowait). Per-process figures miss
# the loopback softirqs and block-layer kworkers a server causes; these do not.
machine_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6; exit}' /proc/stat; }

# One measured run; prints a result row and leaves the tps in $sb_tps. cpu_us/tx is the whole
# machine's busy CPU (sysbench included) per transaction, idle% the share of the run it sat idle.
sb_measure() {
  local dir=$1 w=$2 log qps p95 errs busy0 idle0 busy1 idle1 tx cpu idle; sb_common
  log="$dir/$w.${3:-run}.log"
  read -r busy0 idle0 < <(machine_ticks)
  sysbench "$w" "${sb[@]}" --threads="${BENCH_THREADS:-16}" --time="${BENCH_TIME:-30}" --percentile="$pct" --report-interval=0 run >"$log" 2>&1 || { echo "$w failed:"; tail -20 "$log"; exit 1; }
  read -r busy1 idle1 < <(machine_ticks)
  sb_tps=$(grep -oP 'transactions:\s+\d+\s+\(\K[0-9.]+' "$log" || echo "?")
  tx=$(grep -oP 'transactions:\s+\K\d+' "$log" || echo 0)
  qps=$(grep -oP 'queries:\s+\d+\s+\(\K[0-9.]+' "$log" || echo "?")
  p95=$(grep -oP "${pct}th percentile:\\s+\\K[0-9.]+" "$log" || echo "?")
  errs=$(grep -oP 'ignored errors:\s+\K\d+' "$log" || echo "?")/$(grep -oP 'reconnects:\s+\K\d+' "$log" || echo "?")
  cpu=$( [ "$tx" -gt 0 ] && echo "scale=1; ($busy1 - $busy0) * 1000000 / $(getconf CLK_TCK) / $tx" | bc || echo "?")
  idle=$( [ $((busy1 - busy0 + idle1 - idle0)) -gt 0 ] && echo "scale=1; ($idle1 - $idle0) * 100 / ($busy1 - $busy0 + $idle1 - $idle0)" | bc || echo "?")
  sb_latency=$p95; sb_tx=$tx
  printf '%-14s %-24s %10s %10s %10s %8s %10s %6s\n' "$BENCH_LABEL" "$w" "$sb_tps" "$qps" "$p95" "$errs" "$cpu" "$idle"
}

# The cluster's data into ChunkServer tablets: ALTER SYSTEM MAJOR FREEZE through the MySQL port $1, then
# waits until every ChunkServer merged every tablet to the frozen version and the UPS released the frozen
# MemTable (start the cluster with a short merge_release_grace).
major_freeze_and_merge() {
  local port=$1 rs=127.0.0.1:$((2500 + $2)) frozen started released
  started=$(date +%s)
  mysql -h127.0.0.1 -P"$port" -uroot --protocol=tcp -e "ALTER SYSTEM MAJOR FREEZE"
  frozen=$("$root/ObClient/ObAdmin/bin/Release/net10.0/OceanClassic.ObAdmin" status "$rs" | awk '$1 == "frozen_version" { print $2 }')
  until mysql -h127.0.0.1 -P"$port" -uroot --protocol=tcp -N -B -e "SELECT merged_version, tablets_total, tablets_merged FROM __all_merge_stat" |
        awk -v f="$frozen" '{ n++; if ($1 + 0 < f + 0 || $2 != $3) bad = 1 } END { exit !(n > 0 && !bad) }'; do
    sleep 0.5
  done
  while true; do
    released=$("$root/ObClient/ObAdmin/bin/Release/net10.0/OceanClassic.ObAdmin" status "$rs" | awk '$1 == "released_version" { print $2 }')
    [ "${released:-0}" -ge "$frozen" ] && break
    sleep 0.5
  done
  echo "major freeze to version $frozen: merged into tablets and released by the UPS in $(( $(date +%s) - started )) s"
}

header() { printf '%-14s %-24s %10s %10s %10s %8s %10s %6s\n' server workload tps qps "p${pct}_ms" err/recon cpu_us/tx idle%; }

run_sysbench() {
  local dir=$1 w
  sb_prepare "$dir"
  header
  for w in ${BENCH_WORKLOADS:-oltp_point_select oltp_insert oltp_update_non_index oltp_read_write}; do
    sb_warmup "$dir" "$w"
    sb_measure "$dir" "$w"
  done
}

# A fresh cluster under $1 (ports +$2), as MariaDB gets a fresh datadir: rows left by earlier runs
# would be replayed into the UPS MemTable (and dumped mid-run once it passes active_mem_limit).
# $3: the source tree whose cluster.sh builds and starts it (this one by default; `ab` passes an earlier commit's).
start_cluster() {
  local dir=$1 offset=$2 tree=${3:-$root}
  "$tree/scripts/cluster.sh" stop --dir "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir"
  "$tree/scripts/cluster.sh" start --dir "$dir" --port-offset "$offset" ${BENCH_CLUSTER_ARGS:-}
  # obadmin status below proves the cluster's secret (an earlier commit's cluster.sh writes none)
  if [ -f "$dir/cluster_secret" ]; then export OB_CLUSTER_SECRET_FILE="$dir/cluster_secret"; else unset OB_CLUSTER_SECRET_FILE; fi
  mysql -h127.0.0.1 -P$((2880 + offset)) -uroot --protocol=tcp -e "DROP DATABASE IF EXISTS sbtest; CREATE DATABASE sbtest"
}

# With BENCH_REUSE: whether the directory $1 holds the data of this run's shape (BENCH_TABLES x BENCH_ROWS, written
# to its bench_shape by the run that loaded it). Rows a run merged into tablets (bench_merged) stay there, so a reused
# cluster measures only BENCH_DATA=merged: asking for ups then is an error.
reusable_load() {
  [ -n "${BENCH_REUSE:-}" ] && [ "$(cat "$1/bench_shape" 2>/dev/null)" = "tables=${BENCH_TABLES:-4} rows=${BENCH_ROWS:-10000}" ] || return 1
  [ ! -f "$1/bench_merged" ] || [[ " ${BENCH_DATA:-ups merged} " != *" ups "* ]] ||
    { echo "BENCH_DATA includes ups, but an earlier run merged the rows in $1 into tablets: use BENCH_DATA=merged or drop BENCH_REUSE" >&2; exit 2; }
}

# The cluster under $1 (ports +$2) started again on the data it holds (compare with BENCH_REUSE): waits
# until the MergeServer answers a read of sbtest1 (the UpdateServer replays its log first).
restart_cluster() {
  local dir=$1 offset=$2
  "$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null 2>&1 || true
  "$root/scripts/cluster.sh" start --dir "$dir" --port-offset "$offset" ${BENCH_CLUSTER_ARGS:-}
  export OB_CLUSTER_SECRET_FILE="$dir/cluster_secret"
  for _ in $(seq 1 600); do
    mysql -h127.0.0.1 -P$((2880 + offset)) -uroot --protocol=tcp -e "SELECT id FROM sbtest.sbtest1 WHERE id = 1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "the restarted cluster in $dir does not answer reads of sbtest.sbtest1" >&2; exit 1
}

# The ChunkServers' block and row cache counters of the cluster under $1 (ports +$2), summed over
# every ChunkServer: "block_hits block_misses row_hits row_misses".
cs_cache_counters() {
  profile_snapshot "$1" "$2" cs | awk '$2 == "block_cache_hits" { bh += $3 } $2 == "block_cache_misses" { bm += $3 }
    $2 == "row_cache_hits" { rh += $3 } $2 == "row_cache_misses" { rm += $3 } END { print bh + 0, bm + 0, rh + 0, rm + 0 }'
}

# The comparison peer: a private MariaDB (innodb_flush_log_at_trx_commit=1, i.e. fsync per commit,
# buffer pool BENCH_MARIADB_BUFFER_POOL, 1G) on 127.0.0.1:$mport with a fresh datadir under $1, or with
# $2 = reuse the datadir a previous run left there; its pid in $mariadb_pid.
start_mariadb() {
  local dir=$1 reuse=${2:-} server
  command -v mariadbd >/dev/null 2>&1 || command -v mysqld >/dev/null 2>&1 || {
    echo "installing mariadb-server..."
    local sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq mariadb-server >/dev/null 2>&1 || { echo "could not install mariadb-server" >&2; exit 1; }
  }
  server=$(command -v mariadbd || command -v mysqld)
  [ -n "$reuse" ] || mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" --auth-root-authentication-method=normal >"$dir/install.log" 2>&1 || { cat "$dir/install.log"; exit 1; }
  "$server" --no-defaults --datadir="$dir/data" --socket="$dir/sock" --port="$mport" --bind-address=127.0.0.1 \
    --user="$(id -un)" --skip-grant-tables --innodb_flush_log_at_trx_commit=1 --innodb_buffer_pool_size="${BENCH_MARIADB_BUFFER_POOL:-1G}" \
    --max_connections=200 --log-error="$dir/error.log" &
  mariadb_pid=$!
  for _ in $(seq 1 300); do mysql -h127.0.0.1 -P"$mport" -uroot --protocol=tcp -e "select 1" >/dev/null 2>&1 && break; sleep 0.2; done
  [ -n "$reuse" ] || mysql -h127.0.0.1 -P"$mport" -uroot --protocol=tcp -e "CREATE DATABASE sbtest"
}

# The join benchmark's tables in database joinbench on 127.0.0.1:$1: customers (id, name, region) and
# orders (id, customer_id KEY, amount), filled with multi-row INSERTs (deterministic values).
join_load() {
  local port=$1 customers=${BENCH_JOIN_CUSTOMERS:-100000} orders=${BENCH_JOIN_ORDERS:-1000000}
  mysql -h127.0.0.1 -P"$port" -uroot --protocol=tcp -e "DROP DATABASE IF EXISTS joinbench; CREATE DATABASE joinbench;
    CREATE TABLE joinbench.customers (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL, region VARCHAR(10) NOT NULL);
    CREATE TABLE joinbench.orders (id INT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(10,2) NOT NULL, KEY customer_id (customer_id))"
  awk -v n="$customers" 'BEGIN { for (i = 1; i <= n; i++) { if ((i - 1) % 1000 == 0) printf "%sINSERT INTO customers VALUES ", (i > 1 ? ";\n" : "");
    else printf ","; printf "(%d,'"'"'customer %d'"'"','"'"'r%d'"'"')", i, i, i % 20 } print ";" }' |
    mysql -h127.0.0.1 -P"$port" -uroot --protocol=tcp joinbench
  awk -v n="$orders" -v c="$customers" 'BEGIN { for (i = 1; i <= n; i++) { if ((i - 1) % 1000 == 0) printf "%sINSERT INTO orders VALUES ", (i > 1 ? ";\n" : "");
    else printf ","; printf "(%d,%d,%d.%02d)", i, (i * 7919) % c + 1, (i * 31) % 1000, i % 100 } print ";" }' |
    mysql -h127.0.0.1 -P"$port" -uroot --protocol=tcp joinbench
}

# Seconds (3 decimals) a script of statements takes on 127.0.0.1:$1 in one session; the rows go to $2.
join_time() {
  local port=$1 out=$2 start end
  start=$(date +%s.%N)
  mysql -h127.0.0.1 -P"$port" -uroot --protocol=tcp --batch joinbench >"$out" || { echo "join query failed on port $port" >&2; exit 1; }
  end=$(date +%s.%N)
  echo "scale=3; ($end - $start) / 1" | bc
}

# Loads both servers, then runs the selective join (one session, BENCH_JOIN_LOOKUPS customers) and the
# full grouped join (BENCH_JOIN_REPEAT times) on each in turn; prints the times and checks the answers agree.
join_bench() {
  local dir=$1 lookups=${BENCH_JOIN_LOOKUPS:-200} repeat=${BENCH_JOIN_REPEAT:-3} customers=${BENCH_JOIN_CUSTOMERS:-100000} side port t
  for side in oceanclassic mariadb; do
    port=$([ "$side" = oceanclassic ] && echo "$ob_port" || echo "$mport")
    t=$(date +%s); join_load "$port"; echo "$side: loaded ${BENCH_JOIN_ORDERS:-1000000} orders x $customers customers in $(( $(date +%s) - t )) s"
  done
  awk -v n="$lookups" -v c="$customers" 'BEGIN { srand(42); for (i = 0; i < n; i++)
    printf "SELECT c.name, COUNT(*), SUM(o.amount) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = %d GROUP BY c.name;\n", int(rand() * c) + 1 }' >"$dir/selective.sql"
  : >"$dir/grouped.sql"
  for _ in $(seq 1 "$repeat"); do
    echo "SELECT c.region, COUNT(*), SUM(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY c.region ORDER BY c.region;" >>"$dir/grouped.sql"
  done
  printf '%-14s %-44s %10s %12s\n' server query seconds per_query_ms
  for side in oceanclassic mariadb; do
    port=$([ "$side" = oceanclassic ] && echo "$ob_port" || echo "$mport")
    t=$(join_time "$port" "$dir/$side.selective.out" <"$dir/selective.sql")
    printf '%-14s %-44s %10s %12s\n' "$side" "selective join by customer (x$lookups)" "$t" "$(echo "scale=2; $t * 1000 / $lookups" | bc)"
    t=$(join_time "$port" "$dir/$side.grouped.out" <"$dir/grouped.sql")
    printf '%-14s %-44s %10s %12s\n' "$side" "full grouped join by region (x$repeat)" "$t" "$(echo "scale=1; $t * 1000 / $repeat" | bc)"
  done
  for q in selective grouped; do
    cmp -s "$dir/oceanclassic.$q.out" "$dir/mariadb.$q.out" && echo "$q: same answers" || echo "$q: ANSWERS DIFFER (see $dir/*.$q.out)"
  done
}

# The workloads among $2... that belong to pass $1: "reads" (sysbench workloads that only read) or "writes".
workloads_of_pass() {
  local pass=$1 w; shift
  for w in "$@"; do
    case "$w" in
      oltp_point_select|oltp_read_only|select_random_points|select_random_ranges) [ "$pass" = reads ] && echo "$w" ;;
      *) [ "$pass" = writes ] && echo "$w" ;;
    esac
  done
  return 0
}

median() { sort -n | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# Lines "ours theirs" of rounds measured side by side → the geometric mean of the per-round ratios
# and its 95% confidence interval (Student's t): the pairing cancels the machine's drift between rounds.
paired_ratio() {
  awk 'BEGIN { split("12.706 4.303 3.182 2.776 2.571 2.447 2.365 2.306 2.262 2.228 2.201 2.179 2.160 2.145 2.131 " \
                     "2.120 2.110 2.101 2.093 2.086 2.080 2.074 2.069 2.064 2.060 2.056 2.052 2.048 2.045 2.042", t, " ") }
       $2 > 0 { l[++n] = log($1 / $2); s += l[n] }
       END {
         if (n == 0) { print "?"; exit }
         m = s / n
         if (n < 2) { printf "%.3f (one round: no interval)\n", exp(m); exit }
         for (i = 1; i <= n; i++) v += (l[i] - m) ^ 2
         h = (n - 1 <= 30 ? t[n - 1] : 1.96) * sqrt(v / (n - 1) / n)
         printf "%.3f (95%% interval %.3f to %.3f)\n", exp(m), exp(m - h), exp(m + h)
       }'
}

# One workload on both servers (started and prepared): the same warm-up each, then BENCH_ROUNDS rounds in
# turns. Prints the rounds, medians and the paired ratio; leaves compare_ours, compare_theirs (median tps),
# compare_ratio and compare_lat ("ours/theirs" median latency at the percentile) for the summary. With
# cache_stats set (compare), also the ChunkServers' block and row cache hit ratios over "ours"'s measured
# rounds and block cache lookups per transaction, in compare_cache.
compare_workload() {
  local w=$1 rounds=${BENCH_ROUNDS:-3} r side ours=() theirs=() lat_ours=() lat_theirs=() won=0 cache0="" ours_tx=0
  header
  BENCH_PORT=$ob_port BENCH_LABEL=$me sb_warmup "$dir" "$w"
  BENCH_PORT=$mport BENCH_LABEL=$peer sb_warmup "$mdir" "$w"
  [ -z "${cache_stats:-}" ] || cache0=$(cs_cache_counters "$dir" "$offset")
  for r in $(seq 1 "$rounds"); do
    for side in $( [ $((r % 2)) = 1 ] && echo "ours theirs" || echo "theirs ours"); do
      if [ "$side" = ours ]; then
        BENCH_PORT=$ob_port BENCH_LABEL=$me sb_measure "$dir" "$w" "round$r"; ours+=("$sb_tps"); lat_ours+=("$sb_latency"); ours_tx=$((ours_tx + sb_tx))
      else
        BENCH_PORT=$mport BENCH_LABEL=$peer sb_measure "$mdir" "$w" "round$r"; theirs+=("$sb_tps"); lat_theirs+=("$sb_latency")
      fi
    done
  done
  compare_ours=$(printf '%s\n' "${ours[@]}" | median); compare_theirs=$(printf '%s\n' "${theirs[@]}" | median)
  compare_lat="$(printf '%s\n' "${lat_ours[@]}" | median)/$(printf '%s\n' "${lat_theirs[@]}" | median)"
  for r in $(seq 0 $((rounds - 1))); do
    if [ "$(echo "${ours[$r]} >= ${theirs[$r]}" | bc)" = 1 ]; then won=$((won + 1)); fi
  done
  compare_ratio=$(for r in $(seq 0 $((rounds - 1))); do echo "${ours[$r]} ${theirs[$r]}"; done | paired_ratio)
  printf '%s median of %s rounds: %s %s tps, %s %s tps, ratio %s; %s ahead in %s of %s rounds\n' \
    "$w" "$rounds" "$me" "$compare_ours" "$peer" "$compare_theirs" "$(echo "scale=3; $compare_ours / $compare_theirs" | bc)" "$me" "$won" "$rounds"
  printf '%s paired ratio of the rounds (geometric mean): %s; p%s latency %s ms (%s/%s); load average %s\n' "$w" "$compare_ratio" "$pct" "$compare_lat" "$me" "$peer" "$(uptime | sed 's/.*load average: //')"
  compare_cache=-
  [ -n "$cache0" ] || return 0
  compare_cache=$(echo "$cache0 $(cs_cache_counters "$dir" "$offset") $ours_tx" | awk '{
      bh = $5 - $1; bm = $6 - $2; rh = $7 - $3; rm = $8 - $4
      printf "%s/%s %.2f", (bh + bm ? sprintf("%.3f", bh / (bh + bm)) : "-"), (rh + rm ? sprintf("%.3f", rh / (rh + rm)) : "-"), $9 ? (bh + bm) / $9 : 0 }')
  printf '%s ChunkServer caches over %s'"'"'s measured rounds: block/row hit ratio and block lookups per transaction %s\n' "$w" "$me" "$compare_cache"
}

case "$mode" in
  compare)
    # Both servers up at once and measured in turns (the order swapped every round), so the drift of
    # a shared machine's speed over minutes does not favour whichever ran first.
    # BENCH_REUSE=1 keeps both servers' data for the next run of the same shape (BENCH_TABLES x BENCH_ROWS):
    # the cluster in $dir, MariaDB's datadir in $dir.mariadb; a run that finds both loaded with that shape
    # restarts them on it instead of preparing again (a 1 M-row prepare takes minutes; reusable_load).
    # shellcheck source=scripts/bench_profile.sh
    . "$root/scripts/bench_profile.sh"
    dir=${BENCH_DIR:-$root/run/bench}
    shape="tables=${BENCH_TABLES:-4} rows=${BENCH_ROWS:-10000}"
    if [ -n "${BENCH_REUSE:-}" ]; then mdir=$dir.mariadb; else mdir=$(mktemp -d); fi
    trap '[ -n "${mariadb_pid:-}" ] && { kill $mariadb_pid 2>/dev/null; wait $mariadb_pid 2>/dev/null; }; [ -n "${BENCH_REUSE:-}" ] || rm -rf "$mdir"; "$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null' EXIT
    export BENCH_CLUSTER_ARGS="${BENCH_CLUSTER_ARGS:-} --set merge_release_grace=1s"
    if reusable_load "$dir" && reusable_load "$mdir"; then
      echo "reusing the loaded cluster in $dir and MariaDB in $mdir ($shape)"
      restart_cluster "$dir" "$offset"
      start_mariadb "$mdir" reuse
    else
      rm -rf "$mdir"; mkdir -p "$mdir"
      start_cluster "$dir" "$offset"
      start_mariadb "$mdir"
      BENCH_PORT=$ob_port BENCH_LABEL=oceanclassic sb_prepare "$dir"
      BENCH_PORT=$mport BENCH_LABEL=mariadb sb_prepare "$mdir"
      echo "$shape" >"$dir/bench_shape"; echo "$shape" >"$mdir/bench_shape"
    fi
    grep -h "^block_cache_size\|^row_cache_size" "$dir/sets" | sed 's/^/chunkserver /' || true
    cache_stats=1
    declare -A summary_ours summary_theirs summary_ratio summary_lat summary_cache
    cases=()
    for data in ${BENCH_DATA:-ups merged}; do
      [ "$data" = merged ] && { major_freeze_and_merge "$ob_port" "$offset"; touch "$dir/bench_merged"; }
      # Every mode's and thread count's reads first, then the workloads that write: the rows a write
      # workload leaves in the UPS change what every later read costs there (issue 21), so a mode measured
      # after another mode's writes would not read the same data state.
      for pass in reads writes; do
        for BENCH_PS_MODE in ${BENCH_PS_MODES:-disable auto}; do
          export BENCH_PS_MODE
          for BENCH_THREADS in ${BENCH_THREAD_COUNTS:-16 64}; do
            export BENCH_THREADS
            workloads=$(workloads_of_pass "$pass" ${BENCH_WORKLOADS:-oltp_point_select oltp_read_only oltp_read_write oltp_update_non_index oltp_insert})
            [ -n "$workloads" ] || continue
            echo "== data $data, --db-ps-mode=$BENCH_PS_MODE, $BENCH_THREADS threads"
            for w in $workloads; do
              compare_workload "$w"
              key="$data $BENCH_PS_MODE $BENCH_THREADS $w"; cases+=("$key")
              summary_ours[$key]=$compare_ours; summary_theirs[$key]=$compare_theirs
              summary_ratio[$key]=$compare_ratio; summary_lat[$key]=$compare_lat; summary_cache[$key]=$compare_cache
            done
          done
        done
      done
    done
    echo "== summary (median tps of the rounds; ratio = paired ratio with its 95% interval; p${pct} ms medians, ours/theirs;"
    echo "   cs caches = the ChunkServers' block/row cache hit ratios and block lookups per transaction; $shape; load average $(uptime | sed 's/.*load average: //')"
    printf '%-7s %-8s %4s %-24s %11s %11s  %-40s %-14s %-20s %s\n' data ps thr workload oceanclassic mariadb "paired ratio" "p${pct}_ms" "cs caches"
    first_threads=$(echo "${BENCH_THREAD_COUNTS:-16 64}" | awk '{print $1}')
    for key in "${cases[@]}"; do
      read -r data ps threads w <<<"$key"
      change=""
      base="$data $ps $first_threads $w"
      if [ "$threads" != "$first_threads" ] && [ -n "${summary_ours[$base]:-}" ]; then
        change=$(awk -v a="${summary_ours[$key]}" -v b="${summary_ours[$base]}" -v c="${summary_theirs[$key]}" -v d="${summary_theirs[$base]}" -v t="$first_threads" \
          'BEGIN { printf "  vs %s threads: oceanclassic %+.0f%%, mariadb %+.0f%%", t, (a / b - 1) * 100, (c / d - 1) * 100 }')
      fi
      printf '%-7s %-8s %4s %-24s %11s %11s  %-40s %-14s %-20s%s\n' "$data" "$ps" "$threads" "$w" "${summary_ours[$key]}" "${summary_theirs[$key]}" \
        "${summary_ratio[$key]}" "${summary_lat[$key]}" "${summary_cache[$key]}" "$change"
    done
    ;;
  ab)
    # This tree against an earlier commit of itself (`scripts/bench.sh ab COMMIT`), e.g. before and after a
    # refactoring: the earlier commit is checked out in a temporary worktree, both clusters are built and
    # up at once (the earlier one at BENCH_PORT_OFFSET + 500) and measured in turns as compare does;
    # BENCH_WORKLOADS defaults to oltp_point_select and oltp_insert. "ours" is this tree.
    # BENCH_AB_TREE: a checkout of COMMIT already built (e.g. outside a benchmark lock), used instead of a
    # temporary worktree and left in place.
    base=${2:?usage: scripts/bench.sh ab COMMIT}
    dir=${BENCH_DIR:-$root/run/bench}
    btree=$(mktemp -d); mdir=$btree/cluster; boffset=$((offset + 500)); mport=$((2880 + boffset)); peer=base
    trap '"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null; "$btree/src/scripts/cluster.sh" stop --dir "$mdir" >/dev/null 2>&1; [ -L "$btree/src" ] || git -C "$root" worktree remove --force "$btree/src" 2>/dev/null; rm -rf "$btree"' EXIT
    if [ -n "${BENCH_AB_TREE:-}" ]; then
      [ "$(git -C "$BENCH_AB_TREE" rev-parse HEAD)" = "$(git -C "$root" rev-parse "$base^{commit}")" ] ||
        { echo "BENCH_AB_TREE $BENCH_AB_TREE is not a checkout of $base" >&2; exit 2; }
      ln -s "$BENCH_AB_TREE" "$btree/src"
    else
      git -C "$root" worktree add --detach -q "$btree/src" "$base"
    fi
    echo "base: $(git -C "$root" log --oneline -1 "$base" | cut -c1-100)"
    echo "ours: $(git -C "$root" log --oneline -1 HEAD | cut -c1-100)$(git -C "$root" diff --quiet HEAD || echo ' + uncommitted changes')"
    start_cluster "$dir" "$offset"
    start_cluster "$mdir" "$boffset" "$btree/src"
    BENCH_PORT=$ob_port BENCH_LABEL=oceanclassic sb_prepare "$dir"
    BENCH_PORT=$mport BENCH_LABEL=base sb_prepare "$mdir"
    # Each --db-ps-mode of BENCH_PS_MODES (default BENCH_PS_MODE) in turn, on the one pair of clusters.
    for BENCH_PS_MODE in ${BENCH_PS_MODES:-${BENCH_PS_MODE:-auto}}; do
      export BENCH_PS_MODE
      echo "--db-ps-mode=$BENCH_PS_MODE"
      for w in ${BENCH_WORKLOADS:-oltp_point_select oltp_insert}; do
        compare_workload "$w"
      done
    done
    ;;
  replication)
    # Majority mode with 3 UpdateServers against 0.4 shipping mode with 2 (the default wait_slave_sync_type=2: each write
    # waits for the backup's fsync), the same build, both up at once and measured in turns; "ours" is majority.
    dir=${BENCH_DIR:-$root/run/bench}
    sdir=${dir}-shipping; soffset=$((offset + 500)); mport=$((2880 + soffset)); mdir=$sdir; peer=shipping; me=majority
    trap '"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null; "$root/scripts/cluster.sh" stop --dir "$sdir" >/dev/null 2>&1' EXIT
    BENCH_CLUSTER_ARGS="${BENCH_CLUSTER_ARGS:-} --ups 3 --set ups_replication=majority" start_cluster "$dir" "$offset"
    export CLUSTER_SKIP_BUILD=1
    BENCH_CLUSTER_ARGS="${BENCH_CLUSTER_ARGS:-} --ups 2 --set ups_replication=shipping" start_cluster "$sdir" "$soffset"
    BENCH_PORT=$ob_port BENCH_LABEL=majority sb_prepare "$dir"
    BENCH_PORT=$mport BENCH_LABEL=shipping sb_prepare "$sdir"
    mysql -h127.0.0.1 -P"$ob_port" -uroot --protocol=tcp -N -B -e "SELECT address, role, replication, term FROM __all_ups_stat" | sed 's/^/majority: /'
    mysql -h127.0.0.1 -P"$mport" -uroot --protocol=tcp -N -B -e "SELECT address, role, replication, term FROM __all_ups_stat" | sed 's/^/shipping: /'
    export BENCH_THREADS=${BENCH_THREADS:-16} BENCH_ROUNDS=${BENCH_ROUNDS:-5}
    for w in ${BENCH_WORKLOADS:-oltp_insert}; do
      compare_workload "$w"
    done
    ;;
  profile)
    # shellcheck source=scripts/bench_profile.sh
    . "$root/scripts/bench_profile.sh"
    profile_main
    ;;
  scale)
    exec "$root/scripts/bench-scale.sh" "${@:2}"
    ;;
  jepsen)
    exec "$root/scripts/bench-jepsen.sh" "${@:2}"
    ;;
  drills)
    exec "$root/scripts/bench-jepsen.sh" --drills "${@:2}"
    ;;
  join)
    dir=${BENCH_DIR:-$root/run/joinbench}
    mdir=$(mktemp -d)
    trap '[ -n "${mariadb_pid:-}" ] && { kill $mariadb_pid 2>/dev/null; wait $mariadb_pid 2>/dev/null; }; rm -rf "$mdir"; "$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null' EXIT
    start_cluster "$dir" "$offset"
    start_mariadb "$mdir"
    join_bench "$dir"
    ;;
  rpc)
    exec dotnet run -c Release --project "$root/tests/Benchmarks" -- rpc
    ;;
  ups)
    dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly
    exec dotnet run -c Release --no-build --project "$root/tests/Benchmarks" -- ups "${BENCH_TIME:-10}"
    ;;
  ups-apply)
    dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly
    exec dotnet run -c Release --no-build --project "$root/tests/Benchmarks" -- ups-apply "${BENCH_THREADS:-64}" "${BENCH_TIME:-5}"
    ;;
  ups-restart)
    dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly
    exec dotnet run -c Release --no-build --project "$root/tests/Benchmarks" -- ups-restart "${BENCH_ROWS:-500000}"
    ;;
  mariadb)
    dir=$(mktemp -d)
    trap '[ -n "${mariadb_pid:-}" ] && { kill $mariadb_pid 2>/dev/null; wait $mariadb_pid 2>/dev/null; }; rm -rf "$dir"' EXIT
    start_mariadb "$dir"
    BENCH_PORT=$mport BENCH_LABEL="mariadb" run_sysbench "$dir"
    ;;
  merge)
    dir=${BENCH_DIR:-$root/run/mergebench}
    offset=${BENCH_PORT_OFFSET:-2000}
    "$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null 2>&1 || true
    rm -rf "$dir"
    dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly
    "$root/scripts/cluster.sh" start --dir "$dir" --port-offset $offset --set merge_release_grace=1s --set log_sync_type=0 ${BENCH_CLUSTER_ARGS:-}
    export OB_CLUSTER_SECRET_FILE="$dir/cluster_secret"
    trap '"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null' EXIT
    dotnet run -c Release --no-build --project "$root/tests/Benchmarks" -- merge $((2880 + offset)) "127.0.0.1:$((2500 + offset))" \
      "${BENCH_ROWS:-1000000}" "${BENCH_TIME:-15}" "${BENCH_THREADS:-8}" "${BENCH_COMPRESSION:-}"
    ;;
  sysbench)
    dir=${BENCH_DIR:-$root/run/bench}
    trap '"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null' EXIT
    start_cluster "$dir" "$offset"
    BENCH_PORT=$ob_port BENCH_LABEL="oceanclassic" run_sysbench "$dir"
    ;;
  *) echo "usage: scripts/bench.sh [sysbench|compare|replication|profile|join|scale [--quick]|jepsen --nemesis N --time S|drills [--runs N]|rpc|ups|ups-restart|mariadb|merge]" >&2; exit 2 ;;
esac
