#!/usr/bin/env python3
"""Prints the Markdown table of the built-in calendar for docs/calendar.md.

usage: python3 scripts/gen-calendar-table.py
A test (CalendarDocumentationTests) checks that docs/calendar.md lists every entry.
"""
import glob
import yaml

rows = []
for path in sorted(glob.glob("lexicons/calendar/*.yml")):
    for entry in yaml.safe_load(open(path, encoding="utf-8"))["entries"]:
        when = entry["date"]
        if "time" in entry:
            when += ", %s%s" % (entry["time"], " " + entry["zone"] if "zone" in entry else " local")
        if entry.get("days", 1) > 1:
            when += ", %d days" % entry["days"]
        if entry.get("eve"):
            when += " (from the eve)"
        sources = entry["source"] if isinstance(entry["source"], list) else [entry["source"]]
        first = sources[0]
        source = "<%s>" % first if first.startswith("http") else first
        rows.append((path.split("/")[-1], entry["id"], entry["title"], when, ", ".join(entry["regions"]),
                     entry["kind"], entry.get("severity", "default"), source))

print("| file | id | observance | date rule | regions | kind | severity | source |")
print("|---|---|---|---|---|---|---|---|")
for row in rows:
    print("| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |")
