#!/usr/bin/env bash
# End-to-end hunt benchmark (issue 12): gamekeeper hunt with the ~3,000 Windows rule documents of
# the shared SigmaHQ corpus on (1) the EVTX corpus repeated to ~1 M events, beside the parse-only
# rate on the same files, (2) the OTRF JSON datasets (253,699 events, no repeats), (3) rule loading
# time and peak memory, (4) how time grows with the rule count. Medians of RUNS runs, the inputs
# taken in turn; net of start-up (a run on an empty folder with the same rules is subtracted).
#
#   gamekeeper-bench/scripts/hunt-bench.sh [RUNS]
#
# Zircolite (the peer) cannot be installed here (no PyPI); its figure on this machine is in
# ../shared/reference/peer-timings.tsv (3.7.0: ~6,500 events/s on the merged 1 M file).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
tools="$(cd "$corpus/../tools" && pwd)"
work="$here/bench-work"
runs="${1:-3}"
gk="$here/gamekeeper"
mkdir -p "$work/empty"
"$gk" --version >/dev/null
(cd "$here" && ./mvnw -q -B -ntp -DskipTests package -pl gamekeeper-bench -am >/dev/null)
bench_jar="$here/gamekeeper-bench/target/gamekeeper-bench.jar"

sigma="$corpus/sigma"
all_rules="$sigma/rules/windows,$sigma/rules-threat-hunting/windows,$sigma/rules-emerging-threats"
[ -f "$work/merged-1m.evtx" ] || python3 "$tools/merge-evtx.py" "$corpus/evtx/evtx-attack-samples" 122 "$work/merged-1m.evtx" >/dev/null

# Rule subsets for the scaling table: the first N rule files in sorted order.
subset() {
  local n="$1" dir="$work/rules-$1"
  [ -d "$dir" ] && { echo "$dir"; return; }
  mkdir -p "$dir"
  find "$sigma/rules/windows" "$sigma/rules-threat-hunting/windows" "$sigma/rules-emerging-threats" -name '*.yml' | sort | head -n "$n" \
    | while IFS= read -r f; do ln -s "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12).yml"; done
  echo "$dir"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_once() { # NAME CMD...: one more measurement of NAME
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time1" "$@" >/dev/null 2>"$work/$name.stderr" || true
  tail -n 1 "$work/$name.time1" >> "$work/$name.times"   # the last line: time also notes a non-zero exit
}
wall() { awk '{print $1}' "$work/$1.times" | median; }
rss() { awk '{print $2}' "$work/$1.times" | sort -n | tail -1; }
events() { sed -n 's/^hunt: [0-9]* file(s), \([0-9]*\) event(s).*/\1/p' "$work/$1.stderr"; }
ready() { sed -n 's/.*rules ready in \([0-9.]*\) s.*/\1/p' "$work/$1.stderr"; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'; }
net() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a - b }'; }

# Interleaved (empty, EVTX, OTRF, parse-only; again): this VM's speed drifts by ±10 % over
# minutes, and the start-up subtracted from a run should be measured in the same stretch of time.
: > "$work/empty.times"; : > "$work/evtx.times"; : > "$work/otrf.times"; : > "$work/parse.times"
for _ in $(seq 1 "$runs"); do
  time_once empty "$gk" hunt --no-progress --threads 2 --rules "$all_rules" "$work/empty"
  time_once evtx "$gk" hunt --no-progress --threads 2 --rules "$all_rules" "$work/merged-1m.evtx"
  time_once otrf "$gk" hunt --no-progress --threads 2 --rules "$all_rules" "$corpus/json-logs/otrf"
  java -cp "$bench_jar" org.gamekeeper.bench.ParseOnly --threads 2 "$work/merged-1m.evtx" | sed -n 's/.*records, [0-9]* value chars, \([0-9.]*\) s.*/\1/p' >> "$work/parse.times"
done
e=$(wall empty)
n_evtx=$(events evtx); n_otrf=$(events otrf)
w_evtx=$(net "$(wall evtx)" "$e"); w_otrf=$(net "$(wall otrf)" "$e")
p=$(median < "$work/parse.times")
echo "| input | events | wall s net of start-up (median of $runs) | events/s | peak RSS MiB |"
echo "|---|---|---|---|---|"
echo "| start-up + rule loading (empty folder) | 0 | $e (rules ready in $(ready evtx) s) | - | $(( $(rss empty) / 1024 )) |"
echo "| EVTX corpus x122, merged ($n_evtx events) | $n_evtx | $w_evtx | $(rate "$n_evtx" "$w_evtx") | $(( $(rss evtx) / 1024 )) |"
echo "| parse only, every field decoded, same file | $n_evtx | $p | $(rate "$n_evtx" "$p") | - |"
echo "| OTRF JSON datasets (no repeats) | $n_otrf | $w_otrf | $(rate "$n_otrf" "$w_otrf") | $(( $(rss otrf) / 1024 )) |"
echo
echo "hunt / parse-only time on the same file: $(awk -v a="$w_evtx" -v b="$p" 'BEGIN { printf "%.2f", a / b }')"
echo
echo "| rules | rule documents loaded | wall s on the merged file, net | events/s |"
echo "|---|---|---|---|"
for n in 100 1000; do
  d=$(subset "$n")
  : > "$work/empty-$n.times"; : > "$work/evtx-$n.times"
  for _ in $(seq 1 "$runs"); do
    time_once "empty-$n" "$gk" hunt --no-progress --threads 2 --rules "$d" "$work/empty"
    time_once "evtx-$n" "$gk" hunt --no-progress --threads 2 --rules "$d" "$work/merged-1m.evtx"
  done
  w=$(net "$(wall "evtx-$n")" "$(wall "empty-$n")")
  loaded=$(sed -n 's/.*(\([0-9]*\) loaded.*/\1/p' "$work/evtx-$n.stderr")
  echo "| $n | $loaded | $w | $(rate "$n_evtx" "$w") |"
done
loaded=$(sed -n 's/.*(\([0-9]*\) loaded.*/\1/p' "$work/evtx.stderr")
echo "| all | $loaded | $w_evtx | $(rate "$n_evtx" "$w_evtx") |"
