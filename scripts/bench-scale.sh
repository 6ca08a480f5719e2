#!/usr/bin/env bash
# Per-role scaling benchmark (`scripts/bench.sh scale [--quick]`): a matrix of cluster shapes around a
# base of 1 RootServer, 1 UpdateServer, 1 ChunkServer, 1 MergeServer — MergeServers 1–4, ChunkServers
# 1–4 (tablet replicas min(3, ChunkServers)), the UpdateServer alone and with a backup — each role
# instance capped with cluster.sh --cpu (a cgroup CPU quota), on loopback. On each shape, a fresh
# cluster, sysbench prepare, then oltp_point_select, oltp_read_only, oltp_read_write and oltp_insert
# (sysbench spreads its connections over every MergeServer's MySQL port). While each workload is
# measured, the CPU time of every role process (/proc/<pid>/stat) gives the cores each role used (all
# instances, and its busiest instance); the busiest instance's use over its cap is the role's share,
# and the role nearest its cap is the bottleneck. Writes scale-results/<UTC timestamp>/results.csv, then tools/ScaleReport turns it into
# report.md and the charts scale-ms.png, scale-cs.png, scale-ups.png.
#   --quick: MergeServers 1–4, ChunkServers 1–2, UPS 1–2 (6 shapes), 8 s runs after 3 s warm-ups: about 10
#   minutes here.
# Each role's warm-up (BENCH_WARMUP s of unmeasured load before each workload) runs under its cap too.
# Before the first workload every fresh cluster gets SCALE_JIT_WARMUP s (default 15) of unmeasured
# oltp_read_write (point selects, ranges, updates, deletes, inserts): a role capped at 0.15 cores needs
# that long to compile its hot paths to their optimized tier (the JIT runs inside the same quota), and a
# point select measured 3 s after the start ran at about a third of its steady rate (1,200/s, then 3,500-4,400/s).
# Caps: SCALE_CAPS (default for this 2-core machine "rs=0.1 ups=0.2 cs=0.4 ms=0.15"), multiplied by
# nproc/2 on a machine with more cores. Environment: BENCH_TIME, BENCH_WARMUP, BENCH_THREADS,
# BENCH_TABLES, BENCH_ROWS, SCALE_SHAPES ("ups,cs,ms ..." to run other shapes), SCALE_WORKLOADS (sysbench
# workloads, default all four), BENCH_PORT_OFFSET (3000).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
quick=""
[ "${1:-}" = --quick ] && quick=1
offset=${BENCH_PORT_OFFSET:-3000}
time_s=${BENCH_TIME:-$([ -n "$quick" ] && echo 8 || echo 20)}
warmup_s=${BENCH_WARMUP:-$([ -n "$quick" ] && echo 3 || echo 5)}
jit_warmup_s=${SCALE_JIT_WARMUP:-15}
threads=${BENCH_THREADS:-16}
tables=${BENCH_TABLES:-2}
rows=${BENCH_ROWS:-10000}
read -r -a workloads <<<"${SCALE_WORKLOADS:-oltp_point_select oltp_read_only oltp_read_write oltp_insert}"
if [ -n "${SCALE_SHAPES:-}" ]; then read -r -a shapes <<<"$SCALE_SHAPES"
elif [ -n "$quick" ]; then shapes=(1,1,1 1,1,2 1,1,3 1,1,4 1,2,1 2,1,1)
else shapes=(1,1,1 1,1,2 1,1,3 1,1,4 1,2,1 1,3,1 1,4,1 2,1,1); fi

# The caps, scaled to the machine: this machine has 2 cores, the defaults are for it.
cores=$(nproc)
declare -A cap
for kv in ${SCALE_CAPS:-rs=0.1 ups=0.2 cs=0.4 ms=0.15}; do
  cap[${kv%%=*}]=$(awk -v c="${kv#*=}" -v n="$cores" 'BEGIN { printf "%.3f", c * (n > 2 ? n / 2 : 1) }')
done

out="$root/scale-results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
csv="$out/results.csv"
echo "shape,rs,ups,cs,ms,workload,tps,qps,p95_ms,errors,seconds,cap_rs,cap_ups,cap_cs,cap_ms,cpu_rs,cpu_max_rs,cpu_ups,cpu_max_ups,cpu_cs,cpu_max_cs,cpu_ms,cpu_max_ms,machine_cores,machine_busy" >"$csv"
dir="$root/run/scale"
trap '"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null 2>&1 || true' EXIT
"$root/scripts/deps.sh"
echo "building (Release)..."
dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }

# CPU ticks (user + system) of each instance of a role, in instance order ("0" for one not running).
role_ticks() {
  local role=$1 f pid line=""
  for f in "$dir/$role"*/pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if [ -r "/proc/$pid/stat" ]; then line="$line $(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat")"; else line="$line 0"; fi
  done
  echo "$line"
}
# "sum max": cores all instances used together and cores the busiest one used, between two role_ticks.
role_used() {
  awk -v a="$1" -v b="$2" -v s="$secs" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    n = split(a, x, " "); split(b, y, " ")
    for (i = 1; i <= n; i++) { d = (y[i] - x[i]) / hz / s; sum += d; if (d > max) max = d }
    printf "%.3f,%.3f", sum, max }'
}
machine_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9; exit}' /proc/stat; }

