# shellcheck shell=bash
# The per-transaction profile of scripts/bench.sh profile (sourced by bench.sh; uses its sb_common, sb_warmup,
# start_cluster and major_freeze_and_merge). For each data placement (BENCH_DATA: ups = rows only in the
# UpdateServer, merged = after a major freeze and merge into ChunkServer tablets), each --db-ps-mode
# (BENCH_PS_MODES) and workload (BENCH_WORKLOADS), one sysbench run with, per role kind (rs, ups, cs, ms,
# every instance summed) and for sysbench: CPU µs per transaction (utime+stime from /proc/<pid>/stat),
# context switches per transaction (all threads, /proc/<pid>/task/*/status), allocated bytes per
# transaction, the UpdateServer's lock waits, deadlocks, lock wait timeouts and log writes (commit batches) per
# transaction, and each operation timer's count per transaction and mean µs (from the roles' Status RPC:
# rpc_call.<code> = calls made, send to answer; rpc_serve.<code> = requests served, dispatch to response;
# ms.* = the MergeServer's statement stages), and the ChunkServers' block and row cache hit ratios. Beside each
# role's CPU, idle_us/tx: its CPU over BENCH_IDLE seconds (5; 0 skips) with no load just before the run, per second,
# divided by the run's tps: what the role spends anyway (heartbeats, timers, a fresh process's tiered JIT), not the
# workload (session 21: the ChunkServers' 14 µs per insert was all of it). Packet codes: 201 UPS increment scan, 203 UPS committed
# version, 204/205 UPS begin/end transaction, 300 ChunkServer tablet scan (Common/Wire/PacketCodes.cs).

obadmin_bin="$root/ObClient/ObAdmin/bin/Release/net10.0/OceanClassic.ObAdmin"

# Lines "kind key value" for every role of the cluster under $1 (ports +$2), or only the role kinds
# listed in $3 (e.g. "cs"): cpu ticks, context switches and each Status value (time.* values as two
# numbers: count and µs).
profile_snapshot() {
  local dir=$1 offset=$2 kinds=${3:-} inst kind n pid port
  for inst in "$dir"/*/; do
    inst=$(basename "$inst"); kind=${inst%%[0-9]*}; n=${inst#"$kind"}
    [ -f "$dir/$inst/pid" ] || continue
    [ -z "$kinds" ] || [[ " $kinds " == *" $kind "* ]] || continue
    pid=$(cat "$dir/$inst/pid")
    case "$kind" in rs) port=2500 ;; ups) port=2700 ;; cs) port=2600 ;; ms) port=2800 ;; *) continue ;; esac
    port=$((port + (n - 1) * 10 + offset))
    awk -v k="$kind" '{print k, "cpu_ticks", $14 + $15}' "/proc/$pid/stat"
    # A thread may exit between the glob and its read: cat then fails, which must not end the script.
    { cat /proc/"$pid"/task/*/status 2>/dev/null || true; } | awk -v k="$kind" '/ctxt_switches/{s+=$2} END{print k, "ctxsw", s+0}'
    { OB_CLUSTER_SECRET_FILE="$dir/cluster_secret" "$obadmin_bin" status "127.0.0.1:$port" || echo "obadmin status 127.0.0.1:$port failed" >&2; } | awk -v k="$kind" '$1 ~ /^time\./ && NF == 3 { print k, $1, $2, $3 } $1 !~ /^time\./ && NF == 2 && $2 ~ /^[0-9]+$/ { print k, $1, $2 }'
  done
}

