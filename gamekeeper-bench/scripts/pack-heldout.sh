#!/usr/bin/env bash
# The built-in pack on recordings it was not written from (issue 20): SigmaHQ's regression data
# (`../shared/corpus/sigma/regression_data`, one small EVTX recording per SigmaHQ rule, made by
# that rule's authors in their own labs). Each recording is the positive case of one SigmaHQ rule,
# whose level (from its rule file, by the id that names the recording) says whether its authors
# judge it an attack (medium or above) or not. Hunted once by the pack alone (`gamekeeper hunt`)
# and once by SigmaHQ's Windows rules, alerts not aggregated; a recording counts when an alert at
# medium or above names it in `file`. Prints the share per log-source folder, and writes the
# recordings the pack misses (level, path, SigmaHQ title) to WORK_DIR/missed.tsv.
#
#   gamekeeper-bench/scripts/pack-heldout.sh [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
work="${1:-$here/bench-work/pack-heldout}"
gk="$here/gamekeeper"
sigma="$corpus/sigma"
[ -d "$sigma/regression_data" ] || { echo "no $sigma/regression_data" >&2; exit 3; }
mkdir -p "$work"
"$gk" --version >/dev/null
"$gk" hunt -q --no-progress --no-aggregate "$sigma/regression_data" -o "$work/pack.jsonl" 2>"$work/pack.err"
"$gk" hunt -q --no-progress --no-aggregate --rules "$sigma/rules/windows,$sigma/rules-threat-hunting/windows,$sigma/rules-emerging-threats" \
  "$sigma/regression_data" -o "$work/sigmahq.jsonl" 2>"$work/sigmahq.err"
python3 - "$sigma" "$work" <<'PYEOF'
import collections, glob, json, os, re, sys
sigma, work = sys.argv[1], sys.argv[2]
root = os.path.abspath(os.path.join(sigma, "regression_data"))
MEDIUM = {"medium", "high", "critical"}
rules = {}
for p in glob.glob(os.path.join(sigma, "rules*", "**", "*.yml"), recursive=True):
    text = open(p, encoding="utf-8", errors="replace").read()
    i = re.search(r"^id:\s*(\S+)", text, re.M)
    if i:
        lv = re.search(r"^level:\s*(\S+)", text, re.M)
        ti = re.search(r"^title:\s*(.+?)\s*$", text, re.M)
        rules[i.group(1)] = (lv.group(1) if lv else "?", ti.group(1) if ti else "?")
def flagged(path):
    out = set()
    for line in open(path):
        a = json.loads(line)
        if a.get("level") in MEDIUM:
            out.add(os.path.abspath(a["file"].split("!")[0]))
    return out
pack, sigmahq = flagged(os.path.join(work, "pack.jsonl")), flagged(os.path.join(work, "sigmahq.jsonl"))
rows = []
for f in sorted(glob.glob(os.path.join(root, "**", "*.evtx"), recursive=True)):
    level, title = rules.get(os.path.basename(f)[:-5], ("?", "?"))
    rel = os.path.relpath(f, root)
    parts = rel.split(os.sep)
    folder = "/".join(parts[:3]) if parts[0] == "rules" else parts[0]
    rows.append((folder, rel, level, title, f in pack, f in sigmahq))
print("| recordings of SigmaHQ rules at medium or above (folder) | files | pack alone | SigmaHQ |")
print("|---|---:|---:|---:|")
attack = [r for r in rows if r[2] in MEDIUM]
for folder in sorted({r[0] for r in attack}) + ["all"]:
    inside = [r for r in attack if folder == "all" or r[0] == folder]
    p, s = sum(r[4] for r in inside), sum(r[5] for r in inside)
    cell = (lambda x: f"{x} ({100.0 * x / len(inside):.1f} %)") if folder == "all" else str
    print(f"| {folder} | {len(inside)} | {cell(p)} | {cell(s)} |")
other = [r for r in rows if r[2] not in MEDIUM]
print(f"(and {len(other)} recordings of rules at low or informational: the pack flags {sum(r[4] for r in other)} at medium or above)")
with open(os.path.join(work, "missed.tsv"), "w") as out:
    for r in attack:
        if not r[4]:
            out.write(f"{r[2]}\t{r[1]}\t{r[3]}\n")
PYEOF
