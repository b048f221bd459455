"""The hostile values issue 22's benchmarks hunt (hostile-values-bench.sh, hostile-values-in-hunt.sh).

Command lines of 1 MB in four shapes (plain words that rules look for, base64 behind
`powershell -enc`, carets between characters, doubled quotes between characters), and two other
huge fields: a PowerShell 4104 script block of 1 MB and a Sysmon 13 registry value of 1 MB. Each
maker draws from the random generator it is given, so a seeded caller writes the same files.
"""
import base64
import json
import os

SIZE = 1 << 20
WORDS = ["powershell", "-nop", "-w", "hidden", "cmd.exe", "/c", "whoami", "rundll32", "regsvr32", "http://x.example/a",
         "C:\\Windows\\Temp\\a.dll", "-enc", "IEX", "DownloadString", "certutil", "-urlcache", "net", "user", "/add"]
PS_WORDS = ["$wc", "=", "New-Object", "Net.WebClient;", "IEX", "$wc.DownloadString('http://x.example/a');", "Invoke-Mimikatz",
            "-DumpCreds;", "[Convert]::FromBase64String($s);", "Get-Process", "|", "Where-Object", "{$_.Name", "-eq", "'lsass'}",
            "Add-Type", "-TypeDefinition", "$code;", "Set-MpPreference", "-DisableRealtimeMonitoring", "$true;"]


def words(rnd, vocabulary, size=SIZE):
    """Words of the vocabulary, drawn at random and joined by spaces, cut at size characters."""
    out, k = [], 0
    while k < size:
        w = rnd.choice(vocabulary)
        out.append(w)
        k += len(w) + 1
    return " ".join(out)[:size]


def command_lines(rnd):
    """The four command-line shapes, each a function giving a new 1 MB command line."""
    return {
        "plain": lambda: words(rnd, WORDS),
        "base64": lambda: "powershell -enc " + base64.b64encode(os.urandom(SIZE * 3 // 4)).decode()[: SIZE - 16],
        "carets": lambda: "^".join(words(rnd, WORDS)[: SIZE // 2]),
        "quotes": lambda: "\"\"".join(words(rnd, WORDS)[: SIZE // 3]),
    }


def process_event(command_line, host, time):
    """A Sysmon 1 event of cmd.exe with this command line (its first 4 KiB as the parent's), one JSON line."""
    return json.dumps({"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "Hostname": host,
                       "TimeCreated": time, "Image": "C:\\Windows\\System32\\cmd.exe",
                       "ParentImage": "C:\\Windows\\explorer.exe", "CommandLine": command_line,
                       "ParentCommandLine": command_line[:4096], "User": "CORP\\alice", "OriginalFileName": "Cmd.Exe"}) + "\n"


def script_block_event(rnd, host, time):
    """A PowerShell 4104 event whose ScriptBlockText is 1 MB of PowerShell words, one JSON line."""
    return json.dumps({"EventID": 4104, "Channel": "Microsoft-Windows-PowerShell/Operational", "Hostname": host,
                       "TimeCreated": time, "MessageNumber": 1, "MessageTotal": 1,
                       "ScriptBlockText": words(rnd, PS_WORDS), "ScriptBlockId": "7d1c2f4e-0000-4000-8000-000000000001",
                       "Path": "C:\\Users\\alice\\Documents\\a.ps1"}) + "\n"


def registry_event(host, time):
    """A Sysmon 13 Run-key write whose Details is 1 MB of base64 behind powershell -enc, one JSON line."""
    return json.dumps({"EventID": 13, "Channel": "Microsoft-Windows-Sysmon/Operational", "Hostname": host,
                       "TimeCreated": time, "EventType": "SetValue", "Image": "C:\\Windows\\System32\\reg.exe",
                       "TargetObject": "HKU\\S-1-5-21-1-2-3-1001\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater",
                       "Details": "powershell -enc " + base64.b64encode(os.urandom(SIZE * 3 // 4)).decode()[: SIZE - 16],
                       "User": "CORP\\alice"}) + "\n"
