#!/usr/bin/env bash
# Local OceanClassic cluster on 127.0.0.1: start | stop | status | kill ROLE#n | restart ROLE#n
# Only ever signals pids from its own pid files under --dir.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir="$root/run"
n_rs=1; n_ups=1; n_cs=3; n_ms=1; offset=0; sets=(); cmd=""; target=""

usage() {
  cat <<USAGE
usage: scripts/cluster.sh start [--dir DIR] [--rs N] [--ups N] [--cs N] [--ms N] [--port-offset K] [--set key=value]...
       scripts/cluster.sh stop|status [--dir DIR]
       scripts/cluster.sh kill|restart ROLE#n [--dir DIR]     (ROLE: rs, ups, cs, ms; e.g. kill cs#2)
USAGE
  exit 2
}

[ $# -gt 0 ] || usage
cmd=$1; shift
case "$cmd" in kill|restart) [ $# -gt 0 ] || usage; target=$1; shift ;; esac
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --rs) n_rs=$2; shift 2 ;;
    --ups) n_ups=$2; shift 2 ;;
    --cs) n_cs=$2; shift 2 ;;
    --ms) n_ms=$2; shift 2 ;;
    --port-offset) offset=$2; shift 2 ;;
    --set) sets+=("$2"); shift 2 ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

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

rs_list() {
  local list="" i
  for i in $(seq 1 "$n_rs"); do list="${list:+$list,}127.0.0.1:$(port_of rs "$i")"; done
  echo "$list"
}

launch() { # role n
  local role=$1 n=$2 inst="$dir/$1$2" port args
  mkdir -p "$inst/data"
  port=$(port_of "$role" "$n")
  args=("--port=$port" "--data_dir=$inst/data" "--rs=$(rs_list)")
  [ "$role" = ms ] && args+=("--mysql_port=$(mysql_port_of "$n")")
  [ -f "$dir/sets" ] && while IFS= read -r kv; do [ -n "$kv" ] && args+=("--$kv"); done <"$dir/sets"
  printf '%s\n' "${args[@]}" >"$inst/args"
  (cd "$inst" && exec setsid "$(bin_of "$role")" "${args[@]}" >>"$inst/log" 2>&1 </dev/null) &
  echo $! >"$inst/pid"
}

wait_registered() {
  local expect="rs=$n_rs,ups=$n_ups,cs=$n_cs,ms=$n_ms"
  "$obadmin" wait --rs "$(rs_list)" --expect "$expect" --timeout "${CLUSTER_WAIT_SECONDS:-90}"
}

print_table() {
  printf '%-7s %-8s %-7s %-22s %s\n' ROLE PID STATE RPC MYSQL
  local role i pid state extra
  for role in rs ups cs ms; do
    local count_var="n_$role"
    for i in $(seq 1 "${!count_var}"); do
      if pid=$(alive_pid "$dir/$role$i/pid"); then state=running; else pid=-; state=stopped; fi
      extra=""; [ "$role" = ms ] && extra="127.0.0.1:$(mysql_port_of "$i")"
      printf '%-7s %-8s %-7s %-22s %s\n' "$role#$i" "$pid" "$state" "127.0.0.1:$(port_of "$role" "$i")" "$extra"
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
    echo "building (Release)..."
    dotnet build "$root/OceanClassic.sln" -c Release -nologo -v quiet -clp:ErrorsOnly >"$dir/build.log" 2>&1 || { cat "$dir/build.log"; exit 1; }
    printf 'n_rs=%s\nn_ups=%s\nn_cs=%s\nn_ms=%s\noffset=%s\n' "$n_rs" "$n_ups" "$n_cs" "$n_ms" "$offset" >"$dir/cluster.conf"
    : >"$dir/sets"; for kv in "${sets[@]+"${sets[@]}"}"; do echo "$kv" >>"$dir/sets"; done
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
    echo "connect: mysql -h127.0.0.1 -P$(mysql_port_of 1) -uroot"
    ;;
  stop)
    load_conf
    for role in ms cs ups rs; do
      count_var="n_$role"
      for i in $(seq 1 "${!count_var}"); do stop_pid "$dir/$role$i/pid"; done
    done
    echo "stopped"
    ;;
  status)
    load_conf
    print_table
    echo
    "$obadmin" servers --rs "$(rs_list)" || echo "(RootServer not answering)"
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
  restart)
    load_conf; parse_target
    stop_pid "$dir/$t_role$t_n/pid"
    launch "$t_role" "$t_n"
    port=$(port_of "$t_role" "$t_n")
    for _ in $(seq 1 300); do "$obadmin" ping "127.0.0.1:$port" >/dev/null 2>&1 && break; sleep 0.2; done
    wait_registered || { echo "$target did not come back; see $dir/$t_role$t_n/log" >&2; exit 1; }
    echo "restarted $target (pid $(cat "$dir/$t_role$t_n/pid"))"
    ;;
  *) usage ;;
esac
