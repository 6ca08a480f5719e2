#!/usr/bin/env bash
# Installs the Debian packages the tests and benchmarks use, if they are missing:
# mariadb-client (mysql), sysbench, python3-pymysql, and Perl's DBD::MariaDB (a binary-protocol client).
# `deps.sh client` installs only the mysql client (what `cluster.sh start` needs for the README's next line).
set -uo pipefail
need=()
command -v mysql >/dev/null 2>&1 || need+=(mariadb-client)
if [ "${1:-}" != client ]; then
  command -v sysbench >/dev/null 2>&1 || need+=(sysbench)
  dpkg -s python3-pymysql >/dev/null 2>&1 || need+=(python3-pymysql)
  perl -MDBD::MariaDB -e1 >/dev/null 2>&1 || need+=(libdbd-mariadb-perl)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing ${need[*]}..."
sudo_cmd=""
[ "$(id -u)" = 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq >/dev/null 2>&1 || true
$sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || { echo "could not install ${need[*]}" >&2; exit 1; }
