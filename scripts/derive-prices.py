#!/usr/bin/env python3
"""Re-derives core/src/cost/prices.tsv: the rows of the offline AWS price snapshot that
tfdesign's cost estimate can use, copied unchanged (source and as_of included).

usage: scripts/derive-prices.py [--prices DIR]   (default DIR: ../shared/data/aws-prices)

Kept rows:
  - ec2:<type> for the instance types the designer offers (core/src/catalog.rs INSTANCE_TYPES),
  - rds-postgres:<class>:single-az and :multi-az for the classes it offers (DB_CLASSES),
  - the unit-price keys the estimator reads (core/src/cost/table.rs KEYS),
in every region the snapshot has them. Nothing is computed: each kept line is byte-identical
to a line of the snapshot's prices.tsv (core/tests/cost.rs checks it when ../shared is there).
The snapshot's NOTICE and the Apache-2.0 licence it names are copied beside the table. Run it
again when the catalog or the estimator's keys change. Standard library only; not a build input.
"""
import argparse
import os
import re
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
OUT_DIR = os.path.join(REPO, "core", "src", "cost")
CATALOG = os.path.join(REPO, "core", "src", "catalog.rs")
TABLE_RS = os.path.join(REPO, "core", "src", "cost", "table.rs")
HEADER = "region\tkey\tunit\tusd\tsource\tas_of"


def rust_list(path, name):
    """The string literals of `pub const NAME: &[&str] = &[...];` in a Rust file."""
    text = open(path, encoding="utf-8").read()
    m = re.search(r"pub const %s: &\[&str\] = &\[(.*?)\];" % re.escape(name), text, re.S)
    if not m:
        sys.exit("derive-prices: no `pub const %s` in %s" % (name, path))
    return re.findall(r'"([^"]+)"', m.group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--prices",
        default=os.path.join(REPO, "..", "shared", "data", "aws-prices"),
        help="folder of the price snapshot (prices.tsv, NOTICE, LICENSE-Apache-2.0.txt)",
    )
    args = ap.parse_args()
    src = os.path.join(args.prices, "prices.tsv")
    if not os.path.exists(src):
        sys.exit("derive-prices: %s not found (pass --prices DIR)" % src)

    wanted = set("ec2:" + t for t in rust_list(CATALOG, "INSTANCE_TYPES"))
    for c in rust_list(CATALOG, "DB_CLASSES"):
        wanted.add("rds-postgres:%s:single-az" % c)
        wanted.add("rds-postgres:%s:multi-az" % c)
    keys = rust_list(TABLE_RS, "KEYS")
    wanted.update(keys)

    lines = open(src, encoding="utf-8").read().splitlines()
    if not lines or lines[0] != HEADER:
        sys.exit("derive-prices: %s does not start with the expected header" % src)
    kept, seen = [], set()
    for line in lines[1:]:
        cols = line.split("\t")
        if len(cols) != 6:
            sys.exit("derive-prices: a row without 6 columns: %r" % line)
        if cols[1] in wanted:
            kept.append(line)
            seen.add(cols[1])
    missing = sorted(k for k in keys if k not in seen)
    if missing:
        sys.exit("derive-prices: the estimator reads keys the snapshot lacks: %s" % ", ".join(missing))

    out = os.path.join(OUT_DIR, "prices.tsv")
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER + "\n")
        for line in kept:
            f.write(line + "\n")
    for name in ("NOTICE", "LICENSE-Apache-2.0.txt"):
        shutil.copyfile(os.path.join(args.prices, name), os.path.join(OUT_DIR, name))
    never = sorted(k for k in wanted - seen if not k.endswith(":multi-az"))
    print("derive-prices: %d of %d rows kept, %d keys" % (len(kept), len(lines) - 1, len(seen)))
    if never:
        print("derive-prices: in no region of the snapshot (estimates say 'no price'): " + ", ".join(never))


if __name__ == "__main__":
    main()
