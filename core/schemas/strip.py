#!/usr/bin/env python3
"""Reproduce a bundled schema from the publisher's file.

    python3 strip.py ORIGINAL.json > BUNDLED.json

Removes the annotation keywords `description`, `title` and `$comment` wherever their value
is a string (property *schemas* named "description" or "title" are objects and are kept),
then writes the JSON with sorted keys, two-space indent and a final newline. Annotations do
not take part in validation (JSON Schema 2019-09, Core §7.7 / Validation §9), so the result
validates exactly what the original validates; the SHA-256 in SOURCES.md is of this output.
"""
import json
import sys

ANNOTATIONS = {"description", "title", "$comment"}


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if not (k in ANNOTATIONS and isinstance(v, str))}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


with open(sys.argv[1], encoding="utf-8") as f:
    doc = json.load(f)
sys.stdout.write(json.dumps(strip(doc), indent=2, sort_keys=True, ensure_ascii=False) + "\n")
