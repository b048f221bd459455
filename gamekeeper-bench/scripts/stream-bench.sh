#!/usr/bin/env bash
# Stream benchmark (issue 24): the corpus events (EVTX attack samples and the OTRF exports)
# repeated to at least EVENTS (default 1,000,000) through a single-node KRaft Kafka inside the
# benchmark's JVM: events/s of one and two instances draining a filled topic for 1, 2 and 4
# partitions, end-to-end alert latency (p50, p99) of one instance at 2,000 events/s, and the same
# events through the batch hunt (2 threads) in the same run. Prints figures; asserts nothing.
#
#   gamekeeper-bench/scripts/stream-bench.sh [EVENTS] [RULES]
#
# A burst of 10x the normal rate: one instance in its own JVM with a bounded heap (default
# -Xmx256m), fed RATE events/s (default 5,000) for 30 s, then 10 x RATE for 30 s, then RATE until
# its lag has drained; prints lag (committed, and Kafka Streams' records-lag) and heap every 5 s,
# then peak lag, time to drain, peak heap and whether it ran out of memory.
#
#   gamekeeper-bench/scripts/stream-bench.sh burst [RATE] [RULES] [HEAP]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
(cd "$here" && ./mvnw -q -B -ntp -DskipTests package -pl gamekeeper-bench -am >/dev/null)
if [ "${1:-}" = burst ]; then
    exec java -Xmx2g -cp "$here/gamekeeper-bench/target/gamekeeper-bench.jar" org.gamekeeper.bench.StreamThroughput burst "$corpus" \
        "${2:-5000}" "${3:-$corpus/sigma/rules/windows}" "${4:-256m}"
fi
events="${1:-1000000}"
rules="${2:-$corpus/sigma/rules/windows}"
exec java -Xmx4g -cp "$here/gamekeeper-bench/target/gamekeeper-bench.jar" org.gamekeeper.bench.StreamThroughput "$corpus" "$events" "$rules"
