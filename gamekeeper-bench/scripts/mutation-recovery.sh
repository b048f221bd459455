#!/usr/bin/env bash
# Records recovered from damaged EVTX files, ours beside libevtx's evtxexport on the same damage
# (issue 22): random mutations (byte flips in file/chunk/record headers, Binary XML noise,
# truncation, zeroed regions, chunks swapped between files) of corpus files, fixed seed.
# The mutation code is the one the property test uses (gamekeeper-evtx test sources).
#
#   gamekeeper-bench/scripts/mutation-recovery.sh [MUTATIONS_PER_FILE]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
./mvnw -q -B -ntp -pl gamekeeper-evtx test-compile dependency:build-classpath \
  -Dmdep.outputFile="$here/gamekeeper-evtx/target/test.classpath" -Dmdep.includeScope=test >&2
cp="gamekeeper-evtx/target/test-classes:gamekeeper-evtx/target/classes:$(cat gamekeeper-evtx/target/test.classpath)"
java -Dgamekeeper.corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}" -cp "$cp" org.gamekeeper.evtx.read.MutationRecoveryReport "${1:-20}"
