#!/usr/bin/env bash
# Fuzzes one target with Jazzer for a bounded time: ./fuzz/run.sh MODULE CLASS SECONDS [SEEDS...]
# (./test --fuzz runs every target through this). The target class's committed regression inputs
# and the seed folders given (filled from ../shared/corpus at run time, never committed) start the
# corpus; what Jazzer adds stays in bench-work/fuzz/ (git-ignored). A finding is written there as
# crash-*, the run goes on (--keep_going) so one run reports them all; the log keeps the figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
module="$1"; class="$2"; seconds="$3"; shift 3
work="bench-work/fuzz/${class##*.}"
mkdir -p "$work/corpus" "$work/findings"
cp="$module/target/test.classpath"
if [ ! -s "$cp" ] || [ -n "$(find "$module/src" -newer "$cp" -print -quit)" ]; then
  ./mvnw -q -B -ntp -pl "$module" -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$(pwd)/$cp" -Dmdep.includeScope=test >&2
fi
# A copy of the compiled classes: a build while the fuzzer runs must not change them under it.
rm -rf "$work/classes"; mkdir -p "$work/classes"
classpath="$(pwd)/$work/classes/test:$(pwd)/$work/classes/main:$(cat "$cp")"
cp -r "$module/target/test-classes" "$work/classes/test"; cp -r "$module/target/classes" "$work/classes/main"
for dep in gamekeeper-evtx gamekeeper-sigma gamekeeper-engine gamekeeper-mail; do
  if [ "$dep" != "$module" ] && [ -d "$dep/target/classes" ]; then
    cp -r "$dep/target/classes" "$work/classes/$dep"; classpath="$classpath:$(pwd)/$work/classes/$dep"
  fi
done
inputs="$module/src/test/resources/fuzz/${class##*.}"
dirs=("$work/corpus")
[ -d "$inputs" ] && dirs+=("$inputs")
dirs+=("$@")
exec java -Xss8m -Xmx2g -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
  --target_class="$class" --instrumentation_includes='org.gamekeeper.**' \
  --keep_going=1000 -max_total_time="$seconds" -rss_limit_mb=3000 -timeout=20 \
  -max_len="${FUZZ_MAX_LEN:-70000}" -artifact_prefix="$work/findings/" -print_final_stats=1 \
  "${dirs[@]}"
