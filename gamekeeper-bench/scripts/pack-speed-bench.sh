#!/usr/bin/env bash
# Hunt speed with the built-in pack beside SigmaHQ (issue 20): the pack's process-creation rules
# read CommandLineNormalized, computed when a rule reads it. In one run, interleaved: SigmaHQ's
# ~3,000 Windows rule documents alone, the pack and SigmaHQ together, and the pack alone, each on
# the EVTX corpus merged to ~1 M events and on the OTRF JSON datasets; events/s net of start-up (a
# run of the same rules on one event is subtracted), medians of RUNS. A fourth configuration runs the
# pack and SigmaHQ without hunt's default stages after detection (`--no-rarity --no-aggregate`),
# so the table shows what those stages cost; a fifth runs the pack and SigmaHQ without
# normalisation (`-Dgamekeeper.normalise=false`: the derived fields are the raw ones), so the table
# shows what the de-obfuscation costs.
#
#   gamekeeper-bench/scripts/pack-speed-bench.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
tools="$(cd "$corpus/../tools" && pwd)"
work="$here/bench-work/pack-speed"
runs="${1:-3}"
gk="$here/gamekeeper"
mkdir -p "$work"
# Start-up is measured on one ordinary event (an empty folder stops before the rules are loaded).
"$gk" --version >/dev/null
# shellcheck source=hunt-inputs.sh
source "$here/gamekeeper-bench/scripts/hunt-inputs.sh"
one_event "$work/one.jsonl"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_once() { # NAME CMD...: one more measurement of NAME
  local name="$1"; shift
  /usr/bin/time -f "%e" -o "$work/$name.time1" "$@" >/dev/null 2>"$work/$name.stderr" || true
  tail -n 1 "$work/$name.time1" >> "$work/$name.times"
}
wall() { median < "$work/$1.times"; }
events() { sed -n 's/^hunt: [0-9]* file(s), \([0-9]*\) event(s).*/\1/p' "$work/$1.stderr"; }
alerts() { sed -n 's/.*alerts written: \([0-9]*\).*/\1/p' "$work/$1.stderr"; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }

configs="sigmahq both pack bare raw"
rules_of() {
  case "$1" in
    sigmahq) echo "$sigmahq" ;;
    both) echo "builtin,$sigmahq" ;;
    pack) echo "builtin" ;;
    bare) echo "builtin,$sigmahq" ;;
    raw) echo "builtin,$sigmahq" ;;
  esac
}
options_of() {
  case "$1" in
    bare) echo "--no-rarity --no-aggregate" ;;
    *) echo "" ;;
  esac
}
# The launcher's JVM settings stay; the normalisation switch reaches the JVM through JAVA_TOOL_OPTIONS.
callers_tool_options="${JAVA_TOOL_OPTIONS:-}"
tool_options_of() {
  case "$1" in
    raw) echo "$callers_tool_options -Dgamekeeper.normalise=false" ;;
    *) echo "$callers_tool_options" ;;
  esac
}
for c in $configs; do for i in empty evtx otrf; do : > "$work/$c-$i.times"; done; done
for _ in $(seq 1 "$runs"); do
  for c in $configs; do
    r="$(rules_of "$c")"
    JAVA_TOOL_OPTIONS="$(tool_options_of "$c")"
    if [ -n "${JAVA_TOOL_OPTIONS// /}" ]; then export JAVA_TOOL_OPTIONS; else unset JAVA_TOOL_OPTIONS; fi
    # shellcheck disable=SC2046 # the options are words
    time_once "$c-empty" "$gk" hunt --no-progress --threads 2 $(options_of "$c") --rules "$r" "$work/one.jsonl"
    # shellcheck disable=SC2046
    time_once "$c-evtx" "$gk" hunt --no-progress --threads 2 $(options_of "$c") --rules "$r" "$merged"
    # shellcheck disable=SC2046
    time_once "$c-otrf" "$gk" hunt --no-progress --threads 2 $(options_of "$c") --rules "$r" "$otrf"
  done
done
echo "| rules | start-up s | EVTX ~1 M: events/s (alerts) | OTRF: events/s (alerts) |"
echo "|---|---:|---:|---:|"
# Each run's time net of the start-up measured just before it in the same round (this machine has
# slow phases of minutes; a start-up from another phase would skew the net time), then the median.
paired() { paste -d' ' "$work/$1.times" "$work/$2.times" | awk '{print $1 - $2}' | median; }
for c in $configs; do
  e=$(wall "$c-empty")
  we=$(paired "$c-evtx" "$c-empty"); wo=$(paired "$c-otrf" "$c-empty")
  echo "| $c | $e | $(rate "$(events "$c-evtx")" "$we") ($(alerts "$c-evtx")) | $(rate "$(events "$c-otrf")" "$wo") ($(alerts "$c-otrf")) |"
done
echo "(medians of $runs interleaved runs, --threads 2, each net of the start-up measured in its round; $(events sigmahq-evtx) and $(events sigmahq-otrf) events)"
