#!/usr/bin/env python3
"""Re-derives core/src/schema/providers.txt: the subset of the provider schemas that
tfdesign's bundles use, in a compact indented text format that core embeds.

usage: scripts/derive-schema.py [--oracle DIR]   (default DIR: ../shared/tools/tf-oracle)

It generates the bundle of every preset with the CLI (`cargo run -p tfdesign`), and of each preset
with the opt-ins no preset uses turned on (an access key, existing access-log buckets, a bucket, a
provisioned table with an index, a cache), collects the
`resource`, `data` and `provider` types of their .tf files, and copies exactly those types out
of the tf-oracle schema files (MPL-2.0, see core/src/schema/NOTICE). Run it again whenever the
emitters start using a new resource or data type. Standard library only; not a build input.

Format (one line per fact, one leading space per nesting level; '#' lines are comments):
  resource|data|provider NAME           a schema
  ATTR FLAGS TYPE                        FLAGS: r required, o optional, c computed, oc both;
                                         TYPE: compact JSON of the Terraform type
  +BLOCK MODE MIN MAX [#N | *N]          MODE: single, list, set, map, group; MIN/MAX 0 = none;
                                         #N: this block body is shared as N; *N: the body of N
                                         (large repeated bodies, e.g. WAFv2 statements, once)
"""
import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
OUT = os.path.join(REPO, "core", "src", "schema", "providers.txt")
NOTICE_OUT = os.path.join(REPO, "core", "src", "schema", "NOTICE")
HEADER = re.compile(r'(?m)^(resource|data|provider)\s+"([A-Za-z0-9_]+)"')


def cli(*args):
    cmd = ["cargo", "run", "-q", "-p", "tfdesign", "--"] + list(args)
    return subprocess.run(cmd, cwd=REPO, check=True, capture_output=True, text=True).stdout


def with_every_option(design):
    """The design with the opt-ins no preset uses turned on (they add resource types)."""
    for user in design.get("iam", {}).get("users", [])[:1]:
        user["access_key"] = True
    regions = {r["name"] for r in design["regions"]} | set(design["backend"]["regions"])
    design.setdefault("security", {})["access_log_buckets"] = {
        r: "%s-access-logs-%s" % (design["project"], r) for r in sorted(regions)
    }
    # The building blocks no preset has yet: a bucket and a table (with an index and a TTL)
    # in the first service, provisioned tables in the first tier.
    for service in design["services"][:1]:
        service["buckets"] = [{"name": "files"}]
        key = {"name": "id", "type": "S"}
        service["tables"] = [{
            "name": "items", "partition_key": key, "ttl_attribute": "expires",
            "indexes": [{"name": "by-owner", "partition_key": {"name": "owner", "type": "S"}}],
        }]
    for tier in design["tiers"][:1]:
        tier["storage"] = {"tables": {"billing": "provisioned"}}
    # Global tables (a replica in the DR region) in the tiers that deploy to a DR region.
    dr = {r["name"] for r in design["regions"] if r["role"] == "dr"}
    for tier in design["tiers"]:
        if dr & set(tier["regions"]):
            tier.setdefault("storage", {}).setdefault("tables", {})["global"] = True
    # A cache (Redis OSS, to cover both engines with the Valkey default elsewhere) in the first
    # service.
    for service in design["services"][:1]:
        service["cache"] = {"engine": "redis"}
    return design


