#!/usr/bin/env bash
# Hostile values (issue 22): what a 1 MB command line costs when every SigmaHQ Windows rule is
# evaluated on it, end to end through `gamekeeper hunt` (JSON parsing, mapping, prefilters,
# matchers, derived CommandLineNormalized). Four shapes: plain text, base64, carets between
# characters, many quotes. Per shape, N events of 1 MB in one flat JSON-lines file; two figures,
# each from the medians of RUNS runs (inputs in turn):
#   net:      (time of the file - time of one small event with the same rules) / N: start-up and
#             rule loading taken out, but the JIT's one-time compilation of the paths these values
#             take (a second or so of compiler threads' CPU) is spread over the N events;
#   marginal: (time of the same events twice, 2N - time of N) / N: what one more such event costs
#             a run that is under way, compilation done.
# The rules: SigmaHQ's Windows rules plus the built-in pack (`builtin`; empty when this was written).
#
#   gamekeeper-bench/scripts/hostile-values-bench.sh [RUNS] [N]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
work="$here/bench-work/hostile-values"
runs="${1:-3}"
n="${2:-20}"
gk="$here/gamekeeper"
rules="$corpus/sigma/rules/windows"
mkdir -p "$work"
"$gk" --version >/dev/null

PYTHONPATH="$here/gamekeeper-bench/scripts" python3 - "$work" "$n" <<'PY'
import os, random, sys
from hostile_values import command_lines, process_event
work, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(22)
def event(cmd):
    return process_event(cmd, "WS01", "2024-05-01T10:00:00.000Z")
with open(os.path.join(work, "small.jsonl"), "w") as f:
    f.write(event("cmd.exe /c whoami"))
for name, make in command_lines(rnd).items():
    with open(os.path.join(work, name + ".jsonl"), "w") as f:
        for i in range(n):
            f.write(event(make()))
PY

# Wall time, and CPU time (user + system: less disturbed by other work on a shared machine) as "wall/cpu".
secs() {
  local s e cpu
  s=$(date +%s.%N)
  /usr/bin/time -f '%U %S' -o "$work/time.txt" "$gk" hunt --no-progress --rules "$rules,builtin" "$1" >/dev/null 2>"$work/err.txt"
  cpu=$(tail -1 "$work/time.txt")
  e=$(date +%s.%N)
  echo "$(echo "$e - $s" | bc)/$(echo "$cpu" | awk '{print $1 + $2}')"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for shape in plain base64 carets quotes; do
  cat "$work/$shape.jsonl" "$work/$shape.jsonl" > "$work/$shape-twice.jsonl"
done
echo "rules: $rules; $n events of 1 MB per shape; median of $runs runs (inputs in turn)"
declare -A times
for r in $(seq "$runs"); do
  for shape in small plain base64 carets quotes plain-twice base64-twice carets-twice quotes-twice; do
    times[$shape]+="$(secs "$work/$shape.jsonl") "
  done
done
pick() { echo "${times[$1]}" | tr ' ' '\n' | grep . | cut -d/ -f"$2" | median; }
base=$(pick small 1); basecpu=$(pick small 2)
echo "one small event (start-up, rule loading): ${base} s wall, ${basecpu} s CPU"
for shape in plain base64 carets quotes; do
  t=$(pick "$shape" 1); c=$(pick "$shape" 2); t2=$(pick "$shape-twice" 1); c2=$(pick "$shape-twice" 2)
  echo "$shape: ${t} s wall, ${c} s CPU for $n events, ${t2} s, ${c2} s for $((2 * n)); per event, net" \
    "$(echo "($t - $base) * 1000 / $n" | bc -l | xargs printf '%.0f') ms wall / $(echo "($c - $basecpu) * 1000 / $n" | bc -l | xargs printf '%.0f') ms CPU," \
    "marginal $(echo "($t2 - $t) * 1000 / $n" | bc -l | xargs printf '%.0f') ms wall / $(echo "($c2 - $c) * 1000 / $n" | bc -l | xargs printf '%.0f') ms CPU"
done
