#!/usr/bin/env python3
"""Record-for-record comparison of `profilesync inspect` with the PyPI `ldif`
package (pure-Python RFC 2849 parser) on one LDIF file.

`ldif` reads every record as content, so a change record shows up as
attributes named changetype/add/-; this script maps both sides to
(dn, {attribute: [values]}) with values as text or base64 for non-UTF-8:
content and changetype:add records attribute by attribute; modify records
as the values they add (ldifde's split groups).

usage: ldif-crosscheck.py FILE.ldif [PROFILESYNC_BINARY]   (pip install ldif)
"""
import base64
import json
import subprocess
import sys

import ldif

path = sys.argv[1]
binary = sys.argv[2] if len(sys.argv) > 2 else ".build/release/profilesync"


def ours():
    process = subprocess.Popen([binary, "inspect", path], stdout=subprocess.PIPE)
    for raw in process.stdout:
        record = json.loads(raw)
        dn = record["dn"] if isinstance(record["dn"], str) else base64.b64decode(record["dn"]["base64"]).decode("utf8", "ignore")
        if "attributes" in record:
            yield dn, record["attributes"]
        elif record.get("changetype") == "modify":
            attrs = {}
            for mod in record["modifications"]:
                attrs.setdefault(mod["attribute"], []).extend(mod["values"])
            yield dn, attrs
        else:
            yield dn, {"changetype": [record.get("changetype")]}
    if process.wait() != 0:
        sys.exit(f"profilesync exited with {process.returncode}")


class WithoutSeparators:
    """`ldif` parses every line as attr: value and fails on a mod-spec's `-`
    line; hide those lines (a line that is exactly `-` is always a separator)."""

    def __init__(self, handle):
        self.handle = handle

    def readline(self):
        line = self.handle.readline()
        while line in (b"-\r\n", b"-\n", b"-"):
            line = self.handle.readline()
        return line


def theirs():
    separator = b"\r\n" if b"\r\n" in open(path, "rb").read(65536) else b"\n"
    with open(path, "rb") as handle:
        parser = ldif.LDIFParser(WithoutSeparators(handle), line_sep=separator, strict=False)
        for dn, entry in parser.parse():
            if dn is None and not entry:
                continue  # the version: 1 block
            kind = entry.pop("changetype", ["add"])[0]
            attrs = {}
            if kind == "modify":
                entry.pop("add", None)
                entry.pop("-", None)
            elif kind != "add":
                yield dn, {"changetype": [kind]}
                continue
            for name, values in entry.items():
                attrs[name] = [v if isinstance(v, str) else {"base64": base64.b64encode(v).decode()} for v in values]
            yield dn, attrs


count = 0
mismatches = 0
ours_iter, theirs_iter = ours(), theirs()
while True:
    a = next(ours_iter, None)
    b = next(theirs_iter, None)
    if a is None and b is None:
        break
    count += 1
    if a != b:
        mismatches += 1
        if mismatches <= 5:
            print(f"record {count} differs:\n  profilesync: {str(a)[:300]}\n  ldif:        {str(b)[:300]}")
print(f"{count} records compared, {mismatches} differ")
sys.exit(1 if mismatches else 0)
