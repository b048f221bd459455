#!/usr/bin/env bash
# End-to-end search benchmark (issue 23): gamekeeper search against gamekeeper hunt with every
# Windows rule on the same inputs, the inputs taken in turn so both are measured in the same
# stretch of time: (1) the EVTX corpus repeated to ~1 M events (merged file), (2) the OTRF JSON
# datasets. Three searches: a keyword in any field (every field of every event read), a field
# value with a wildcard under an EventID, a regular expression in any field. Medians of RUNS runs,
# net of start-up (a run on an empty folder subtracted), 2 threads, JSON lines to /dev/null.
#
#   gamekeeper-bench/scripts/search-bench.sh [RUNS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
tools="$(cd "$corpus/../tools" && pwd)"
work="$here/bench-work"
runs="${1:-3}"
gk="$here/gamekeeper"
mkdir -p "$work/empty"
"$gk" --version >/dev/null
[ -f "$work/merged-1m.evtx" ] || python3 "$tools/merge-evtx.py" "$corpus/evtx/evtx-attack-samples" 122 "$work/merged-1m.evtx" >/dev/null
sigma="$corpus/sigma"
all_rules="$sigma/rules/windows,$sigma/rules-threat-hunting/windows,$sigma/rules-emerging-threats"
otrf="$corpus/json-logs/otrf"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_once() { # NAME CMD...
  local name="$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o "$work/$name.time1" "$@" >/dev/null 2>"$work/$name.stderr" || true
  tail -n 1 "$work/$name.time1" >> "$work/$name.times"
}
wall() { awk '{print $1}' "$work/$1.times" | median; }
cpu() { awk '{print $3 + $4}' "$work/$1.times" | median; }
rss() { awk '{print $2}' "$work/$1.times" | sort -n | tail -1; }
events() { sed -n 's/^[a-z]*: [0-9]* file(s), \([0-9]*\) event(s).*/\1/p' "$work/$1.stderr" | head -1; }
matched() { sed -n 's/.* \([0-9]*\) matched$/\1/p' "$work/$1.stderr"; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
net() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }

names=(empty-search empty-hunt)
for input in evtx otrf; do names+=("kw-$input" "field-$input" "re-$input" "hunt-$input"); done
for n in "${names[@]}"; do : > "$work/$n.times"; done
for _ in $(seq 1 "$runs"); do
  time_once empty-search "$gk" search --no-progress --threads 2 -k mimikatz "$work/empty"
  time_once empty-hunt "$gk" hunt --no-progress --threads 2 --rules "$all_rules" "$work/empty"
  for input in evtx otrf; do
    path="$work/merged-1m.evtx"; [ "$input" = otrf ] && path="$otrf"
    time_once "kw-$input" "$gk" search --no-progress --threads 2 -k mimikatz "$path"
    time_once "field-$input" "$gk" search --no-progress --threads 2 -e 4624 -f 'TargetUserName=admin*' "$path"
    time_once "re-$input" "$gk" search --no-progress --threads 2 -r '(?i)\\[a-z]+\$\\' "$path"
    time_once "hunt-$input" "$gk" hunt --no-progress --threads 2 --rules "$all_rules" "$path"
  done
done
es=$(wall empty-search); eh=$(wall empty-hunt)
echo "start-up: search $es s, hunt with all rules $eh s (medians of $runs)"
echo
echo "CPU at start-up: search $(cpu empty-search) s, hunt $(cpu empty-hunt) s"
echo
echo "| input | command | events | matched | wall s net (median of $runs) | events/s | CPU s net (user+sys) | peak RSS MiB |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for input in evtx otrf; do
  for kind in kw field re hunt; do
    n="$kind-$input"; base=$es; cbase=$(cpu empty-search); [ "$kind" = hunt ] && { base=$eh; cbase=$(cpu empty-hunt); }
    w=$(net "$(wall "$n")" "$base")
    case $kind in kw) what="search -k mimikatz";; field) what="search -e 4624 -f TargetUserName=admin*";; re) what="search -r '(?i)\\\\[a-z]+\\\$\\\\'";; hunt) what="hunt, all Windows rules";; esac
    echo "| $input | \`$what\` | $(events "$n") | $(matched "$n") | $w | $(rate "$(events "$n")" "$w") | $(net "$(cpu "$n")" "$cbase") | $(( $(rss "$n") / 1024 )) |"
  done
done
