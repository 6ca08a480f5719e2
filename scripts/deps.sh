#!/usr/bin/env bash
# Installs the Debian packages the tests and benchmarks use, if they are missing:
# mariadb-client (mysql, mariadb-dump, mysqlslap), sysbench, python3-pymysql, python3-sqlalchemy, Perl's
# DBD::MariaDB (a binary-protocol client), nodejs + npm, iptables (the NFQUEUE rule behind cluster.sh
# --latency-ms and the simulated-host tests' delay), and mariadb-server, whose mariadbd the differential
# tests start privately (the packaged service is never started: a policy-rc.d forbids it during the install,
# and one that starts anyway is stopped by its pid). Then the client sessions' Node packages (mysql2, knex,
# sequelize at the versions in tests/Clients.Tests/Sessions/package-lock.json) into that folder's
# node_modules, if they are not there yet.
# `deps.sh client` installs only the mysql client (what `cluster.sh start` needs for the README's next line).
set -uo pipefail
need=()
command -v mysql >/dev/null 2>&1 || need+=(mariadb-client)
if [ "${1:-}" != client ]; then
  command -v sysbench >/dev/null 2>&1 || need+=(sysbench)
  dpkg -s python3-pymysql >/dev/null 2>&1 || need+=(python3-pymysql)
  dpkg -s python3-sqlalchemy >/dev/null 2>&1 || need+=(python3-sqlalchemy)
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  command -v npm >/dev/null 2>&1 || need+=(npm)
  perl -MDBD::MariaDB -e1 >/dev/null 2>&1 || need+=(libdbd-mariadb-perl)
  command -v iptables-legacy >/dev/null 2>&1 || need+=(iptables)
  [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
fi

# The Node sessions' packages, installed exactly as locked (npm ci); skipped while node_modules holds a copy
# of the lock file it was installed from.
node_packages() {
  local folder
  folder="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/Clients.Tests/Sessions"
  cmp -s "$folder/package-lock.json" "$folder/node_modules/.installed-from.json" && return 0
  (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || { echo "npm ci in $folder failed" >&2; return 1; }
  cp "$folder/package-lock.json" "$folder/node_modules/.installed-from.json"
}

if [ ${#need[@]} -eq 0 ]; then
  [ "${1:-}" = client ] && exit 0
  node_packages
  exit $?
fi
echo "installing ${need[*]}..."
sudo_cmd=""
[ "$(id -u)" = 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq >/dev/null 2>&1 || true
policy=/usr/sbin/policy-rc.d
own_policy=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo_cmd tee "$policy" >/dev/null && $sudo_cmd chmod 755 "$policy" && own_policy=1
fi
service_pid=/run/mysqld/mysqld.pid
had_service=""
[ -e "$service_pid" ] && had_service=1
$sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null 2>&1
rc=$?
[ -n "$own_policy" ] && $sudo_cmd rm -f "$policy"
if [ -z "$had_service" ] && [ -e "$service_pid" ]; then
  $sudo_cmd kill "$(cat "$service_pid")" 2>/dev/null || true
fi
[ $rc -eq 0 ] || { echo "could not install ${need[*]}" >&2; exit 1; }
[ "${1:-}" = client ] || node_packages
