#!/usr/bin/env bash
# Hunt speed against the machine's own past (issue 20): this two-core machine has phases of hours
# in which the same work takes up to half again as long, so an events/s figure alone does not say
# whether code got faster or the machine slower. The code of 2026-11-26 (commit 8c526c4, built
# once under bench-work/calibration from this repository's history) measured 194,048 events/s on
# the 1 M-event EVTX file and 111,271 on OTRF with SigmaHQ's 3,006 Windows rule documents
# (hunt-bench.sh 5, a quiet machine; README, "Hunting"). This script runs that code, SigmaHQ alone,
# side by side with today's default hunt (the built-in pack and the same SigmaHQ rules, rarity,
# aggregation and normalisation on): in each round both start at once, one thread each
# (`--threads 1`), so a slow phase slows both alike; each time is net of a start-up run made side
# by side in the same round (then: an empty folder, as its hunt-bench.sh measured it; now: one
# event, since an empty folder now stops before the rules are loaded). It prints today's speed as
# a share of then's, per round and the median, and what that share of 194,048 and 111,271 is:
# today's hunt at the speed the machine had on 2026-11-26 (an estimate; the figures in the same
# run are the measurement).
#
#   gamekeeper-bench/scripts/hunt-then-and-now.sh [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
tools="$(cd "$corpus/../tools" && pwd)"
rounds="${1:-5}"
then_rev=8c526c4
then_evtx=194048
then_otrf=111271
work="$here/bench-work/then-and-now"
calibration="$here/bench-work/calibration"
mkdir -p "$work" "$work/empty"
if [ ! -f "$calibration/gamekeeper-cli/target/gamekeeper.jar" ]; then
  rm -rf "$calibration"; mkdir -p "$calibration"
  git -C "$here" archive "$then_rev" | tar -x -C "$calibration"
  (cd "$calibration" && ./mvnw -q -B -ntp -DskipTests package -pl gamekeeper-cli -am) >&2
fi
now="$here/gamekeeper"
"$now" --version >/dev/null
# shellcheck source=hunt-inputs.sh
source "$here/gamekeeper-bench/scripts/hunt-inputs.sh"
one_event "$work/one.jsonl"
times="$work/times.txt"
: > "$times"
for _ in $(seq "$rounds"); do
  for input in start evtx otrf; do
    case "$input" in
      start) a="$work/empty"; b="$work/one.jsonl" ;;
      evtx) a="$merged"; b="$merged" ;;
      otrf) a="$otrf"; b="$otrf" ;;
    esac
    /usr/bin/time -f "then $input %e" -a -o "$times" "$calibration/gamekeeper" hunt --no-progress --threads 1 \
      --rules "$sigmahq" "$a" >/dev/null 2>"$work/then-$input.stderr" &
    /usr/bin/time -f "now $input %e" -a -o "$times" "$now" hunt --no-progress --threads 1 \
      --rules "builtin,$sigmahq" "$b" >/dev/null 2>"$work/now-$input.stderr" &
    wait
  done
done
grep -q '3006 loaded' "$work/then-evtx.stderr" || { echo "the calibration hunt did not load the 3,006 rule documents it was measured with" >&2; exit 3; }
python3 - "$times" "$then_evtx" "$then_otrf" "$then_rev" <<'PYEOF'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.startswith(("then ", "now "))]
then_rate = {"evtx": int(sys.argv[2]), "otrf": int(sys.argv[3])}
def col(who, what):
    return [float(r[2]) for r in rows if r[0] == who and r[1] == what]
print(f"| input | net s, then ({sys.argv[4]}, SigmaHQ alone) | net s, now (pack and SigmaHQ) | now's speed ÷ then's | median | then on 2026-11-26 | now at that speed |")
print("|---|---|---|---|---:|---:|---:|")
for what, label in (("evtx", "EVTX, 1 M events"), ("otrf", "OTRF, 253,699 events")):
    t = [x - s for x, s in zip(col("then", what), col("then", "start"))]
    n = [x - s for x, s in zip(col("now", what), col("now", "start"))]
    share = [a / b for a, b in zip(t, n)]
    m = statistics.median(share)
    print(f"| {label} | {' '.join(f'{x:.2f}' for x in t)} | {' '.join(f'{x:.2f}' for x in n)} | "
          f"{' '.join(f'{x:.3f}' for x in share)} | {m:.3f} | {then_rate[what]:,} | {round(m * then_rate[what]):,} |")
print(f"({len(share)} rounds, one thread each, side by side; net of the start-up run made beside it in the same round)")
PYEOF