# Lines "kind cpu_ticks value" for every role of the cluster under $1: the idle sample's cheap snapshot.
profile_cpu_ticks() {
  local inst kind
  for inst in "$1"/*/; do
    inst=$(basename "$inst"); kind=${inst%%[0-9]*}
    [ -f "$1/$inst/pid" ] || continue
    awk -v k="$kind" '{print k, "cpu_ticks", $14 + $15}' "/proc/$(cat "$1/$inst/pid")/stat"
  done
}

# Differences of two snapshots per transaction: the profile table of one run.
profile_table() {
  local before=$1 after=$2 tx=$3 sb_ticks=$4 idle0=$5 idle1=$6 idle_s=$7 tps=$8 hz
  hz=$(getconf CLK_TCK)
  awk -v tx="$tx" -v hz="$hz" -v sb="$sb_ticks" -v idle_s="$idle_s" -v tps="$tps" -v f1="$idle0" -v f2="$idle1" '
    FILENAME == f1 { i0[$1] += $3; next }
    FILENAME == f2 { i1[$1] += $3; next }
    FILENAME == ARGV[3] { b[$1 " " $2] += $3; if (NF == 4) bu[$1 " " $2] += $4; next }
    { a[$1 " " $2] += $3; if (NF == 4) au[$1 " " $2] += $4; kinds[$1] = 1 }
    END {
      printf "  %-5s %10s %11s %9s %11s\n", "role", "cpu_us/tx", "idle_us/tx", "ctxsw/tx", "alloc_B/tx"
      total = 0
      for (k in kinds) {
        cpu = (a[k " cpu_ticks"] - b[k " cpu_ticks"]) * 1e6 / hz / tx; total += cpu
        idle = idle_s > 0 && tps > 0 ? sprintf("%.1f", (i1[k] - i0[k]) * 1e6 / hz / idle_s / tps) : "-"
        printf "  %-5s %10.1f %11s %9.2f %11.0f\n", k, cpu, idle, (a[k " ctxsw"] - b[k " ctxsw"]) / tx, (a[k " alloc_bytes"] - b[k " alloc_bytes"]) / tx
      }
      printf "  %-5s %10.1f\n", "roles", total
      printf "  %-5s %10.1f   (ticks sampled until it exits)\n", "sysbench", sb * 1e6 / hz / tx
      for (i = 1; i <= 2; i++) {
        c = (i == 1 ? "block_cache" : "row_cache")
        h = a["cs " c "_hits"] - b["cs " c "_hits"]; m = a["cs " c "_misses"] - b["cs " c "_misses"]
        if (h + m > 0) printf "  cs %s hit ratio %.3f (%d hits, %d misses)\n", c, h / (h + m), h, m
      }
      # Row lock and group commit counters of the UpdateServer: waits behind a lock held by another transaction,
      # deadlocks, lock wait timeouts, and log writes (each a batch of commits sharing one fsync).
      split("lock_waits deadlocks lock_wait_timeouts commit_batches", counters, " ")
      line = ""
      for (i = 1; i <= 4; i++) if (("ups " counters[i]) in a) line = line sprintf(" %s %.3f", counters[i], (a["ups " counters[i]] - b["ups " counters[i]]) / tx)
      if (line != "") printf "  ups per tx:%s\n", line
      printf "  %-5s %-28s %8s %9s\n", "role", "timer", "per_tx", "mean_us"
      n = 0
      for (key in au) if ((key in bu ? au[key] - bu[key] : au[key]) > 0 || a[key] - b[key] > 0) keys[++n] = key
      # sorted by role then name
      for (i = 2; i <= n; i++) { v = keys[i]; j = i - 1; while (j > 0 && keys[j] > v) { keys[j + 1] = keys[j]; j-- } keys[j + 1] = v }
      for (i = 1; i <= n; i++) {
        key = keys[i]; c = a[key] - b[key]; us = au[key] - bu[key]
        if (c <= 0) continue
        split(key, p, " "); name = p[2]; sub(/^time\./, "", name)
        printf "  %-5s %-28s %8.2f %9.1f\n", p[1], name, c / tx, us / c
      }
    }' "$idle0" "$idle1" "$before" "$after"
}

# One measured sysbench run of workload $2 against the cluster under $1 with its profile.
profile_run() {
  local dir=$1 w=$2 log sb_pid sb0 sb1 t tx tps
  sb_common
  log="$dir/$w.${BENCH_PS_MODE}.${3}.profile.log"
  profile_cpu_ticks "$dir" >"$dir/idle0.txt"
  sleep "${BENCH_IDLE:-5}"
  profile_cpu_ticks "$dir" >"$dir/idle1.txt"
  profile_snapshot "$dir" "$offset" >"$dir/before.txt"
  sysbench "$w" "${sb[@]}" --threads="${BENCH_THREADS:-16}" --time="${BENCH_TIME:-10}" --percentile=95 --report-interval=0 run >"$log" 2>&1 &
  sb_pid=$!
  sleep 0.1
  sb0=$(awk '{print $14 + $15}' /proc/$sb_pid/stat 2>/dev/null || echo 0); sb1=$sb0
  while kill -0 $sb_pid 2>/dev/null; do t=$(awk '{print $14 + $15}' /proc/$sb_pid/stat 2>/dev/null) && sb1=$t; sleep 0.2; done
  wait $sb_pid || { echo "$w failed:"; tail -20 "$log"; exit 1; }
  profile_snapshot "$dir" "$offset" >"$dir/after.txt"
  tx=$(grep -oP 'transactions:\s+\K\d+' "$log"); tps=$(grep -oP 'transactions:\s+\d+\s+\(\K[0-9.]+' "$log")
  echo "$w, --db-ps-mode=$BENCH_PS_MODE, data $3: $tx transactions, $tps tps, p95 $(grep -oP '95th percentile:\s+\K[0-9.]+' "$log") ms, ${BENCH_THREADS:-16} threads"
  profile_table "$dir/before.txt" "$dir/after.txt" "$tx" $((sb1 - sb0)) "$dir/idle0.txt" "$dir/idle1.txt" "${BENCH_IDLE:-5}" "$tps"
}

profile_main() {
  local data w
  dir=${BENCH_DIR:-$root/run/profile}
  export BENCH_CLUSTER_ARGS="${BENCH_CLUSTER_ARGS:-} --set merge_release_grace=1s"
  trap '"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null' EXIT
  # BENCH_REUSE with BENCH_DIR naming a cluster a compare run loaded (BENCH_REUSE too) profiles its data as it is.
  if reusable_load "$dir"; then
    echo "reusing the loaded cluster in $dir (tables=${BENCH_TABLES:-4} rows=${BENCH_ROWS:-10000})"
    restart_cluster "$dir" "$offset"
  else
    start_cluster "$dir" "$offset"
    BENCH_PORT=$ob_port BENCH_LABEL=oceanclassic sb_prepare "$dir"
    echo "tables=${BENCH_TABLES:-4} rows=${BENCH_ROWS:-10000}" >"$dir/bench_shape"
  fi
  for data in ${BENCH_DATA:-ups merged}; do
    [ "$data" = merged ] && { major_freeze_and_merge "$ob_port" "$offset"; touch "$dir/bench_merged"; }
    # Reads of every mode before any workload that writes (as compare: writes change what later reads cost).
    for pass in reads writes; do
      for BENCH_PS_MODE in ${BENCH_PS_MODES:-disable auto}; do
        export BENCH_PS_MODE
        for w in $(workloads_of_pass "$pass" ${BENCH_WORKLOADS:-oltp_point_select oltp_read_only}); do
          BENCH_PORT=$ob_port BENCH_LABEL=oceanclassic sb_warmup "$dir" "$w"
          BENCH_PORT=$ob_port profile_run "$dir" "$w" "$data"
        done
      done
    done
  done
}