def used_types():
    found = set()
    with tempfile.TemporaryDirectory(prefix="derive-schema-") as tmp:
        for preset in cli("presets").split():
            design = with_every_option(json.loads(cli("design", "--preset", preset)))
            path = os.path.join(tmp, preset + "-options.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(design, f)
            for name, args in ((preset, ["--preset", preset]), (preset + "-options", ["--design", path])):
                out = os.path.join(tmp, name)
                cli("generate", *args, "--out", out)
                found |= types_in(out)
    return sorted(found)


def types_in(out):
    """The (kind, type) pairs declared by the .tf files under `out`."""
    found = set()
    for folder, _, files in os.walk(out):
        for f in files:
            if f.endswith(".tf"):
                text = open(os.path.join(folder, f), encoding="utf-8").read()
                found |= set(HEADER.findall(text))
    return found


def flags(a):
    if a.get("required"):
        return "r"
    return ("o" if a.get("optional") else "") + ("c" if a.get("computed") else "") or "o"


def nested_type(nt):
    """A framework nested attribute as the equivalent Terraform type."""
    attrs = {k: attr_type(v) for k, v in sorted(nt.get("attributes", {}).items())}
    obj = ["object", attrs]
    mode = nt.get("nesting_mode", "single")
    return obj if mode == "single" else [mode, obj]


def attr_type(a):
    return a["type"] if "type" in a else nested_type(a["nested_type"])


SHARE_MIN = 400  # nested blocks whose canonical JSON is at least this long are written once


def write_block(out, block, depth, shared):
    pad = " " * depth
    for name, a in sorted(block.get("attributes", {}).items()):
        ty = json.dumps(attr_type(a), separators=(",", ":"), sort_keys=True)
        ty = ty[1:-1] if ty.startswith('"') else ty
        out.append("%s%s %s %s" % (pad, name, flags(a), ty))
    for name, bt in sorted(block.get("block_types", {}).items()):
        head = "%s+%s %s %d %d" % (pad, name, bt["nesting_mode"], bt.get("min_items", 0), bt.get("max_items", 0))
        key = json.dumps(bt["block"], sort_keys=True)
        if key in shared:
            out.append("%s *%d" % (head, shared[key]))
            continue
        if len(key) >= SHARE_MIN:
            shared[key] = len(shared)
            head += " #%d" % shared[key]
        out.append(head)
        write_block(out, bt["block"], depth + 1, shared)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--oracle", default=os.path.join(os.path.dirname(REPO), "shared", "tools", "tf-oracle"))
    a = ap.parse_args()
    schemas = {}
    for kind, name in used_types():
        provider = name.split("_", 1)[0]
        if provider not in schemas:
            path = os.path.join(a.oracle, "%s-provider-schema.json.gz" % provider)
            schemas[provider] = json.load(gzip.open(path))
        schemas.setdefault("_used", []).append((kind, name, provider))
    lines = ["# Generated by scripts/derive-schema.py from tf-oracle's provider schema files.",
             "# MPL-2.0 facts: see NOTICE beside this file. Do not edit; re-run the script."]
    for provider in sorted(k for k in schemas if k != "_used"):
        s = schemas[provider]
        lines.append("# %s %s (%s)" % (s["provider_address"], s["provider_version"], s["source"].split(",")[0]))
    count = 0
    shared = {}
    for kind, name, provider in schemas.get("_used", []):
        s = schemas[provider]
        if kind == "provider":
            block = s["provider"]["block"]
        else:
            table = s["resource_schemas" if kind == "resource" else "data_source_schemas"]
            if name not in table:
                sys.exit("derive-schema: %s %s is not in the %s schema" % (kind, name, provider))
            block = table[name]["block"]
        lines.append("%s %s" % (kind, name))
        write_block(lines, block, 1, shared)
        count += 1
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    notice = open(os.path.join(a.oracle, "NOTICE"), encoding="utf-8").read()
    with open(NOTICE_OUT, "w", encoding="utf-8") as f:
        f.write("providers.txt: provenance\n=========================\n\n"
                "providers.txt holds the schema facts (attribute names, types, required/optional/computed,\n"
                "block nesting and min/max items of 1) of only the resource, data source and provider\n"
                "types that tfdesign generates, copied by scripts/derive-schema.py out of the files\n"
                "described below and rewritten in a compact text format. It remains under MPL-2.0\n"
                "(https://mozilla.org/MPL/2.0/); its Source Code Form is the files below together with\n"
                "scripts/derive-schema.py. The NOTICE of those files follows.\n\n" + notice)
    print("derive-schema: %d types, %d bytes -> %s" % (count, os.path.getsize(OUT), os.path.relpath(OUT, REPO)))


if __name__ == "__main__":
    main()
