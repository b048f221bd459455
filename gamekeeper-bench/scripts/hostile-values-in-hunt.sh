#!/usr/bin/env bash
# Hostile values (issue 22) inside an ordinary hunt: what N events with a 1 MB command line add to
# the hunt of a log they are hidden in. hostile-values-bench.sh hunts the hostile events alone, so
# its figures carry the JIT's compilation of the whole hunt path (every hunt pays that once, on
# whatever events come first) spread over N events; an attacker's lines land in a log of ordinary
# events, where that path is compiled already and what they add is their evaluation and the
# compilation of what only they reach (long loops, matchers of rules only they are candidates for).
#
# The background: BACKGROUND ordinary events made here (Sysmon process creations with everyday
# command lines, network connections, file and registry events, Security logons and 4688s on a few
# hosts; seeded, not corpus data). Per shape (plain words, base64, carets between characters,
# doubled quotes, as hostile-values-bench.sh makes them), the same background with N hostile events
# spread evenly through it; and two other huge fields: a PowerShell 4104 event whose ScriptBlockText
# is 1 MB of PowerShell words (scriptblock), and a Sysmon 13 Run-key write whose Details is 1 MB
# of base64 behind "powershell -enc" (registry). In each round the background alone and the background with one shape
# run at the same time (the launcher, its default threads), so that this machine's slow phases hit
# both; the figure is (CPU of the pair's hostile run - CPU of its background run) / N, all threads
# (workers, JIT compilers, collector), median over ROUNDS. Rules: SigmaHQ's Windows rules and the
# built-in pack.
#
#   gamekeeper-bench/scripts/hostile-values-in-hunt.sh [ROUNDS] [N] [BACKGROUND]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
corpus="${GAMEKEEPER_CORPUS:-$here/../shared/corpus}"
rounds="${1:-5}"
n="${2:-20}"
background="${3:-50000}"
work="$here/bench-work/hostile-values-in-hunt"
gk="$here/gamekeeper"
rules="$corpus/sigma/rules/windows,builtin"
mkdir -p "$work"
"$gk" --version >/dev/null

