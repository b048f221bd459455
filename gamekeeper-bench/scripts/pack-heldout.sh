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
# ROOT, if given, is another folder laid out as regression_data is (for instance recordings copied
# from a newer SigmaHQ checkout): its EVTX files are the recordings, or its JSON files (the
# `evtx_dump` rendering SigmaHQ keeps beside each EVTX) when it has no EVTX. Levels come from the
# corpus's rule files; a recording whose rule the corpus no longer has is counted apart. SigmaHQ's
# authors often cut their recordings from public attack samples, so with ROOT the shares are also
# given apart for the recordings none of whose events (same computer, EventRecordID and EventID)
# the corpus's EVTX samples or OTRF datasets hold: only those are unseen by the pack's authors.
#
#   gamekeeper-bench/scripts/pack-heldout.sh [WORK_DIR] [ROOT]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
work="${1:-$here/bench-work/pack-heldout}"
gk="$here/gamekeeper"
sigma="$corpus/sigma"
root="${2:-$sigma/regression_data}"
[ -d "$root" ] || { echo "no $root" >&2; exit 3; }
mkdir -p "$work"
"$gk" --version >/dev/null
"$gk" hunt -q --no-progress --no-aggregate "$root" -o "$work/pack.jsonl" 2>"$work/pack.err"
"$gk" hunt -q --no-progress --no-aggregate --rules "$sigma/rules/windows,$sigma/rules-threat-hunting/windows,$sigma/rules-emerging-threats" \
  "$root" -o "$work/sigmahq.jsonl" 2>"$work/sigmahq.err"
seen_keys=""
if [ -n "${2:-}" ]; then
  seen_keys="$work/corpus-events.jsonl"
  "$gk" dump --no-progress "$corpus/evtx" "$corpus/json-logs/otrf" >"$seen_keys" 2>"$work/dump.err"
fi
python3 - "$sigma" "$work" "$root" "$seen_keys" <<'PYEOF'
import collections, glob, json, os, re, sys
sigma, work, root = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
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
recordings = sorted(glob.glob(os.path.join(root, "**", "*.evtx"), recursive=True))
if not recordings:
    recordings = sorted(glob.glob(os.path.join(root, "**", "*.json"), recursive=True))
for f in recordings:
    level, title = rules.get(os.path.splitext(os.path.basename(f))[0], ("?", "?"))
    rel = os.path.relpath(f, root)
    parts = rel.split(os.sep)
    folder = "/".join(parts[:3]) if parts[0] == "rules" else parts[0]
    rows.append((folder, rel, level, title, f in pack, f in sigmahq))
print("| recordings of SigmaHQ rules at medium or above (folder) | files | pack alone | SigmaHQ | pack or SigmaHQ |")
print("|---|---:|---:|---:|---:|")
attack = [r for r in rows if r[2] in MEDIUM]
for folder in sorted({r[0] for r in attack}) + ["all"]:
    inside = [r for r in attack if folder == "all" or r[0] == folder]
    p, s, e = sum(r[4] for r in inside), sum(r[5] for r in inside), sum(r[4] or r[5] for r in inside)
    cell = (lambda x: f"{x} ({100.0 * x / len(inside):.1f} %)") if folder == "all" else str
    print(f"| {folder} | {len(inside)} | {cell(p)} | {cell(s)} | {cell(e)} |")
other = [r for r in rows if r[2] not in MEDIUM and r[2] != "?"]
gone = [r for r in rows if r[2] == "?"]
if gone:
    print(f"(and {len(gone)} recordings of rules the corpus does not hold: the pack flags {sum(r[4] for r in gone)}, SigmaHQ {sum(r[5] for r in gone)})")
print(f"(and {len(other)} recordings of rules at low or informational: the pack flags {sum(r[4] for r in other)} at medium or above)")
if sys.argv[4]:
    def key(computer, record, event_id):
        return (str(computer or "").lower(), str(record), str(event_id))
    def dig(x):
        return x.get("#text") if isinstance(x, dict) else x
    known = set()
    for line in open(sys.argv[4], encoding="utf-8"):
        try:
            e = json.loads(line)
        except ValueError:
            continue
        s = e.get("Event", {}).get("System") if isinstance(e.get("Event"), dict) else None
        if s:  # an EVTX record as evtx_dump prints it
            known.add(key(s.get("Computer"), s.get("EventRecordID"), dig(s.get("EventID"))))
        else:  # a flat export (OTRF)
            known.add(key(e.get("Hostname") or e.get("host"), e.get("RecordNumber"), e.get("EventID")))
    def seen(path):
        text, dec, i, hit = open(path, encoding="utf-8").read(), json.JSONDecoder(), 0, False
        while True:
            while i < len(text) and text[i] in " \r\n\t":
                i += 1
            if i >= len(text):
                return hit
            try:
                o, i = dec.raw_decode(text, i)
            except ValueError:
                return hit
            s = o.get("Event", {}).get("System", {}) if isinstance(o, dict) else {}
            hit = hit or key(s.get("Computer"), s.get("EventRecordID"), dig(s.get("EventID"))) in known
    held = {r[1]: seen(os.path.join(root, r[1])) for r in attack if r[1].endswith(".json")}
    for label, want in (("none of whose events the corpus holds (unseen)", False), ("with events the corpus also holds", True)):
        part = [r for r in attack if held.get(r[1]) is want]
        if part:
            p, s = sum(r[4] for r in part), sum(r[5] for r in part)
            print(f"recordings at medium or above {label}: {len(part)}; pack alone {p} ({100.0 * p / len(part):.1f} %), SigmaHQ {s} ({100.0 * s / len(part):.1f} %)")
with open(os.path.join(work, "missed.tsv"), "w") as out:
    for r in attack:
        if not r[4]:
            out.write(f"{r[2]}\t{r[1]}\t{r[3]}\n")
PYEOF
