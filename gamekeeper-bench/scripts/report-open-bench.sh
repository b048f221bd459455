#!/usr/bin/env bash
# Report opening benchmark (issue 21): ReportOpenFigure writes the HTML report of ALERTS seeded
# alerts and opens it LOADS times in headless Chromium (Debian's chromium and chromium-driver, as
# ./test installs them; nothing is downloaded), each from a blank page. Prints, from navigation
# start, when the report's script starts, its data is parsed, the first page of the alert table is
# in the document and drawn with the charts (the report's performance marks), first contentful
# paint and the load event; and the page's main-thread work (Chrome's own accounting): medians
# of the loads after the first.
#
#   gamekeeper-bench/scripts/report-open-bench.sh [ALERTS=100000] [LOADS=9] [JAR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
alerts="${1:-100000}"
loads="${2:-9}"
jar="${3:-$here/gamekeeper-bench/target/gamekeeper-bench.jar}"
if [ ! -f "$jar" ]; then
  (cd "$here" && ./mvnw -q -B -ntp package -DskipTests -pl gamekeeper-bench -am)
fi
java -cp "$jar" org.gamekeeper.bench.ReportOpenFigure "$alerts" "$loads" 2> >(grep -v -e '^WARNING' -e 'CdpVersionFinder' -e '^INFO' >&2)