for shape in "${shapes[@]}"; do
  IFS=, read -r n_ups n_cs n_ms <<<"$shape"
  name="ups${n_ups}-cs${n_cs}-ms${n_ms}"
  replicas=$((n_cs < 3 ? n_cs : 3))
  echo "== $name (caps per instance: rs=${cap[rs]} ups=${cap[ups]} cs=${cap[cs]} ms=${cap[ms]} cores)"
  "$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null 2>&1 || true
  rm -rf "$dir"
  CLUSTER_SKIP_BUILD=1 "$root/scripts/cluster.sh" start --dir "$dir" --port-offset "$offset" \
    --ups "$n_ups" --cs "$n_cs" --ms "$n_ms" --set "tablet_replicas_num=$replicas" --set log_sync_type=0 \
    --cpu "rs=${cap[rs]}" --cpu "ups=${cap[ups]}" --cpu "cs=${cap[cs]}" --cpu "ms=${cap[ms]}" >"$out/$name.start.log" 2>&1 \
    || { cat "$out/$name.start.log"; exit 1; }
  ports=$(for i in $(seq 1 "$n_ms"); do echo $((2880 + (i - 1) * 10 + offset)); done | paste -sd,)
  mysql -h127.0.0.1 -P$((2880 + offset)) -uroot --protocol=tcp -e "CREATE DATABASE sbtest"
  sb=(--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port="$ports" --mysql-user=root --mysql-password=
      --mysql-db=sbtest --tables="$tables" --table-size="$rows")
  sysbench oltp_read_write "${sb[@]}" --threads=4 prepare >"$out/$name.prepare.log" 2>&1 || { cat "$out/$name.prepare.log"; exit 1; }
  if [ "$jit_warmup_s" -gt 0 ]; then
    sysbench oltp_read_write "${sb[@]}" --threads="$threads" --time="$jit_warmup_s" run >"$out/$name.jit-warmup.log" 2>&1 || { tail -20 "$out/$name.jit-warmup.log"; exit 1; }
  fi
  for w in "${workloads[@]}"; do
    sysbench "$w" "${sb[@]}" --threads="$threads" --time="$warmup_s" run >"$out/$name.$w.warmup.log" 2>&1 || { tail -20 "$out/$name.$w.warmup.log"; exit 1; }
    declare -A t0=() t1=()
    for r in rs ups cs ms; do t0[$r]=$(role_ticks "$r"); done
    m0=$(machine_busy); s0=$(date +%s.%N)
    log="$out/$name.$w.log"
    sysbench "$w" "${sb[@]}" --threads="$threads" --time="$time_s" --percentile=95 --report-interval=0 run >"$log" 2>&1 || { tail -20 "$log"; exit 1; }
    s1=$(date +%s.%N); m1=$(machine_busy)
    for r in rs ups cs ms; do t1[$r]=$(role_ticks "$r"); done
    secs=$(echo "$s1 - $s0" | bc)
    machine=$(awk -v a="$m0" -v b="$m1" -v s="$secs" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", (b - a) / hz / s }')
    tps=$(grep -oP 'transactions:\s+\d+\s+\(\K[0-9.]+' "$log" || echo 0)
    qps=$(grep -oP 'queries:\s+\d+\s+\(\K[0-9.]+' "$log" || echo 0)
    p95=$(grep -oP '95th percentile:\s+\K[0-9.]+' "$log" || echo 0)
    errs=$(grep -oP 'ignored errors:\s+\K\d+' "$log" || echo 0)
    printf '%s,1,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$name" "$n_ups" "$n_cs" "$n_ms" "$w" "$tps" "$qps" "$p95" "$errs" "$secs" \
      "${cap[rs]}" "${cap[ups]}" "${cap[cs]}" "${cap[ms]}" \
      "$(role_used "${t0[rs]}" "${t1[rs]}")" "$(role_used "${t0[ups]}" "${t1[ups]}")" "$(role_used "${t0[cs]}" "${t1[cs]}")" "$(role_used "${t0[ms]}" "${t1[ms]}")" \
      "$cores" "$machine" >>"$csv"
    tail -1 "$csv" | awk -F, '{ printf "  %-18s %9s tps   cores used (busiest instance): rs %s (%s) ups %s (%s) cs %s (%s) ms %s (%s)   machine %s\n", $6, $7, $16, $17, $18, $19, $20, $21, $22, $23, $25 }'
  done
  "$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null
done

dotnet run -c Release --no-build --project "$root/scripts/tools/ScaleReport" -- "$csv" "$out"
echo "results: $out (results.csv, report.md, scale-*.png)"
