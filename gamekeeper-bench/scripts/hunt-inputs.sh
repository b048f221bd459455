# Sourced by the hunt speed scripts (pack-speed-bench.sh, hunt-then-and-now.sh) after they set
# `here`, `corpus` and `tools`: the inputs and rules they measure with, the same for both.
#   sigmahq  SigmaHQ's Windows rule folders, as one --rules list
#   merged   the EVTX attack samples merged to ~1 M events (built here when missing)
#   otrf     the OTRF JSON datasets
# and one_event FILE writes the single ordinary event a start-up run hunts.
sigma="$corpus/sigma"
sigmahq="$sigma/rules/windows,$sigma/rules-threat-hunting/windows,$sigma/rules-emerging-threats"
merged="$here/bench-work/merged-1m.evtx"
[ -f "$merged" ] || python3 "$tools/merge-evtx.py" "$corpus/evtx/evtx-attack-samples" 122 "$merged" >/dev/null
otrf="$corpus/json-logs/otrf"
one_event() {
  echo '{"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "Hostname": "WS01", "TimeCreated": "2024-05-01T10:00:00.000Z", "Image": "C:\\Windows\\System32\\cmd.exe", "CommandLine": "cmd.exe /c dir", "ParentImage": "C:\\Windows\\explorer.exe"}' > "$1"
}
