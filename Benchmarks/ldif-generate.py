#!/usr/bin/env python3
"""Writes a synthetic ldifde-style Active Directory export for benchmarks.

Shape of a real `ldifde -f` export: CRLF line ends, `changetype: add` on every
entry, base64 objectGUID/objectSid, lines folded at 80 columns, groups with
more than 1,500 members split into an add record plus `changetype: modify`
records. Deterministic for a given seed.

usage: ldif-generate.py OUT.ldif [--megabytes 100] [--seed 1]
"""
import argparse
import base64
import random

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--megabytes", type=int, default=100)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()
rng = random.Random(args.seed)

FIRST = ["Jo", "Zoë", "Łukasz", "Ana", "Mohammed", "Chen", "Olga", "Pedro", "Aiko", "Fatima", "Liam", "Noah"]
LAST = ["Smith", "Müller", "García", "Nguyen", "O'Brien", "Kowalski", "Tanaka", "Silva", "Johansson"]
DEPTS = ["Sales", "Engineering", "Finance", "HR", "Legal", "Operations", "Marketing"]
BASE = "DC=contoso,DC=com"


def line(out, name, value):
    raw = value.encode("utf-8") if isinstance(value, str) else value
    safe = raw and raw[0] not in b" :<" and raw[-1:] != b" " and all(32 <= b < 127 for b in raw)
    text = (name + ": ").encode() + raw if safe or not raw else (name + ":: ").encode() + base64.b64encode(raw)
    # ldifde folds long lines: continuation lines start with one space.
    first, rest = text[:80], text[80:]
    out.append(first + b"\r\n")
    while rest:
        out.append(b" " + rest[:79] + b"\r\n")
        rest = rest[79:]


def user(index):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    dept = rng.choice(DEPTS)
    cn = f"{first} {last} {index}"
    dn = f"CN={cn},OU={dept},OU=Staff,{BASE}"
    out = []
    line(out, "dn", dn)
    out.append(b"changetype: add\r\n")
    for oc in ["top", "person", "organizationalPerson", "user"]:
        line(out, "objectClass", oc)
    line(out, "cn", cn)
    line(out, "sn", last)
    line(out, "givenName", first)
    line(out, "displayName", f"{first} {last}")
    line(out, "distinguishedName", dn)
    line(out, "instanceType", "4")
    line(out, "whenCreated", "20240102030405.0Z")
    line(out, "whenChanged", "20250607080910.0Z")
    line(out, "uSNCreated", str(10000 + index))
    line(out, "uSNChanged", str(20000 + index))
    line(out, "department", dept)
    line(out, "title", rng.choice(["Analyst", "Engineer", "Manager", "Director", "Lead"]))
    line(out, "telephoneNumber", f"+1 425 555 {index % 10000:04d}")
    line(out, "mail", f"user{index}@contoso.com")
    line(out, "name", cn)
    line(out, "objectGUID", rng.randbytes(16))
    line(out, "userAccountControl", rng.choice(["512", "514", "66048"]))
    line(out, "badPwdCount", "0")
    line(out, "pwdLastSet", str(133485408000000000 + index))
    line(out, "primaryGroupID", "513")
    line(out, "objectSid", b"\x01\x05\x00\x00\x00\x00\x00\x05\x15\x00\x00\x00" + rng.randbytes(12) + index.to_bytes(4, "little"))
    line(out, "accountExpires", "9223372036854775807")
    line(out, "sAMAccountName", f"user{index}")
    line(out, "sAMAccountType", "805306368")
    line(out, "userPrincipalName", f"user{index}@contoso.com")
    line(out, "objectCategory", f"CN=Person,CN=Schema,CN=Configuration,{BASE}")
    line(out, "description", f"Employee {index} in {dept}; notes: " + "x" * rng.randint(0, 120))
    line(out, "manager", f"CN=Boss {index % 97},OU=Staff,{BASE}")
    line(out, "memberOf", f"CN=Group {index % 50},OU=Groups,{BASE}")
    out.append(b"\r\n")
    return b"".join(out)


def group(index, members):
    dn = f"CN=Group {index},OU=Groups,{BASE}"
    out = []
    line(out, "dn", dn)
    out.append(b"changetype: add\r\n")
    line(out, "objectClass", "top")
    line(out, "objectClass", "group")
    line(out, "cn", f"Group {index}")
    line(out, "objectGUID", rng.randbytes(16))
    for member in members[:1500]:
        line(out, "member", member)
    out.append(b"\r\n")
    for start in range(1500, len(members), 1500):
        line(out, "dn", dn)
        out.append(b"changetype: modify\r\nadd: member\r\n")
        for member in members[start:start + 1500]:
            line(out, "member", member)
        out.append(b"-\r\n\r\n")
    return b"".join(out)


limit = args.megabytes * 1_000_000
written = 0
index = 0
with open(args.out, "wb") as handle:
    handle.write(b"version: 1\r\n\r\n")
    while written < limit:
        chunk = user(index)
        handle.write(chunk)
        written += len(chunk)
        index += 1
        if index % 20000 == 0:
            members = [f"CN=Member {m},OU=Staff,{BASE}" for m in range(rng.randint(1000, 4000))]
            chunk = group(index // 20000, members)
            handle.write(chunk)
            written += len(chunk)
    handle.write(f"# {index} records\r\n".encode())
print(f"{args.out}: {written} bytes, {index} users")
