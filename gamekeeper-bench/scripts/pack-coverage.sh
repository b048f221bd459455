#!/usr/bin/env bash
# The built-in pack's coverage of attack recordings (issue 20): per folder of the EVTX attack
# samples and of the OTRF datasets, how many recordings (an .evtx file, an OTRF .zip) have an alert
# at medium or above from the pack alone (`gamekeeper hunt`), from SigmaHQ's Windows rules alone
# (`--rules .../sigma/rules/windows`) and from both in one run (`--rules builtin,...`); then the
# pack's medium+ alerts per rule on OTRF, and the events with a medium+ alert under each rule set.
# Each corpus root is hunted once per rule set, alerts not aggregated; an alert counts for the recording it names in
# `file` (a correlation is counted in the file of its first event).
#
#   gamekeeper-bench/scripts/pack-coverage.sh [WORK_DIR]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
work="${1:-$here/bench-work/pack-coverage}"
gk="$here/gamekeeper"
sigmahq="$corpus/sigma/rules/windows"
mkdir -p "$work"
"$gk" --version >/dev/null

for root in evtx/evtx-attack-samples json-logs/otrf; do
  name="${root##*/}"
  "$gk" hunt -q --no-progress --no-aggregate "$corpus/$root" -o "$work/$name-pack.jsonl" 2>"$work/$name-pack.err"
  "$gk" hunt -q --no-progress --no-aggregate --rules "$sigmahq" "$corpus/$root" -o "$work/$name-sigmahq.jsonl" 2>"$work/$name-sigmahq.err"
  "$gk" hunt -q --no-progress --no-aggregate --rules "builtin,$sigmahq" "$corpus/$root" -o "$work/$name-both.jsonl" 2>"$work/$name-both.err"
done

python3 - "$corpus" "$work" <<'EOF'
import json, os, sys, collections
corpus, work = sys.argv[1], sys.argv[2]
MEDIUM = {"medium", "high", "critical"}

def recordings(root, ext):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            if f.endswith(ext):
                p = os.path.relpath(os.path.join(d, f), root)
                out[p] = p.split(os.sep)[0] if os.sep in p else "(top level)"
    return out

def hits(path, root):
    files, events, rules = set(), set(), collections.Counter()
    with open(path) as fh:
        for line in fh:
            a = json.loads(line)
            if a.get("level") not in MEDIUM:
                continue
            f = a["file"].split("!")[0]
            files.add(os.path.relpath(f, root) if os.path.isabs(f) else os.path.relpath(os.path.abspath(f), os.path.abspath(root)))
            events.update(a.get("event_refs", []))
            rules[a["rule_title"]] += max(a.get("count", 1), len(a.get("event_refs", [])))
    return files, events, rules

for root, name, ext in (("evtx/evtx-attack-samples", "evtx-attack-samples", ".evtx"), ("json-logs/otrf", "otrf", ".zip")):
    base = os.path.join(corpus, root)
    recs = recordings(base, ext)
    res = {k: hits(os.path.join(work, name + "-" + k + ".jsonl"), base) for k in ("pack", "sigmahq", "both")}
    print(f"\n| {root} (folder) | files | pack | SigmaHQ | pack or SigmaHQ |\n|---|---:|---:|---:|---:|")
    folders = sorted(set(recs.values()), key=lambda s: (s == "(top level)", s))
    for fo in folders + ["all"]:
        inside = [r for r, f in recs.items() if fo == "all" or f == fo]
        n = [sum(1 for r in inside if r in res[k][0]) for k in ("pack", "sigmahq", "both")]
        if fo == "all":
            cells = [f"{x} ({100.0 * x / len(inside):.1f} %)" for x in n]
        else:
            cells = [str(x) for x in n]
        print(f"| {fo} | {len(inside)} | " + " | ".join(cells) + " |")
    for k in ("pack", "sigmahq", "both"):
        print(f"{root}: {k}: {len(res[k][1])} events with a medium+ alert, {len(res[k][2])} rules")
    print(f"{root}: pack medium+ alerts per rule: " + ", ".join(f"{t} {c}" for t, c in res["pack"][2].most_common()))
    missed = sorted(r for r in recs if r not in res["pack"][0])
    with open(os.path.join(work, name + "-pack-missed.txt"), "w") as out:
        out.write("\n".join(missed) + "\n")
EOF
