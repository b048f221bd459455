#!/usr/bin/env bash
# Two jars' hunt speed compared side by side: in each round both run at the same time, one
# thread each (`hunt --threads 1`), so a phase in which the machine slows (this two-core machine
# has phases of minutes at 10-50 % below its best) slows both alike; the figure is the ratio of
# their times in each round, and its median. Run one after the other (interleaved A/Bs), two runs
# of the same jar minutes apart differ by more than most changes; side by side, an A/A run gives
# ratios within 1 % (0.995, 0.998, 0.995, 2026-12-06). Rules: the built-in pack and SigmaHQ's
# Windows rules; the launcher's JVM settings; A starts a moment before B.
#
#   gamekeeper-bench/scripts/hunt-ab-side-by-side.sh ROUNDS A.jar B.jar [INPUT]
#
# INPUT defaults to the 1 M-event merged EVTX file that pack-speed-bench.sh builds.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
rounds="$1"; a="$2"; b="$3"
input="${4:-$here/bench-work/merged-1m.evtx}"
[ -e "$input" ] || { echo "no input $input (pack-speed-bench.sh builds the merged file)" >&2; exit 2; }
sigma="$corpus/sigma"
rules="builtin,$sigma/rules/windows,$sigma/rules-threat-hunting/windows,$sigma/rules-emerging-threats"
# The launcher's settings, as it builds them (see ./gamekeeper).
jvm=$(bash -c "source <(sed -n '/^jit=/,/^done/p' '$here/gamekeeper'); echo \"\$jit\"")
work="$here/bench-work/hunt-ab"
mkdir -p "$work"
times="$work/times.txt"
: > "$times"
for _ in $(seq "$rounds"); do
  # shellcheck disable=SC2086 # the JVM options are words
  /usr/bin/time -f "A %e %U %S" -a -o "$times" java -XX:+UseParallelGC -Xmn128m -Xmx2g -Xss8m $jvm -jar "$a" \
    hunt --no-progress --threads 1 --rules "$rules" "$input" >/dev/null 2>"$work/a.stderr" &
  # shellcheck disable=SC2086
  /usr/bin/time -f "B %e %U %S" -a -o "$times" java -XX:+UseParallelGC -Xmn128m -Xmx2g -Xss8m $jvm -jar "$b" \
    hunt --no-progress --threads 1 --rules "$rules" "$input" >/dev/null 2>"$work/b.stderr" &
  wait
done
python3 - "$times" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def col(tag, cpu=False):
    return [float(r[2]) + float(r[3]) if cpu else float(r[1]) for r in rows if r[0] == tag]
for what, cpu in (("wall", False), ("CPU", True)):
    a, b = col("A", cpu), col("B", cpu)
    ratios = [y / x for x, y in zip(a, b)]
    print(f"{what}: A {' '.join(f'{x:.2f}' for x in a)} s; B {' '.join(f'{y:.2f}' for y in b)} s; "
          f"B/A {' '.join(f'{r:.3f}' for r in ratios)}, median {statistics.median(ratios):.3f}")
PY
