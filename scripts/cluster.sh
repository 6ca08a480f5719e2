#!/usr/bin/env bash
# Local OceanClassic cluster: start | stop | status | kill ROLE#n | restart ROLE#n | pause|resume ROLE#n | partition|heal HOST#n
# On 127.0.0.1, or with --hosts N on N simulated hosts (network namespaces on a private bridge, see
# scripts/hosts.sh). Only ever signals pids from its own pid files under --dir (and, with --hosts,
# processes inside the namespaces it made itself).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/run"
n_rs=1; n_ups=1; n_cs=3; n_ms=1; offset=0; sets=(); cmd=""; target=""
n_hosts=0; latency_ms=""; cpu_caps=()

usage() {
  cat <<USAGE
usage: scripts/cluster.sh start [--dir DIR] [--rs N] [--ups N] [--cs N] [--ms N] [--port-offset K] [--set key=value]...
                               [--hosts N [--latency-ms X]] [--cpu ROLE=CORES]...
       scripts/cluster.sh stop|status [--dir DIR]
       --set key=value goes to every role; --set ROLE.key=value (ROLE: rs, ups, cs, ms) to that role's instances only,
       e.g. --set ms.io_threads=2 (of two settings of one key, the later wins)
       scripts/cluster.sh kill|restart ROLE#n [--dir DIR]     (ROLE: rs, ups, cs, ms; e.g. kill cs#2)
       scripts/cluster.sh pause|resume ROLE#n [--dir DIR]     (SIGSTOP / SIGCONT the instance)
       scripts/cluster.sh partition|heal HOST#n [--dir DIR]   (with --hosts: cut host n off both ways, or restore it)
USAGE
  exit 2
}

[ $# -gt 0 ] || usage
cmd=$1; shift
case "$cmd" in kill|restart|pause|resume|partition|heal) [ $# -gt 0 ] || usage; target=$1; shift ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --rs) n_rs=$2; shift 2 ;;
    --ups) n_ups=$2; shift 2 ;;
    --cs) n_cs=$2; shift 2 ;;
    --ms) n_ms=$2; shift 2 ;;
    --port-offset) offset=$2; shift 2 ;;
    --set) sets+=("$2"); shift 2 ;;
    --hosts) n_hosts=$2; shift 2 ;;
    --latency-ms) latency_ms=$2; shift 2 ;;
    --cpu) cpu_caps+=("$2"); shift 2 ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# shellcheck source=scripts/hosts.sh
. "$root/scripts/hosts.sh"

bin_of() {
  case "$1" in
    rs) echo "$root/RootServer/bin/Release/net10.0/OceanClassic.RootServer" ;;
    ups) echo "$root/UpdateServer/bin/Release/net10.0/OceanClassic.UpdateServer" ;;
    cs) echo "$root/ChunkServer/bin/Release/net10.0/OceanClassic.ChunkServer" ;;
    ms) echo "$root/MergeServer/bin/Release/net10.0/OceanClassic.MergeServer" ;;
  esac
}
obadmin="$root/ObClient/ObAdmin/bin/Release/net10.0/OceanClassic.ObAdmin"
base_port() { case "$1" in rs) echo 2500 ;; ups) echo 2700 ;; cs) echo 2600 ;; ms) echo 2800 ;; esac; }
port_of() { echo $(( $(base_port "$1") + ($2 - 1) * 10 + offset )); }
mysql_port_of() { echo $(( 2880 + ($1 - 1) * 10 + offset )); }

# A pid file's process counts as ours only if it is still one of our role binaries.
alive_pid() {
  local f=$1 pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "OceanClassic\." || return 1
  echo "$pid"
}

load_conf() {
  [ -f "$dir/cluster.conf" ] || { echo "no cluster in $dir (run: scripts/cluster.sh start --dir $dir)" >&2; exit 1; }
  # shellcheck disable=SC1091
  . "$dir/cluster.conf"
}

# The address a role instance listens on and advertises: 127.0.0.1, or its simulated host's.
ip_of() { if [ "$n_hosts" -gt 0 ]; then host_ip "$(host_of "$1" "$2")"; else echo 127.0.0.1; fi; }

# With --hosts, instances are dealt round robin over the hosts in the order rs, ups, cs, ms.
host_of() { # role n
  local idx=$(($2 - 1))
  case "$1" in
    ups) idx=$((idx + n_rs)) ;;
    cs) idx=$((idx + n_rs + n_ups)) ;;
    ms) idx=$((idx + n_rs + n_ups + n_cs)) ;;
  esac
  echo $((idx % n_hosts + 1))
}

