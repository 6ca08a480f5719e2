# Simulated hosts and CPU caps for scripts/cluster.sh (sourced; uses $dir, $n_hosts, and $dir/cpu).
#
# Hosts: each host is a network namespace with one veth into a private bridge that only this cluster
# uses. Names and the /24 are derived from the cluster's --dir, so two clusters in two directories never
# share them, and `stop` (or a `start` after a kill -9 of the script) finds everything by name again.
#   bridge ocb<id> (10.A.B.254 in the root namespace, so the mysql client reaches every host directly:
#   a connected route, nothing leaves the machine), host n = namespace oc<id>-h<n> with eth0 = 10.A.B.n,
#   its bridge end oc<id>v<n>. --latency-ms X delays every packet a host sends out of its eth0 by X ms
#   (so X each way between two hosts, X on the replies to the root namespace): this kernel has no
#   sch_netem, so an iptables NFQUEUE rule in each host hands the packets to scripts/netdelay.py in that
#   namespace, which gives each back to the kernel X ms later (see its header).
# CPU caps: --cpu ROLE=CORES puts each instance of ROLE in its own cgroup with a CFS quota of CORES
# (cgroup v2 cpu.max, or v1 cpu.cfs_quota_us), under oceanclassic-<id>.

net_id() { echo $(( $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 9000 + 1000 )); }
host_ns() { echo "oc$(net_id)-h$1"; }
host_veth() { echo "oc$(net_id)v$1"; }
host_bridge() { echo "ocb$(net_id)"; }
host_subnet() { local id; id=$(net_id); echo "10.$((100 + id % 100)).$((id / 100 % 256))"; }
host_ip() { echo "$(host_subnet).$1"; }

hosts_up() { # count latency_ms
  local count=$1 latency=$2 br h ns veth
  command -v ip >/dev/null || { echo "--hosts needs iproute2 (ip)" >&2; return 1; }
  br=$(host_bridge)
  ip link add "$br" type bridge || { echo "--hosts: cannot create bridge $br (needs root and CAP_NET_ADMIN)" >&2; return 1; }
  ip addr add "$(host_ip 254)/24" dev "$br"
  ip link set "$br" up
  for h in $(seq 1 "$count"); do
    ns=$(host_ns "$h"); veth=$(host_veth "$h")
    ip netns add "$ns"
    ip link add "$veth" type veth peer name eth0 netns "$ns"
    ip link set "$veth" master "$br" up
    ip -n "$ns" addr add "$(host_ip "$h")/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    [ -z "$latency" ] || host_delay "$h" "$latency" || return 1
  done
}

# Starts the host's delayer (inside its namespace, so hosts_down stops it with the namespace's other
# processes), waits until it has bound its queue, then queues every packet that leaves eth0 to it.
# `--queue-bypass`: while no delayer is bound the packets pass undelayed instead of being dropped.
host_delay() { # host latency_ms
  local ns ready ipt
  ns=$(host_ns "$1"); ready="$dir/netdelay-h$1.ready"
  ipt=$(command -v iptables-legacy || command -v iptables) || { echo "--latency-ms needs iptables (scripts/deps.sh installs it)" >&2; return 1; }
  command -v python3 >/dev/null || { echo "--latency-ms needs python3" >&2; return 1; }
  rm -f "$ready"
  setsid ip netns exec "$ns" python3 "$root/scripts/netdelay.py" "$2" 0 "$ready" >>"$dir/netdelay-h$1.log" 2>&1 </dev/null &
  for _ in $(seq 1 100); do [ -s "$ready" ] && break; sleep 0.1; done
  [ -s "$ready" ] || { echo "--latency-ms: the delayer of host#$1 did not start (see $dir/netdelay-h$1.log)" >&2; return 1; }
  ip netns exec "$ns" "$ipt" -A OUTPUT -o eth0 -j NFQUEUE --queue-num 0 --queue-bypass \
    || { echo "--latency-ms: cannot add the NFQUEUE rule in $ns (the kernel needs xt_NFQUEUE)" >&2; return 1; }
}

# Removes every namespace and the bridge of this cluster (rules and veths go with their namespace).
# Processes still inside one of these namespaces are this cluster's roles (a killed script's): stopped first.
hosts_down() {
  local ns pid br
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^oc$(net_id)-h[0-9]+$" || true); do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  br=$(host_bridge)
  ip link show "$br" >/dev/null 2>&1 && ip link del "$br"
  return 0
}

host_link() { ip link set "$(host_veth "$1")" "$2"; } # host up|down: partition / heal, both ways at once

cpu_root() {
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo "/sys/fs/cgroup/oceanclassic-$(net_id)"
  elif [ -d /sys/fs/cgroup/cpu ]; then echo "/sys/fs/cgroup/cpu/oceanclassic-$(net_id)"
  else return 1; fi
}

cpu_cap_apply() { # role n pid
  local role=$1 n=$2 pid=$3 cores="" kv group
  [ -s "$dir/cpu" ] || return 0
  while IFS= read -r kv; do [ "${kv%%=*}" = "$role" ] && cores=${kv#*=}; done <"$dir/cpu"
  [ -n "$cores" ] || return 0
  group="$(cpu_root)/$role$n" || { echo "--cpu: no cgroup cpu controller on this machine" >&2; return 1; }
  mkdir -p "$group"
  local quota; quota=$(awk -v c="$cores" 'BEGIN { printf "%d", c * 100000 }')
  if [ -f "$group/cpu.max" ]; then
    echo "+cpu" >"$(dirname "$group")/cgroup.subtree_control" 2>/dev/null || true
    echo "$quota 100000" >"$group/cpu.max"
  else
    echo 100000 >"$group/cpu.cfs_period_us"
    echo "$quota" >"$group/cpu.cfs_quota_us"
  fi
  echo "$pid" >"$group/cgroup.procs"
}

cpu_caps_remove() {
  local top g
  top=$(cpu_root) || return 0
  [ -d "$top" ] || return 0
  for g in "$top"/*/; do [ -d "$g" ] && rmdir "$g" 2>/dev/null; done
  rmdir "$top" 2>/dev/null || true
}