PYTHONPATH="$here/gamekeeper-bench/scripts" python3 - "$work" "$n" "$background" <<'PY'
import json, os, random, sys
from hostile_values import command_lines, process_event, registry_event, script_block_event
work, n, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(22)
hosts = ["WS%02d.corp.example" % i for i in range(1, 9)] + ["FS01.corp.example", "DC01.corp.example"]
users = ["CORP\\alice", "CORP\\bob", "CORP\\carol", "CORP\\dave", "NT AUTHORITY\\SYSTEM", "NT AUTHORITY\\LOCAL SERVICE"]
sysdir = "C:\\Windows\\System32\\"
programs = [
    (sysdir + "svchost.exe", lambda: "C:\\Windows\\system32\\svchost.exe -k %s -p -s %s" % (
        rnd.choice(["netsvcs", "LocalService", "NetworkService", "DcomLaunch"]), rnd.choice(["Schedule", "BITS", "wuauserv", "Dnscache", "LanmanServer"]))),
    ("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", lambda: "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" --type=renderer --field-trial-handle=%d --lang=en-GB --renderer-client-id=%d" % (
        rnd.randrange(1000, 9999), rnd.randrange(1, 400))),
    (sysdir + "conhost.exe", lambda: "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1"),
    (sysdir + "cmd.exe", lambda: "C:\\Windows\\system32\\cmd.exe /c %s" % rnd.choice([
        "dir C:\\Users\\%s\\Documents" % rnd.choice(["alice", "bob"]), "echo %d > C:\\Temp\\build.txt" % rnd.randrange(100),
        "copy report-%d.docx \\\\FS01\\share\\reports\\" % rnd.randrange(100), "git status", "npm run build"])),
    (sysdir + "WindowsPowerShell\\v1.0\\powershell.exe", lambda: "powershell.exe -NoProfile -File C:\\Scripts\\%s.ps1 -Day %d" % (
        rnd.choice(["backup", "inventory", "cleanup", "report"]), rnd.randrange(1, 29))),
    ("C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", lambda: "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\alice\\Documents\\minutes-%d.docx\"" % rnd.randrange(100)),
    (sysdir + "taskhostw.exe", lambda: "taskhostw.exe {%08X-0000-0000-0000-000000000000}" % rnd.randrange(1 << 32)),
    ("C:\\Program Files\\Git\\cmd\\git.exe", lambda: "git.exe %s" % rnd.choice(["fetch origin", "pull --rebase", "log -n 20", "status --porcelain"])),
    (sysdir + "notepad.exe", lambda: "\"C:\\Windows\\system32\\notepad.exe\" C:\\Users\\bob\\Desktop\\notes-%d.txt" % rnd.randrange(50)),
    (sysdir + "ipconfig.exe", lambda: "ipconfig /renew"),
]
parents = [sysdir + "services.exe", "C:\\Windows\\explorer.exe", sysdir + "svchost.exe", sysdir + "cmd.exe"]
def ordinary(i):
    t = "2024-05-01T%02d:%02d:%02d.%03dZ" % (8 + i * 10 // count, (i // 60) % 60, i % 60, i % 1000)
    base = {"Hostname": rnd.choice(hosts), "TimeCreated": t}
    k = rnd.random()
    if k < 0.45:
        image, command = rnd.choice(programs)
        e = {"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "Image": image, "CommandLine": command(),
             "ParentImage": rnd.choice(parents), "ParentCommandLine": "C:\\Windows\\Explorer.EXE", "User": rnd.choice(users),
             "OriginalFileName": image.rsplit("\\", 1)[1], "IntegrityLevel": rnd.choice(["Medium", "High", "System"]),
             "Hashes": "SHA256=%064X" % rnd.randrange(1 << 256), "ProcessId": rnd.randrange(100, 60000)}
    elif k < 0.6:
        e = {"EventID": 3, "Channel": "Microsoft-Windows-Sysmon/Operational", "Image": rnd.choice(programs)[0],
             "DestinationIp": "10.0.%d.%d" % (rnd.randrange(4), rnd.randrange(1, 255)), "DestinationPort": rnd.choice([443, 445, 53, 389, 88]),
             "Protocol": "tcp", "Initiated": "true", "User": rnd.choice(users)}
    elif k < 0.7:
        e = {"EventID": 11, "Channel": "Microsoft-Windows-Sysmon/Operational", "Image": rnd.choice(programs)[0],
             "TargetFilename": "C:\\Users\\%s\\AppData\\Local\\Temp\\tmp%04X.tmp" % (rnd.choice(["alice", "bob"]), rnd.randrange(1 << 16))}
    elif k < 0.8:
        e = {"EventID": 13, "Channel": "Microsoft-Windows-Sysmon/Operational", "Image": sysdir + "svchost.exe", "EventType": "SetValue",
             "TargetObject": "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\LastOnlineScanTimeForAppCategory",
             "Details": "DWORD (0x%08x)" % rnd.randrange(1 << 32)}
    elif k < 0.92:
        e = {"EventID": 4624, "Channel": "Security", "TargetUserName": rnd.choice(["alice", "bob", "carol", "WS01$", "SYSTEM"]),
             "TargetDomainName": "CORP", "LogonType": rnd.choice([2, 3, 3, 3, 5, 7, 10]), "IpAddress": "10.0.1.%d" % rnd.randrange(1, 255),
             "AuthenticationPackageName": rnd.choice(["Kerberos", "Negotiate", "NTLM"]), "LogonProcessName": "Kerberos",
             "WorkstationName": rnd.choice(hosts).split(".")[0]}
    else:
        image, command = rnd.choice(programs)
        e = {"EventID": 4688, "Channel": "Security", "NewProcessName": image, "CommandLine": command(),
             "ParentProcessName": rnd.choice(parents), "SubjectUserName": rnd.choice(["alice", "bob", "SYSTEM"]), "TokenElevationType": "%%1936"}
    base.update(e)
    return json.dumps(base) + "\n"
host, time = "WS01.corp.example", "2024-05-01T12:00:00.000Z"
makers = {name: (lambda make=make: process_event(make(), host, time)) for name, make in command_lines(rnd).items()}
makers["scriptblock"] = lambda: script_block_event(rnd, host, time)
makers["registry"] = lambda: registry_event(host, time)
lines = [ordinary(i) for i in range(count)]
with open(os.path.join(work, "background.jsonl"), "w") as f:
    f.writelines(lines)
step = count // n
for name, make in makers.items():
    with open(os.path.join(work, name + ".jsonl"), "w") as f:
        for i, line in enumerate(lines):
            if i % step == step // 2 and i // step < n:
                f.write(make())
            f.write(line)
PY

times="$work/times.txt"
: > "$times"
run() { # TAG FILE: one hunt, its CPU (user + system) appended as "TAG seconds"
  /usr/bin/time -f '%U %S' -o "$work/$1.time" "$gk" hunt --no-progress --rules "$rules" "$2" >/dev/null 2>"$work/$1.err"
  echo "$1 $(awk '{print $1 + $2}' "$work/$1.time")" >> "$times"
}
for r in $(seq "$rounds"); do
  for shape in plain base64 carets quotes scriptblock registry; do
    run "background-$shape-$r" "$work/background.jsonl" &
    run "$shape-$r" "$work/$shape.jsonl" &
    wait
  done
done
python3 - "$times" "$n" "$rounds" "$background" <<'PY'
import statistics, sys
cpu = dict((l.split()[0], float(l.split()[1])) for l in open(sys.argv[1]))
n, rounds, background = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
print(f"{n} events with a 1 MB field among {background} ordinary ones; CPU per hostile event "
      f"(the pair's difference / {n}), rounds and median:")
for shape in ("plain", "base64", "carets", "quotes", "scriptblock", "registry"):
    per = [1000 * (cpu[f"{shape}-{r}"] - cpu[f"background-{shape}-{r}"]) / n for r in range(1, rounds + 1)]
    back = statistics.median(cpu[f"background-{shape}-{r}"] for r in range(1, rounds + 1))
    print(f"  {shape}: {' '.join(f'{p:.0f}' for p in per)} ms; median {statistics.median(per):.0f} ms "
          f"(background alone {back:.2f} s CPU)")
PY