rs_list() {
  local list="" i
  for i in $(seq 1 "$n_rs"); do list="${list:+$list,}$(ip_of rs "$i"):$(port_of rs "$i")"; done
  echo "$list"
}

# The cluster secret every role proves on every RPC connection: random, one per cluster directory,
# readable by its owner only. obadmin reads the same file.
ensure_secret() {
  [ -s "$dir/cluster_secret" ] && return
  (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$dir/cluster_secret")
}
obadmin_run() {
  if [ -s "$dir/cluster_secret" ]; then "$obadmin" "$@" --cluster_secret_file "$dir/cluster_secret"; else "$obadmin" "$@"; fi
}

launch() { # role n
  local role=$1 n=$2 inst="$dir/$1$2" port args
  mkdir -p "$inst/data"
  ensure_secret
  port=$(port_of "$role" "$n")
  args=("--port=$port" "--data_dir=$inst/data" "--rs=$(rs_list)" "--cluster_secret_file=$dir/cluster_secret")
  [ "$role" = ms ] && args+=("--mysql_port=$(mysql_port_of "$n")")
  [ "$n_hosts" -gt 0 ] && args+=("--listen=$(ip_of "$role" "$n")" "--advertise=$(ip_of "$role" "$n")")
  [ -f "$dir/sets" ] && while IFS= read -r kv; do
    case "$kv" in
      '') ;;
      rs.*|ups.*|cs.*|ms.*) if [ "${kv%%.*}" = "$role" ]; then args+=("--${kv#*.}"); fi ;;
      *) args+=("--$kv") ;;
    esac
  done <"$dir/sets"
  printf '%s\n' "${args[@]}" >"$inst/args"
  local runner=()
  [ "$n_hosts" -gt 0 ] && runner=(ip netns exec "$(host_ns "$(host_of "$role" "$n")")")
  # `ip netns exec` enters the namespace and execs the role: $! is the role's own pid.
  (cd "$inst" && exec setsid "${runner[@]}" "$(bin_of "$role")" "${args[@]}" >>"$inst/log" 2>&1 </dev/null) &
  echo $! >"$inst/pid"
  cpu_cap_apply "$role" "$n" "$!"
}

wait_registered() {
  local expect="rs=$n_rs,ups=$n_ups,cs=$n_cs,ms=$n_ms"
  obadmin_run wait --rs "$(rs_list)" --expect "$expect" --timeout "${CLUSTER_WAIT_SECONDS:-90}"
}

print_table() {
  printf '%-7s %-8s %-7s %-8s %-22s %s\n' ROLE PID STATE HOST RPC MYSQL
  local role i pid state extra host
  for role in rs ups cs ms; do
    local count_var="n_$role"
    for i in $(seq 1 "${!count_var}"); do
      if pid=$(alive_pid "$dir/$role$i/pid"); then state=running; else pid=-; state=stopped; fi
      extra=""; [ "$role" = ms ] && extra="$(ip_of ms "$i"):$(mysql_port_of "$i")"
      host=local; [ "$n_hosts" -gt 0 ] && host="host#$(host_of "$role" "$i")"
      printf '%-7s %-8s %-7s %-8s %-22s %s\n' "$role#$i" "$pid" "$state" "$host" "$(ip_of "$role" "$i"):$(port_of "$role" "$i")" "$extra"
    done
  done
}

stop_pid() { # pidfile
  local pid
  pid=$(alive_pid "$1") || { rm -f "$1"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  rm -f "$1"
}

parse_target() { # ROLE#n -> role n
  case "$target" in
    rs#*|ups#*|cs#*|ms#*) t_role=${target%%#*}; t_n=${target#*#} ;;
    *) echo "bad target '$target' (use rs#1, ups#1, cs#2, ms#1)" >&2; exit 2 ;;
  esac
  local count_var="n_$t_role"
  [[ "$t_n" =~ ^[0-9]+$ ]] && [ "$t_n" -ge 1 ] && [ "$t_n" -le "${!count_var}" ] || { echo "no $target in this cluster" >&2; exit 2; }
}

