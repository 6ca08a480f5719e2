#!/usr/bin/env bash
# scripts/bench.sh jepsen --nemesis kill|pause|partition|all|lag|none --time S [--replication shipping|majority]
#                         [--ups N] [--ms N] [--hosts N] [--interval S] [--hold S] [--seed N] [--set key=value]...
# Starts a cluster under run/jepsen (ports +BENCH_PORT_OFFSET, default 4000), runs the Jepsen-style workloads
# (registers, bank transfers, list appends; scripts/tools/Jepsen) for S seconds while the nemesis faults it
# every --interval seconds (10) for --hold seconds (5), checks the history, prints the verdict (the smallest
# failing sub-history of a register that is not linearizable) and the bank sum check, stops the cluster and
# leaves the history in jepsen-results/<timestamp>/ (history.jsonl, *.edn, report.txt, the roles' logs).
# --nemesis lag: SIGSTOP a backup UPS until it has left the sync set, kill -9 the master, SIGCONT the backup,
# restart the master (0.4's lagging backup that must not be elected).
# CLUSTER_SKIP_BUILD=1 skips the build (the tree is built). Shipping mode runs 2 UpdateServers (the 0.4 master and backup), majority mode 3; partition and all put the
# roles on 3 simulated hosts (root; scripts/cluster.sh --hosts). Exit code 0 only for a valid history.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
nemesis=kill; time_s=60; replication=shipping; n_ups=""; n_ms=1; n_hosts=""; interval=10; hold=5; seed=""; sets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --nemesis) nemesis=$2; shift 2 ;;
    --time) time_s=$2; shift 2 ;;
    --replication) replication=$2; shift 2 ;;
    --ups) n_ups=$2; shift 2 ;;
    --ms) n_ms=$2; shift 2 ;;
    --hosts) n_hosts=$2; shift 2 ;;
    --interval) interval=$2; shift 2 ;;
    --hold) hold=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    *) echo "unknown option: $1 (see the header of scripts/bench-jepsen.sh)" >&2; exit 2 ;;
  esac
done
case "$nemesis" in kill|pause|partition|all|lag|none) ;; *) echo "--nemesis kill|pause|partition|all|lag|none" >&2; exit 2 ;; esac
case "$replication" in
  shipping) n_ups=${n_ups:-2} ;;
  majority) n_ups=${n_ups:-3}; sets+=(--set ups_replication=majority) ;;
  *) echo "--replication shipping|majority" >&2; exit 2 ;;
esac
case "$nemesis" in partition|all) n_hosts=${n_hosts:-3} ;; esac

dir=${BENCH_DIR:-$root/run/jepsen}
offset=${BENCH_PORT_OFFSET:-4000}
out=$root/jepsen-results/$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$out"
[ -n "${CLUSTER_SKIP_BUILD:-}" ] || dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly
"$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null 2>&1 || true
rm -rf "$dir"
trap 'for f in "$dir"/*/log; do [ -f "$f" ] && cp "$f" "$out/$(basename "$(dirname "$f")").log"; done; "$root/scripts/cluster.sh" stop --dir "$dir" >/dev/null 2>&1 || true' EXIT
host_args=(); [ -n "$n_hosts" ] && host_args=(--hosts "$n_hosts")
CLUSTER_SKIP_BUILD=1 "$root/scripts/cluster.sh" start --dir "$dir" --port-offset "$offset" --ups "$n_ups" --ms "$n_ms" \
  "${host_args[@]}" "${sets[@]}" | tee "$out/cluster.txt"

# Each MergeServer's MySQL address, from the arguments cluster.sh started it with.
endpoints=""
for i in $(seq 1 "$n_ms"); do
  a="$dir/ms$i/args"
  ip=$(grep -oP '^--advertise=\K.*' "$a" || echo 127.0.0.1)
  endpoints="${endpoints:+$endpoints,}$ip:$(grep -oP '^--mysql_port=\K.*' "$a")"
done
echo "jepsen: replication $replication, $n_ups UpdateServers, nemesis $nemesis every ${interval}s for ${hold}s, ${time_s}s; history in $out"
jepsen_args=(run --cluster-dir "$dir" --mysql "$endpoints" --out "$out" --time "$time_s" --nemesis "$nemesis"
  --interval "$interval" --hold "$hold" --repo "$root")
[ -n "$seed" ] && jepsen_args+=(--seed "$seed")
set +e
"$root/scripts/tools/Jepsen/bin/Release/net10.0/OceanClassic.Jepsen" "${jepsen_args[@]}"
rc=$?
set -e
echo "history files: $out"
exit $rc
