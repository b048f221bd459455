#!/usr/bin/env python3
"""Windows events as XML (one <Event> a line, as Splunk's XmlWinEventLog, `wevtutil qe /f:xml` and
Get-WinEvent's ToXml() write them, or an <Events> document as Event Viewer saves it) rewritten as
JSON lines in the layout of `evtx_dump -o jsonl` (Event.System with #attributes, Event.EventData by
Data Name), which `gamekeeper hunt` reads. For scoring other labs' recordings that are kept as XML
(gamekeeper-bench/scripts/pack-heldout.sh on Splunk's attack_data, for instance).

  xml-events-to-json.py IN_DIR OUT_DIR    every *.log / *.xml / *.txt under IN_DIR to OUT_DIR/<same path>.json
  xml-events-to-json.py FILE              one file to stdout

An event that does not parse is reported on stderr with its file and line and skipped; the rest of
the file is kept.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = re.compile(r"^\{[^}]*\}")


def local(tag):
    return NS.sub("", tag)


def number(text):
    """System values evtx_dump writes as numbers stay numbers (EventID, Level, ...)."""
    if text is not None and re.fullmatch(r"[0-9]{1,18}", text):
        return int(text)
    return text


def element(e):
    """An element of System or UserData as evtx_dump renders it."""
    attrs = {k if "}" not in k else local(k): number(v) for k, v in e.attrib.items()}
    children = list(e)
    text = e.text if e.text is not None and e.text.strip() != "" else None
    if not children:
        if attrs:
            out = {"#attributes": attrs}
            if text is not None:
                out["#text"] = number(text)
            return out
        return number(text) if text is not None else None
    out = {}
    if attrs:
        out["#attributes"] = attrs
    for c in children:
        key = local(c.tag)
        value = element(c)
        if key in out:
            if not isinstance(out[key], list):
                out[key] = [out[key]]
            out[key].append(value)
        else:
            out[key] = value
    return out


def event(root):
    if local(root.tag) != "Event":
        raise ValueError("not an <Event> element: <" + local(root.tag) + ">")
    out = {"#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"}}
    for part in root:
        name = local(part.tag)
        if name == "System":
            out["System"] = element(part)
        elif name == "EventData":
            data = {}
            unnamed = []
            for d in part:
                if local(d.tag) == "Data" and "Name" in d.attrib:
                    data[d.attrib["Name"]] = d.text if d.text is not None else ""
                elif local(d.tag) == "Data":
                    if d.text is not None:
                        unnamed.append(d.text)
                else:
                    data[local(d.tag)] = element(d)
            if unnamed:
                data["Data"] = {"#text": unnamed[0] if len(unnamed) == 1 else unnamed}
            out["EventData"] = data if data else None
        elif name == "UserData":
            out["UserData"] = element(part)
        # RenderingInfo (message text a collector added) is not part of the event's data.
    return {"Event": out}


def events(path):
    """Each event of one file: one <Event> a line, or an <Events> document."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    stripped = text.lstrip()
    if stripped.startswith("<?xml") or stripped.startswith("<Events"):
        try:
            root = ET.fromstring(text)
        except ET.ParseError as e:
            print(f"{path}: not an XML document: {e}", file=sys.stderr)
            return
        for n, child in enumerate(root if local(root.tag) == "Events" else [root], 1):
            try:
                yield event(child)
            except ValueError as e:
                print(f"{path}: event {n}: {e}", file=sys.stderr)
        return
    # One event a line; an event's values may hold line breaks, so lines are joined up to </Event>.
    buf = []
    start = 0
    for n, line in enumerate(text.splitlines(keepends=True), 1):
        if not buf:
            if not line.lstrip().startswith("<"):
                continue  # blank lines, and the comment lines some exports carry between events
            start = n
        buf.append(line)
        if line.rstrip().endswith("</Event>"):
            chunk = "".join(buf)
            buf = []
            try:
                yield event(ET.fromstring(chunk))
            except (ET.ParseError, ValueError) as e:
                print(f"{path}:{start}: event skipped: {e}", file=sys.stderr)
    if buf:
        print(f"{path}:{start}: incomplete last event skipped", file=sys.stderr)


def main(argv):
    if len(argv) == 2:
        for e in events(argv[1]):
            print(json.dumps(e, ensure_ascii=False))
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, dst = argv[1], argv[2]
    files = 0
    count = 0
    for folder, _, names in os.walk(src):
        for name in sorted(names):
            if not name.endswith((".log", ".xml", ".txt")):
                continue
            path = os.path.join(folder, name)
            out = os.path.join(dst, os.path.relpath(path, src)) + ".json"
            os.makedirs(os.path.dirname(out), exist_ok=True)
            n = 0
            with open(out, "w", encoding="utf-8") as w:
                for e in events(path):
                    w.write(json.dumps(e, ensure_ascii=False) + "\n")
                    n += 1
            if n == 0:
                os.remove(out)
            else:
                files += 1
                count += n
    print(f"{files} files, {count} events written under {dst}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