case "$cmd" in
  start)
    if [ -f "$dir/cluster.conf" ]; then
      running=0
      for f in "$dir"/*/pid; do [ -e "$f" ] && alive_pid "$f" >/dev/null && running=1; done
      if [ $running = 1 ]; then
        load_conf
        echo "cluster in $dir is already running"
        print_table
        exit 0
      fi
    fi
    # The README's next step is the stock mysql client; a fresh machine lacks it.
    "$root/scripts/deps.sh" client || echo "warning: could not install the mysql client (mariadb-client)" >&2
    if [ -z "${CLUSTER_SKIP_BUILD:-}" ]; then # set by a caller that has just built (bench.sh scale)
      echo "building (Release)..."
      dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
    fi
    printf 'n_rs=%s\nn_ups=%s\nn_cs=%s\nn_ms=%s\noffset=%s\nn_hosts=%s\nlatency_ms=%s\n' \
      "$n_rs" "$n_ups" "$n_cs" "$n_ms" "$offset" "$n_hosts" "$latency_ms" >"$dir/cluster.conf"
    : >"$dir/sets"; for kv in "${sets[@]+"${sets[@]}"}"; do echo "$kv" >>"$dir/sets"; done
    : >"$dir/cpu"; for kv in "${cpu_caps[@]+"${cpu_caps[@]}"}"; do echo "$kv" >>"$dir/cpu"; done
    if [ "$n_hosts" -gt 0 ]; then
      hosts_down # whatever a killed earlier run of this --dir left behind
      hosts_up "$n_hosts" "$latency_ms" || { hosts_down; exit 1; }
    fi
    for i in $(seq 1 "$n_rs"); do launch rs "$i"; done
    for role in ups cs ms; do
      count_var="n_$role"
      for i in $(seq 1 "${!count_var}"); do launch "$role" "$i"; done
    done
    if ! wait_registered; then
      echo "cluster did not come up; logs are in $dir/<role><n>/log" >&2
      exit 1
    fi
    print_table
    echo "connect: mysql -h$(ip_of ms 1) -P$(mysql_port_of 1) -uroot"
    ;;
  stop)
    load_conf
    for role in ms cs ups rs; do
      count_var="n_$role"
      for i in $(seq 1 "${!count_var}"); do stop_pid "$dir/$role$i/pid"; done
    done
    [ "$n_hosts" -gt 0 ] && hosts_down
    cpu_caps_remove
    echo "stopped"
    ;;
  partition|heal)
    load_conf
    [ "$n_hosts" -gt 0 ] || { echo "$cmd needs a cluster started with --hosts" >&2; exit 2; }
    case "$target" in host#*) h=${target#host#} ;; *) echo "bad target '$target' (use host#1)" >&2; exit 2 ;; esac
    [[ "$h" =~ ^[0-9]+$ ]] && [ "$h" -ge 1 ] && [ "$h" -le "$n_hosts" ] || { echo "no $target in this cluster" >&2; exit 2; }
    host_link "$h" "$([ "$cmd" = partition ] && echo down || echo up)"
    echo "$cmd: $target ($(host_ip "$h"))"
    ;;
  status)
    load_conf
    print_table
    echo
    obadmin_run servers --rs "$(rs_list)" || echo "(RootServer not answering)"
    ;;
  kill)
    load_conf; parse_target
    if pid=$(alive_pid "$dir/$t_role$t_n/pid"); then
      kill -KILL "$pid"
      while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
      echo "killed $target (pid $pid)"
    else
      echo "$target is not running"
    fi
    rm -f "$dir/$t_role$t_n/pid"
    ;;
  pause|resume)
    load_conf; parse_target
    pid=$(alive_pid "$dir/$t_role$t_n/pid") || { echo "$target is not running" >&2; exit 1; }
    kill "-$([ "$cmd" = pause ] && echo STOP || echo CONT)" "$pid"
    echo "${cmd}d $target (pid $pid)"
    ;;
  restart)
    load_conf; parse_target
    stop_pid "$dir/$t_role$t_n/pid"
    launch "$t_role" "$t_n"
    port=$(port_of "$t_role" "$t_n")
    for _ in $(seq 1 300); do obadmin_run ping "$(ip_of "$t_role" "$t_n"):$port" >/dev/null 2>&1 && break; sleep 0.2; done
    wait_registered || { echo "$target did not come back; see $dir/$t_role$t_n/log" >&2; exit 1; }
    echo "restarted $target (pid $(cat "$dir/$t_role$t_n/pid"))"
    ;;
  *) usage ;;
esac
