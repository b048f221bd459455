#!/usr/bin/env bash
# Baseline and coverage figures (issue 20): `gamekeeper baseline learn` over the corpus (the EVTX
# samples and the OTRF JSON datasets), wall time median of RUNS runs and the size of the SQLite
# file it writes; then `--update` with the same inputs again (counts add, size barely grows);
# then `gamekeeper coverage` over the same inputs; then what the rarity stage costs a hunt: `hunt`
# with SigmaHQ's Windows rules over the OTRF datasets with rarity (stacking, the default) and
# with --no-rarity, runs interleaved. Wall times include JVM start-up.
#
#   gamekeeper-bench/scripts/baseline-bench.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
work="$here/bench-work/baseline"
runs="${1:-3}"
gk="$here/gamekeeper"
mkdir -p "$work"
"$gk" --version >/dev/null
inputs=("$corpus/evtx" "$corpus/json-logs/otrf")

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>>"$work/stderr.log"; e=$(date +%s.%N); echo "$e - $s" | bc; }

: > "$work/stderr.log"
learn=(); update=(); cover=()
for i in $(seq "$runs"); do
  rm -f "$work/corpus.baseline"
  learn+=("$(seconds "$gk" baseline learn "${inputs[@]}" --out "$work/corpus.baseline")")
  size=$(stat -c %s "$work/corpus.baseline")
  update+=("$(seconds "$gk" baseline learn "${inputs[@]}" --out "$work/corpus.baseline" --update)")
  size2=$(stat -c %s "$work/corpus.baseline")
  cover+=("$(seconds "$gk" coverage "${inputs[@]}")")
done
hunt_on=(); hunt_off=()
for i in $(seq "$runs"); do
  hunt_on+=("$(seconds "$gk" hunt --no-progress --rules "$corpus/sigma/rules/windows" "$corpus/json-logs/otrf")")
  hunt_off+=("$(seconds "$gk" hunt --no-progress --no-rarity --rules "$corpus/sigma/rules/windows" "$corpus/json-logs/otrf")")
done
grep '^baseline:' "$work/stderr.log" | tail -2
grep '^rarity:' "$work/stderr.log" | tail -1
echo "baseline learn (corpus evtx + OTRF): median $(printf '%s\n' "${learn[@]}" | median) s of ${runs} runs (${learn[*]})"
echo "baseline file: $size bytes after learn, $size2 bytes after --update with the same inputs"
echo "baseline learn --update (same inputs): median $(printf '%s\n' "${update[@]}" | median) s (${update[*]})"
echo "coverage (same inputs): median $(printf '%s\n' "${cover[@]}" | median) s (${cover[*]})"
echo "hunt OTRF, SigmaHQ Windows rules, rarity on: median $(printf '%s\n' "${hunt_on[@]}" | median) s (${hunt_on[*]})"
echo "hunt OTRF, SigmaHQ Windows rules, --no-rarity: median $(printf '%s\n' "${hunt_off[@]}" | median) s (${hunt_off[*]})"
