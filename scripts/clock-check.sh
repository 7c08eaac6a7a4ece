#!/usr/bin/env bash
# The unit, component and integration tests with the clock moved and in far-from-UTC time zones, so a
# test (or product code) that depends on the day it runs on shows up. Not part of `npm test` or CI (each
# run takes as long as those three projects do); run it after touching dates, file names or the clock.
#
#   scripts/clock-check.sh                       # every scenario below, then one line per scenario
#   scripts/clock-check.sh leap-day kiritimati   # some of them (names as listed below)
#   scripts/clock-check.sh --list                # the scenarios
#   JEST_ARGS="test/unit/export" scripts/clock-check.sh year-end   # a subset of the tests
#
# Needs Debian's `faketime` (libfaketime: apt-get install faketime) for the scenarios that move the clock.
# How jest keeps working under it: the clock is moved by an offset and keeps running (`-f +400d`, or a
# plain timestamp, which the faketime wrapper turns into an offset), never frozen: under
# `faketime -f '2028-02-29 12:00:00'` (frozen) no Node timer fires and jest hangs, and with the monotonic
# clock left alone the timers fire but tests that wait on elapsed wall time fail. FAKETIME_DONT_FAKE_MONOTONIC=1
# leaves the monotonic clock (Node's timers, performance.now) alone; with a running offset jest also
# worked without it (libfaketime 0.9.10, Node 22), and it stays as a safeguard.
# Results go to .build/clock-<scenario>.json; the exit code is 1 when any scenario has a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

# name | TZ | faketime argument ("" = the real clock) | what it checks
SCENARIOS=(
  "today|UTC||the real clock in UTC, for comparison"
  "year-ahead|UTC|-f +400d|400 days from now"
  "leap-day|UTC|2028-02-29 12:00:00 UTC|29 February"
  "year-end|UTC|2026-12-31 23:30:00 UTC|half an hour before a new year, UTC"
  "midnight-crossing|UTC|2026-12-31 23:58:30 UTC|a new year begins while the tests run"
  "kiritimati|Pacific/Kiritimati||UTC+14 (a day ahead of UTC from 10:00 UTC)"
  "pago-pago|Pacific/Pago_Pago||UTC-11 (a day behind UTC until 11:00 UTC)"
  "new-york|America/New_York||UTC-5/-4, daylight saving time"
  "kiritimati-new-year|Pacific/Kiritimati|2026-12-31 10:30:00 UTC|00:30 on 1 January locally, still 31 December in UTC"
  "pago-pago-new-year|Pacific/Pago_Pago|2027-01-01 06:30:00 UTC|19:30 on 31 December locally, already 1 January in UTC"
  "new-york-leap-night|America/New_York|2028-03-01 02:00:00 UTC|21:00 on 29 February locally, 1 March in UTC"
)

if [ "${1:-}" = "--list" ]; then
  for s in "${SCENARIOS[@]}"; do IFS='|' read -r name tz fake what <<<"$s"; printf '%-22s TZ=%-20s %-26s %s\n' "$name" "$tz" "${fake:-(real clock)}" "$what"; done
  exit 0
fi

FAKETIME_BIN=$(command -v faketime || true)
mkdir -p .build
node scripts/build-worker.mjs >/dev/null
wanted=" $* "
summary=()
status=0
read -r -a extra <<<"${JEST_ARGS:-}"

for s in "${SCENARIOS[@]}"; do
  IFS='|' read -r name tz fake what <<<"$s"
  [ $# -gt 0 ] && [[ "$wanted" != *" $name "* ]] && continue
  out=".build/clock-$name.json"
  rm -f "$out"
  prefix=()
  if [ -n "$fake" ]; then
    if [ -z "$FAKETIME_BIN" ]; then
      summary+=("$(printf '%-22s skipped: faketime is not installed (apt-get install faketime)' "$name")")
      continue
    fi
    if [[ "$fake" == -f* ]]; then prefix=("$FAKETIME_BIN" -f "${fake#-f }"); else prefix=("$FAKETIME_BIN" "$fake"); fi
  fi
  echo "=== $name: TZ=$tz ${fake:+faketime $fake }($what)"
  TZ="$tz" FAKETIME_DONT_FAKE_MONOTONIC=1 "${prefix[@]}" node -e 'console.log("    the tests start at " + new Date().toString())'
  started=$(date +%s)
  TZ="$tz" FAKETIME_DONT_FAKE_MONOTONIC=1 "${prefix[@]}" node_modules/.bin/jest --selectProjects unit component integration \
    --maxWorkers=1 --json "--outputFile=$out" "${extra[@]}" >".build/clock-$name.log" 2>&1
  took=$(( $(date +%s) - started ))
  if [ -f "$out" ]; then
    line=$(node -e '
      const r = require(process.argv[1]);
      const failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
      const names = r.testResults.flatMap(f => f.assertionResults.filter(a => a.status === "failed").map(a => "      " + f.name.replace(process.cwd() + "/", "") + " › " + a.fullName));
      const broken = r.testResults.filter(f => f.status === "failed" && f.assertionResults.length === 0).map(f => "      " + f.name.replace(process.cwd() + "/", "") + ": " + (f.message || "").split("\n").find(Boolean));
      console.log(`${r.numPassedTests} passed, ${failed} failed` + (names.length + broken.length ? "\n" + [...names, ...broken].join("\n") : ""));
    ' "$PWD/$out")
  else
    line="0 passed, 1 failed (jest wrote no results: see .build/clock-$name.log)"
  fi
  [[ "$line" == *" 0 failed"* ]] || status=1
  echo "    $line (${took} s)"
  summary+=("$(printf '%-22s %s' "$name" "$line")")
done

echo
echo "Clock check (unit, component, integration):"
printf '  %s\n' "${summary[@]}"
exit "$status"
