#!/usr/bin/env bash
# Hostile values (issue 22), A/B: two jars on the inputs hostile-values-bench.sh wrote
# (bench-work/hostile-values/), interleaved (inputs and jars in turn, ROUNDS rounds), each with the
# launcher's JVM settings; per shape, the median wall and CPU time (user + system, all threads)
# per event, net of the median run on the small event. N = 20 uses the script's files; other N
# (a multiple of 20) repeats them.
#
#   gamekeeper-bench/scripts/hostile-values-ab.sh ROUNDS N OLD.jar NEW.jar
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
rounds="$1"; n="$2"; shift 2
src="$here/bench-work/hostile-values"
[ -f "$src/plain.jsonl" ] || { echo "run hostile-values-bench.sh first (it writes the inputs)" >&2; exit 2; }
work="$here/bench-work/hostile-values-ab"
mkdir -p "$work"
for shape in plain base64 carets quotes; do
  : > "$work/$shape.jsonl"
  for _ in $(seq $((n / $(wc -l < "$src/plain.jsonl")))); do cat "$src/$shape.jsonl" >> "$work/$shape.jsonl"; done
done
cp "$src/small.jsonl" "$work/small.jsonl"
# The launcher's settings (see ./gamekeeper).
jit="-XX:FreqInlineSize=40 -XX:InlineSmallCode=400 -XX:Tier4InvocationThreshold=15000 -XX:Tier4CompileThreshold=45000 -XX:Tier4BackEdgeThreshold=120000 -XX:CompileCommand=quiet"
for builder in org.gamekeeper.engine.detect.AsciiAutomaton::build org.gamekeeper.engine.detect.GramScanner::build \
    org.gamekeeper.engine.detect.SkipScanner::build 'org.gamekeeper.engine.detect.RuleIndex$Search::of' \
    org.gamekeeper.sigma.compile.RegexDfa::build org.gamekeeper.sigma.compile.RegexDfa::union \
    org.gamekeeper.sigma.compile.RegexDfa::folded org.gamekeeper.engine.source.JsonLayout::of; do
  jit="$jit -XX:CompileCommand=CompileThresholdScaling,$builder,20.0"
done
times="$work/times.txt"
: > "$times"
for _ in $(seq "$rounds"); do
  for shape in small plain base64 carets quotes; do
    for jar in "$@"; do
      s=$(date +%s.%N)
      /usr/bin/time -f '%U %S' -o "$work/time.txt" java -XX:+UseParallelGC -Xmn128m -Xmx2g -Xss8m $jit -jar "$jar" \
        hunt --no-progress --rules "$corpus/sigma/rules/windows,builtin" "$work/$shape.jsonl" >/dev/null 2>&1
      e=$(date +%s.%N)
      echo "$shape $jar $(echo "$e - $s" | bc) $(awk '{print $1 + $2}' "$work/time.txt")" >> "$times"
    done
  done
done
python3 - "$times" "$n" "$@" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
n = int(sys.argv[2])
def med(shape, jar, i):
    return statistics.median(float(r[i]) for r in rows if r[0] == shape and r[1] == jar)
for jar in sys.argv[3:]:
    bw, bc = med('small', jar, 2), med('small', jar, 3)
    print(f"{jar}: small {bw:.2f} s wall, {bc:.2f} s CPU; per event, wall / CPU:",
          ", ".join(f"{s} {1000 * (med(s, jar, 2) - bw) / n:.0f} / {1000 * (med(s, jar, 3) - bc) / n:.0f} ms"
                    for s in ("plain", "base64", "carets", "quotes")))
PY
