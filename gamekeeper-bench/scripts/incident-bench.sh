#!/usr/bin/env bash
# Incident grouping benchmark (issue 21): IncidentGroupingFigure on seeded synthetic alerts, under
# the heap settings the gamekeeper launcher uses (parallel collector, 128 MiB young generation)
# with a fixed, modest -Xmx; then the smallest -Xmx (64 MiB steps) at which one grouping of the
# same alerts still completes, by bisection. Prints the figure's lines (median time of ROUNDS
# rounds, the grouping thread's CPU time, the heap the inputs hold, the result retains and
# grouping needed at its peak above the inputs, and the SHA-256 of the result) and the smallest heap.
#
#   gamekeeper-bench/scripts/incident-bench.sh [ALERTS=1000000] [ROUNDS=3] [XMX_MIB=2048] [JAR]
#
# JAR defaults to gamekeeper-bench/target/gamekeeper-bench.jar (built when missing); give another
# build's bench jar to measure it the same way. Set SEARCH=0 to skip the smallest-heap search.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
alerts="${1:-1000000}"
rounds="${2:-3}"
xmx="${3:-2048}"
jar="${4:-$here/gamekeeper-bench/target/gamekeeper-bench.jar}"
if [ ! -f "$jar" ]; then
  (cd "$here" && ./mvnw -q -B -ntp package -DskipTests -pl gamekeeper-bench -am)
fi
figure() { # XMX_MIB ROUNDS
  java -XX:+UseParallelGC -Xmn128m -Xmx"$1"m -cp "$jar" org.gamekeeper.bench.IncidentGroupingFigure "$alerts" "$2"
}

echo "== $alerts alerts, -Xmx${xmx}m, $rounds rounds"
figure "$xmx" "$rounds" || echo "did not complete under -Xmx${xmx}m"

[ "${SEARCH:-1}" = 0 ] && exit 0
# bisection: lo fails (or is the inputs' own size), hi completes
lo="${LO_MIB:-1024}"
hi="${HI_MIB:-8192}"
while [ $((hi - lo)) -gt 64 ]; do
  mid=$(( (lo + hi) / 2 / 64 * 64 ))
  if figure "$mid" 1 >/dev/null 2>&1; then hi=$mid; else lo=$mid; fi
  echo "  -Xmx${mid}m: $([ $hi = $mid ] && echo completes || echo fails)"
done
echo "smallest heap that completes: -Xmx${hi}m (64 MiB steps; -Xmx${lo}m fails)"
