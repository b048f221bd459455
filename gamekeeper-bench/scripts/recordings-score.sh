#!/usr/bin/env bash
# The built-in pack on a folder of another lab's attack recordings, beside SigmaHQ's Windows rules:
# every EVTX or JSON file under ROOT is one recording (a lab's capture of one technique's run; the
# files of one folder are the channels of one run, a dataset). Hunted once by the pack alone and
# once by SigmaHQ's rules, alerts not aggregated; a recording counts when an alert at medium or above
# names it. Prints the share of recordings and of datasets flagged, per top-level folder (for
# Splunk's attack_data, the ATT&CK technique) and overall, and writes the recordings the pack
# misses, with what SigmaHQ says of each, to WORK/missed.tsv.
#
# Recordings kept as XML events (Splunk's XmlWinEventLog, wevtutil /f:xml) are converted first with
# xml-events-to-json.py. GAMEKEEPER_JAR runs that jar instead of the checkout's launcher (to measure
# an earlier build at first sight).
#
#   gamekeeper-bench/scripts/recordings-score.sh WORK ROOT
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
work="${1:?WORK folder}"
root="${2:?ROOT folder of recordings}"
[ -d "$root" ] || { echo "no folder $root" >&2; exit 3; }
sigma="$corpus/sigma"
[ -d "$sigma/rules/windows" ] || { echo "no SigmaHQ rules under $sigma (set GAMEKEEPER_CORPUS)" >&2; exit 3; }
mkdir -p "$work"
if [ -n "${GAMEKEEPER_JAR:-}" ]; then
  gk() { java -XX:+UseParallelGC -Xmx2g -Xss8m -jar "$GAMEKEEPER_JAR" "$@"; }
else
  gk() { "$here/gamekeeper" "$@"; }
fi
gk hunt -q --no-progress --no-aggregate --no-rarity "$root" -o "$work/pack.jsonl" 2>"$work/pack.err"
gk hunt -q --no-progress --no-aggregate --no-rarity \
  --rules "$sigma/rules/windows,$sigma/rules-threat-hunting/windows,$sigma/rules-emerging-threats" \
  "$root" -o "$work/sigmahq.jsonl" 2>"$work/sigmahq.err"
python3 - "$work" "$root" <<'PYEOF'
import collections, glob, json, os, sys
work, root = sys.argv[1], os.path.abspath(sys.argv[2])
MEDIUM = {"medium", "high", "critical"}
def flagged(path):
    out = collections.defaultdict(set)
    for line in open(path, encoding="utf-8"):
        a = json.loads(line)
        if a.get("level") in MEDIUM:
            out[os.path.abspath(a["file"].split("!")[0])].add(a["rule_title"])
    return out
pack, sigmahq = flagged(os.path.join(work, "pack.jsonl")), flagged(os.path.join(work, "sigmahq.jsonl"))
files = sorted(f for f in glob.glob(os.path.join(root, "**", "*"), recursive=True)
               if os.path.isfile(f) and f.lower().endswith((".evtx", ".json", ".jsonl")))
if not files:
    sys.exit(f"no EVTX or JSON recordings under {root}")
def group(f):
    return os.path.relpath(f, root).split(os.sep)[0]
def row(label, items):
    n = len(items)
    p = sum(1 for f in items if f in pack)
    s = sum(1 for f in items if f in sigmahq)
    e = sum(1 for f in items if f in pack or f in sigmahq)
    pc = lambda x: f"{x} ({100.0 * x / n:.1f} %)"
    return f"| {label} | {n} | {pc(p)} | {pc(s)} | {pc(e)} |"
print("| recordings (top folder) | files | pack alone | SigmaHQ | pack or SigmaHQ |")
print("|---|---:|---:|---:|---:|")
for g in sorted({group(f) for f in files}):
    print(row(g, [f for f in files if group(f) == g]))
print(row("all", files))
datasets = collections.defaultdict(list)
for f in files:
    datasets[os.path.dirname(f)].append(f)
n = len(datasets)
p = sum(1 for fs in datasets.values() if any(f in pack for f in fs))
s = sum(1 for fs in datasets.values() if any(f in sigmahq for f in fs))
e = sum(1 for fs in datasets.values() if any(f in pack or f in sigmahq for f in fs))
print(f"datasets (a folder's files together): {n}; pack alone {p} ({100.0 * p / n:.1f} %), SigmaHQ {s} ({100.0 * s / n:.1f} %), pack or SigmaHQ {e} ({100.0 * e / n:.1f} %)")
with open(os.path.join(work, "missed.tsv"), "w", encoding="utf-8") as out:
    for f in files:
        if f not in pack:
            out.write(os.path.relpath(f, root) + "\t" + ("; ".join(sorted(sigmahq[f])[:4]) if f in sigmahq else "-") + "\n")
print(f"recordings the pack misses: {os.path.join(work, 'missed.tsv')}")
PYEOF
