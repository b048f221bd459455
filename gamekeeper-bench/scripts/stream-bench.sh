#!/usr/bin/env bash
# Stream benchmark (issue 24): the corpus events (EVTX attack samples and the OTRF exports)
# repeated to at least EVENTS (default 1,000,000) through a single-node KRaft Kafka inside the
# benchmark's JVM: events/s of one and two instances draining a filled topic for 1, 2 and 4
# partitions, end-to-end alert latency (p50, p99) of one instance at 2,000 events/s, and the same
# events through the batch hunt (2 threads) in the same run. Prints figures; asserts nothing.
#
#   gamekeeper-bench/scripts/stream-bench.sh [EVENTS] [RULES]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
events="${1:-1000000}"
rules="${2:-$corpus/sigma/rules/windows}"
(cd "$here" && ./mvnw -q -B -ntp -DskipTests package -pl gamekeeper-bench -am >/dev/null)
exec java -Xmx4g -cp "$here/gamekeeper-bench/target/gamekeeper-bench.jar" org.gamekeeper.bench.StreamThroughput "$corpus" "$events" "$rules"
