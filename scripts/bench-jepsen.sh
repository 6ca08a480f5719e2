#!/usr/bin/env bash
# scripts/bench.sh jepsen --nemesis kill|pause|partition|all|lag|none --time S [--replication shipping|majority]
#                         [--ups N] [--cs N] [--ms N] [--hosts N] [--interval S] [--hold S] [--seed N] [--merge S] [--set key=value]...
# Starts a cluster under run/jepsen (ports +BENCH_PORT_OFFSET, default 4000), runs the Jepsen-style workloads
# (registers, bank transfers, list appends, and the row set: the benchmarks' INSERT / UPDATE n = n + 1 / UPDATE
# SET c / DELETE mix in autocommit and transactions, checked for every acknowledged write, scan order, COUNT(*)
# and CHECK INDEX; scripts/tools/Jepsen) for S seconds while the nemesis faults it
# every --interval seconds (10) for --hold seconds (5), checks the history, prints the verdict (the smallest
# failing sub-history of a register that is not linearizable) and the bank sum check, stops the cluster and
# leaves the history in jepsen-results/<timestamp>/ (history.jsonl, *.edn, report.txt, the roles' logs).
# --merge S: ALTER SYSTEM MAJOR FREEZE S seconds into the run (the row set's updates then read a baseline).
# --nemesis lag: SIGSTOP a backup UPS until it has left the sync set, kill -9 the master, SIGCONT the backup,
# restart the master (0.4's lagging backup that must not be elected).
# scripts/bench.sh drills [--runs N] [--drill all|kill-master|kill-followers|partition-master|pause-master|switch|daily-merge[,...]]
#                         [--writers N] [--replication majority|shipping] [--hosts N] [--set key=value]...
# (this script with --drills): the UpdateServer drills of issue 23 on one cluster, N runs each (5), 16 writers
# running the row set's write mix (each run checked as above),
# majority mode with 3 UpdateServers by default; prints acknowledged / lost / failed writes and the time until
# writes resumed per run, and the whole table (Markdown) at the end into jepsen-results/<timestamp>/drills.md.
# CLUSTER_SKIP_BUILD=1 skips the build (the tree is built). Shipping mode runs 2 UpdateServers (the 0.4 master and
# backup), majority mode 3; partition, all and the drills put every role instance on a simulated host of its own
# (root; scripts/cluster.sh --hosts), so that cutting off the UPS master's host cuts off that UPS alone and the
# RootServer, ChunkServers and MergeServers stay on the majority side. Exit code 0 only for a valid history (every drill run passed).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mode=run; runs=5; drill=all; writers=16; nemesis=kill; time_s=60; replication=""; n_ups=""; n_cs=3; n_ms=1; n_hosts=""; interval=10; hold=5; seed=""; merge=""; sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --drills) mode=drill; shift ;;
    --runs) runs=$2; shift 2 ;;
    --drill) drill=$2; shift 2 ;;
    --writers) writers=$2; shift 2 ;;
    --nemesis) nemesis=$2; shift 2 ;;
    --time) time_s=$2; shift 2 ;;
    --replication) replication=$2; shift 2 ;;
    --ups) n_ups=$2; shift 2 ;;
    --cs) n_cs=$2; shift 2 ;;
    --ms) n_ms=$2; shift 2 ;;
    --hosts) n_hosts=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --hold) hold=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --merge) merge=$2; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    *) echo "unknown option: $1 (see the header of scripts/bench-jepsen.sh)" >&2; exit 2 ;;
  esac
done
case "$nemesis" in kill|pause|partition|all|lag|none) ;; *) echo "--nemesis kill|pause|partition|all|lag|none" >&2; exit 2 ;; esac
[ -n "$replication" ] || replication=$([ "$mode" = drill ] && echo majority || echo shipping)
case "$replication" in
  shipping) n_ups=${n_ups:-2} ;;
  majority) n_ups=${n_ups:-3}; sets+=(--set ups_replication=majority) ;;
  *) echo "--replication shipping|majority" >&2; exit 2 ;;
esac
case "$mode:$nemesis:$drill" in run:partition:*|run:all:*|drill:*:all|drill:*:*partition*) n_hosts=${n_hosts:-$((1 + n_ups + n_cs + n_ms))} ;; esac

dir=${BENCH_DIR:-$root/run/jepsen}
offset=${BENCH_PORT_OFFSET:-4000}
out=$root/jepsen-results/$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$out"
[ -n "${CLUSTER_SKIP_BUILD:-}" ] || dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly
"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null 2>&1 || true
rm -rf "$dir"
trap 'for f in "$dir"/*/log; do [ -f "$f" ] && cp "$f" "$out/$(basename "$(dirname "$f")").log"; done; "$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null 2>&1 || true' EXIT
host_args=(); [ -n "$n_hosts" ] && host_args=(--hosts "$n_hosts")
CLUSTER_SKIP_BUILD=1 "$root/scripts/cluster.sh" start --dir "$dir" --port-offset "$offset" --ups "$n_ups" --cs "$n_cs" --ms "$n_ms" \
  "${host_args[@]}" "${sets[@]}" | tee "$out/cluster.txt"

# Each MergeServer's MySQL address, from the arguments cluster.sh started it with.
endpoints=""
for i in $(seq 1 "$n_ms"); do
  a="$dir/ms$i/args"
  ip=$(grep -oP '^--advertise=\K.*' "$a" || echo 127.0.0.1)
  endpoints="${endpoints:+$endpoints,}$ip:$(grep -oP '^--mysql_port=\K.*' "$a")"
done
if [ "$mode" = drill ]; then
  echo "drills: replication $replication, $n_ups UpdateServers, $writers writers, $runs runs of $drill; output in $out"
  set +e
  "$root/scripts/tools/Jepsen/bin/Release/net10.0/OceanClassic.Jepsen" drill --cluster-dir "$dir" --mysql "$endpoints" --repo "$root" \
    --drill "$drill" --runs "$runs" --writers "$writers" --replication "$replication" | tee "$out/drills.txt"
  rc=${PIPESTATUS[0]}
  set -e
  sed -n '/^| drill /,$p' "$out/drills.txt" >"$out/drills.md"
  exit $rc
fi
echo "jepsen: replication $replication, $n_ups UpdateServers, nemesis $nemesis every ${interval}s for ${hold}s, ${time_s}s; history in $out"
jepsen_args=(run --cluster-dir "$dir" --mysql "$endpoints" --out "$out" --time "$time_s" --nemesis "$nemesis"
  --interval "$interval" --hold "$hold" --repo "$root")
[ -n "$seed" ] && jepsen_args+=(--seed "$seed")
[ -n "$merge" ] && jepsen_args+=(--merge "$merge")
set +e
"$root/scripts/tools/Jepsen/bin/Release/net10.0/OceanClassic.Jepsen" "${jepsen_args[@]}"
rc=$?
set -e
echo "history files: $out"
exit $rc
