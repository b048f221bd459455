#!/usr/bin/env bash
# Fills bench-work/fuzz-seeds/<Target>/ from the shared corpus (never committed): the starting
# points ./test --fuzz gives each target beside its committed regression inputs.
set -u  # best effort: a seed that cannot be made is left out (head closing a pipe early is normal here)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
corpus="${GAMEKEEPER_CORPUS:-../shared/corpus}"
out=bench-work/fuzz-seeds
rm -rf "$out"; mkdir -p "$out"/{EvtxReaderFuzzTest,JsonEventFuzzTest,ValueStagesFuzzTest,MailFuzzTest,SigmaRuleFuzzTest,ConditionFuzzTest,RegexDfaFuzzTest,MatcherFuzzTest}
n=0
# EVTX: the first 12 KiB of each file's first chunk (header, templates, a few records) and a few whole small files
find "$corpus/evtx" "$corpus/hostile" -name '*.evtx' -print0 | sort -z | while IFS= read -r -d '' f; do
  n=$((n + 1))
  dd if="$f" of="$out/EvtxReaderFuzzTest/chunk-$n" bs=4096 skip=1 count=3 2>/dev/null
  [ $((n % 40)) -eq 0 ] && [ "$(stat -c %s "$f")" -le 69632 ] && cp "$f" "$out/EvtxReaderFuzzTest/file-$n"
done
# JSON: the start of each OTRF export and the SigmaHQ regression JSON
find "$corpus/json-logs" -name '*.zip' | sort | head -40 | while read -r z; do
  n=$((n + 1)); unzip -p "$z" 2>/dev/null | head -c 16384 > "$out/JsonEventFuzzTest/otrf-$n" || true
done
find "$corpus/sigma/regression_data" -name '*.json' | sort | head -60 | while read -r j; do
  n=$((n + 1)); head -c 16384 "$j" > "$out/JsonEventFuzzTest/regression-$n"
done
# Mail: the first 64 KiB of every 10th message of each folder (phishing, ham, hard ham), .msg included
find "$corpus/email" -type f ! -name '*.tsv' ! -name '*.md' | sort | awk 'NR % 10 == 0' | while read -r m; do
  n=$((n + 1)); head -c 65536 "$m" > "$out/MailFuzzTest/mail-$n"
done
# Sigma: rule files, their conditions, their regular expressions (flags byte, expression, 0xFF, a value)
find "$corpus/sigma/rules/windows" -name '*.yml' | sort | awk 'NR % 15 == 0' | while read -r r; do
  n=$((n + 1)); cp "$r" "$out/SigmaRuleFuzzTest/rule-$n"
  grep -h '^ *condition:' "$r" | sed 's/^ *condition: *//' | head -1 > "$out/ConditionFuzzTest/cond-$n"
done
grep -rhE '\|re(\|i)?: ' "$corpus/sigma/rules/windows" | sed -E "s/.*\|re[^:]*: *'?//; s/'\$//" | sort -u | head -150 | while IFS= read -r re; do
  n=$((n + 1)); { printf '\x02%s\xff' "$re"; printf 'C:\\Windows\\System32\\cmd.exe /c whoami /all'; } > "$out/RegexDfaFuzzTest/re-$n"
done
grep -rhE 'CommandLine\|contains' -A3 "$corpus/sigma/rules/windows/process_creation" | grep -E "^ +- '" | sed -E "s/^ +- '//; s/'\$//" | sort -u | head -200 | while IFS= read -r v; do
  n=$((n + 1)); printf 'cmd.exe /c %s\xffC:\\Windows\\System32\\cmd.exe\xffC:\\Windows\\explorer.exe' "$v" > "$out/MatcherFuzzTest/value-$n"
done
# Values: command lines quoted by SigmaHQ's process-creation rules, and LOLBAS's documented commands
grep -rhE 'CommandLine\|contains' -A3 "$corpus/sigma/rules/windows/process_creation" | grep -E "^ +- '" | sed -E "s/^ +- '//; s/'\$//" | sort -u | awk 'NR % 4 == 0' | head -150 | while IFS= read -r v; do
  n=$((n + 1)); printf 'cmd.exe /c %s' "$v" > "$out/ValueStagesFuzzTest/value-$n"
done
grep -rh '^ *- Command: ' "$corpus/lolbas" 2>/dev/null | sed -E 's/^ *- Command: *//' | sort -u | head -150 | while IFS= read -r v; do
  n=$((n + 1)); printf '%s' "$v" > "$out/ValueStagesFuzzTest/lolbas-$n"
done
for d in "$out"/*/; do echo "$(ls "$d" | wc -l) seeds in $d"; done
