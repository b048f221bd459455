#!/usr/bin/env python3
"""Copy held-out procedure files with their command lines and paths "refanged".

Intrusion reports defang what they quote so that no reader clicks it: hxxp://, 1.2.3[.]4,
cmd[.]exe, [\\][\\]host, evil[:]//. A process-creation log never holds those marks, so a
command transcribed verbatim from a report and played as an event is harder to catch than the
command the intruder ran. This writes a copy of every procedure file (EmulationScore's YAML
lists) with the usual defanging marks undone in `command_line`, `image` and `parent`; nothing
else is changed (placeholders such as <IP> or [REDACTED] stay). Scoring the copy beside the
verbatim set shows how much of a miss is the report's typography.

    gamekeeper-bench/scripts/refang-procedures.py IN_DIR OUT_DIR

Only the standard library: the files are read and written as text, line by line, because the
transcriptions keep one field per line (`command_line: '...'`).
"""
import os
import re
import sys

FIELDS = re.compile(r"^(\s*(?:-\s+)?(?:command_line|image|parent):\s*)(.*)$")

# Bracketed or parenthesised dots, colons and slashes, and the hxxp/fxp scheme spellings.
MARKS = [
    (re.compile(r"\[\.\]|\(\.\)|\{\.\}|\[dot\]", re.IGNORECASE), "."),
    (re.compile(r"\[:\]"), ":"),
    (re.compile(r"\[://\]"), "://"),
    (re.compile(r"\[/\]"), "/"),
    (re.compile(r"\[\\\\\]|\[\\\]"), "\\\\"),
    (re.compile(r"\bhxxp(s?)(?=:|\[:\]|\[://\])", re.IGNORECASE), r"http\1"),
    (re.compile(r"\bfxp(?=:|\[:\])", re.IGNORECASE), "ftp"),
]


def refang(text):
    for pattern, replacement in MARKS:
        text = pattern.sub(replacement, text)
    return text


def refang_line(line):
    m = FIELDS.match(line)
    if not m:
        return line, False
    new = m.group(1) + refang(m.group(2))
    return new, new != line


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: refang-procedures.py IN_DIR OUT_DIR", file=sys.stderr)
        return 2
    src, dst = argv[1], argv[2]
    if not os.path.isdir(src):
        print(f"refang-procedures: {src}: not a folder", file=sys.stderr)
        return 2
    os.makedirs(dst, exist_ok=True)
    files = changed = 0
    for name in sorted(os.listdir(src)):
        if not name.endswith((".yml", ".yaml")):
            continue
        files += 1
        with open(os.path.join(src, name), encoding="utf-8") as f:
            lines = f.read().split("\n")
        out = []
        for line in lines:
            new, did = refang_line(line)
            changed += did
            out.append(new)
        with open(os.path.join(dst, name), "w", encoding="utf-8") as f:
            f.write("\n".join(out))
    print(f"refang-procedures: {files} file(s), {changed} field(s) changed -> {dst}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
