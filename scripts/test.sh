#!/usr/bin/env bash
# Builds everything (Release) and runs every test project; ends with "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

"$root/scripts/deps.sh" || { echo "0 passed, 1 failed"; exit 1; }

out=$(mktemp -d)
if ! dotnet build OceanClassic.sln -c Release -nologo -v quiet -clp:ErrorsOnly >"$out/build.log" 2>&1; then
  cat "$out/build.log"
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0; failed=0; rc=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  [ "$name" = Benchmarks ] && continue
  echo "== $name"
  dotnet test "$proj" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory "$out" \
    >"$out/$name.log" 2>&1
  code=$?
  trx="$out/$name.trx"
  if [ -f "$trx" ]; then
    p=$(grep -o 'passed="[0-9]*"' "$trx" | head -1 | tr -dc 0-9); f=$(grep -o 'failed="[0-9]*"' "$trx" | head -1 | tr -dc 0-9)
    p=${p:-0}; f=${f:-0}
  else
    p=0; f=1
  fi
  # A crashed test host or a failing run without counted failures still counts as a failure.
  if [ $code -ne 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  echo "   $p passed, $f failed"
  if [ "$f" != 0 ]; then rc=1; grep -E -A8 "^\s+Failed " "$out/$name.log" | head -120; tail -5 "$out/$name.log"; fi
done
echo "$passed passed, $failed failed"
exit $rc
