#!/usr/bin/env bash
# Installs the Debian packages the tests and benchmarks use, if they are missing:
# mariadb-client (mysql), sysbench, python3-pymysql, Perl's DBD::MariaDB (a binary-protocol client), and
# mariadb-server, whose mariadbd the differential tests start privately (the packaged service is never
# started: a policy-rc.d forbids it during the install, and one that starts anyway is stopped by its pid).
# `deps.sh client` installs only the mysql client (what `cluster.sh start` needs for the README's next line).
set -uo pipefail
need=()
command -v mysql >/dev/null 2>&1 || need+=(mariadb-client)
if [ "${1:-}" != client ]; then
  command -v sysbench >/dev/null 2>&1 || need+=(sysbench)
  dpkg -s python3-pymysql >/dev/null 2>&1 || need+=(python3-pymysql)
  perl -MDBD::MariaDB -e1 >/dev/null 2>&1 || need+=(libdbd-mariadb-perl)
  [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
fi
[ ${#need[@]} -eq 0 ] && exit 0
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
