#!/usr/bin/env python3
"""Compares the contract with the last released one and fails on a breaking
change that CHANGELOG.md does not list (docs/versioning.md says what breaks).

    breaking_changes.py RELEASED.yaml CURRENT.yaml CHANGELOG.md

A change is listed when a line of the changelog's first section (the
version being made) starts with `- **Breaking**` and names, in backticks,
the operation (`POST /v1/meetings`) or the schema (`Decision`) it is about.
Run with --list to print every breaking change found, listed or not.
"""

import sys

import yaml

METHODS = ("get", "put", "post", "patch", "delete")


class Contract:
    def __init__(self, doc):
        self.doc = doc
        self.schemas = doc.get("components", {}).get("schemas", {})
        self.responses = doc.get("components", {}).get("responses", {})

    def resolve(self, schema):
        """The schema a $ref names (and its name), else the schema."""
        seen = 0
        name = None
        while isinstance(schema, dict) and "$ref" in schema and seen < 20:
            name = schema["$ref"].rsplit("/", 1)[-1]
            schema = self.schemas.get(name, {})
            seen += 1
        return name, schema or {}

    def operations(self):
        for path, item in self.doc.get("paths", {}).items():
            for method in METHODS:
                if method in item:
                    yield f"{method.upper()} {path}", item[method]


def types(schema):
    t = schema.get("type")
    if t is None:
        return None
    return set(t) if isinstance(t, list) else {t}


def alternatives(c, schema):
    """The branches of a oneOf/anyOf (a nullable or an open enum), resolved."""
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return [c.resolve(s)[1] for s in schema[key]]
    return [schema]


def enum_of(c, schema):
    """The closed values a schema (or its branches) holds, and whether it
    also admits any string (an open enum)."""
    values, open_ = set(), False
    for s in alternatives(c, schema):
        if "enum" in s:
            values |= {v for v in s["enum"] if v is not None}
        elif types(s) == {"string"} and "enum" not in s and "format" not in s and "pattern" not in s:
            open_ = True
    return values, open_


def properties(c, schema):
    props, required = {}, set()
    for s in alternatives(c, schema) + [c.resolve(x)[1] for x in schema.get("allOf", [])]:
        props.update(s.get("properties", {}))
        required |= set(s.get("required", []))
    return props, required


class Checker:
    def __init__(self, old, new):
        self.old, self.new = Contract(old), Contract(new)
        self.found = []  # (subject, what)

    def breaking(self, subject, what):
        self.found.append((subject, what))

    def compare(self, subject, where, old_s, new_s, direction, seen):
        """direction: 'request' (what a client sends) or 'response'."""
        old_name, old_s = self.old.resolve(old_s)
        new_name, new_s = self.new.resolve(new_s)
        key = (old_name, new_name, direction, where if old_name is None else "")
        if key in seen:
            return
        seen.add(key)
        if old_name and new_name and old_name != new_name and old_name not in self.new.schemas:
            self.breaking(subject, f"{where}: schema `{old_name}` is now `{new_name}`")
        old_t, new_t = types(old_s), types(new_s)
        if old_t and new_t and not (old_t <= new_t if direction == "request" else new_t <= old_t):
            self.breaking(subject, f"{where}: type {sorted(old_t)} became {sorted(new_t)}")
        if direction == "request":
            for bound, narrower in (("pattern", None), ("maxLength", min), ("maximum", min),
                                    ("minLength", max), ("minimum", max), ("maxItems", min)):
                was, now = old_s.get(bound), new_s.get(bound)
                if now is None or was == now:
                    continue
                if narrower is None or was is None or narrower(was, now) == now:
                    self.breaking(subject, f"{where}: {bound} {was} became {now}")
        old_e, old_open = enum_of(self.old, old_s)
        new_e, new_open = enum_of(self.new, new_s)
        if old_e or new_e:
            if direction == "request" and old_e - new_e and not new_open:
                self.breaking(subject, f"{where}: no longer accepts {sorted(old_e - new_e)}")
            if direction == "response" and new_e - old_e and not old_open:
                self.breaking(subject, f"{where}: may answer {sorted(new_e - old_e)}, which a closed enum refused")
            if direction == "response" and old_open and not new_open:
                self.breaking(subject, f"{where}: closed an open enum")
        old_p, old_r = properties(self.old, old_s)
        new_p, new_r = properties(self.new, new_s)
        for name, old_prop in old_p.items():
            at = f"{where}.{name}" if where else name
            if name not in new_p:
                self.breaking(subject, f"{at}: removed")
                continue
            if direction == "response" and name in old_r and name not in new_r:
                self.breaking(subject, f"{at}: no longer always present")
            self.compare(subject, at, old_prop, new_p[name], direction, seen)
        if direction == "request":
            for name in new_r - old_r:
                self.breaking(subject, f"{where + '.' if where else ''}{name}: newly required")
        for key in ("items",):
            if key in old_s and key in new_s:
                self.compare(subject, f"{where}[]", old_s[key], new_s[key], direction, seen)

    def run(self):
        new_ops = dict(self.new.operations())
        for subject, old_op in self.old.operations():
            new_op = new_ops.get(subject)
            if new_op is None:
                self.breaking(subject, "operation removed")
                continue
            seen = set()
            old_params = {(p.get("in"), p.get("name")): p for p in old_op.get("parameters", [])}
            new_params = {(p.get("in"), p.get("name")): p for p in new_op.get("parameters", [])}
            for k, p in old_params.items():
                if k not in new_params:
                    self.breaking(subject, f"parameter {k[1]} ({k[0]}) removed")
                else:
                    self.compare(subject, f"parameter {k[1]}", p.get("schema", {}), new_params[k].get("schema", {}), "request", seen)
            for k, p in new_params.items():
                if p.get("required") and not old_params.get(k, {}).get("required"):
                    self.breaking(subject, f"parameter {k[1]} ({k[0]}) newly required")
            old_body = json_schema(old_op.get("requestBody", {}))
            new_body = json_schema(new_op.get("requestBody", {}))
            if old_body and new_body:
                self.compare(subject, "body", old_body, new_body, "request", seen)
            elif new_body and not old_body and new_op["requestBody"].get("required"):
                self.breaking(subject, "now needs a body")
            for status, old_resp in old_op.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                new_resp = new_op.get("responses", {}).get(status)
                if new_resp is None:
                    self.breaking(subject, f"no longer answers {status}")
                    continue
                old_c = json_schema(old_resp)
                new_c = json_schema(new_resp)
                if old_c and new_c:
                    self.compare(subject, f"{status}", old_c, new_c, "response", seen)
        return self.found


def json_schema(part):
    """The schema of a body or answer sent as JSON (any `json` media type)."""
    for media, content in part.get("content", {}).items():
        if "json" in media:
            return content.get("schema")
    return None


def listed(changelog):
    """The backticked names of the first section's `- **Breaking**` items
    (an item runs on over its indented lines)."""
    items, current, sections = [], None, 0
    for line in changelog.splitlines():
        if line.startswith("## "):
            sections += 1
            if sections > 1:
                break
            continue
        if sections != 1:
            continue
        if line.startswith("- "):
            current = [line] if line.startswith("- **Breaking**") else None
            if current is not None:
                items.append(current)
        elif current is not None and line.startswith("  "):
            current.append(line.strip())
        else:
            current = None
    names = set()
    for item in items:
        parts = " ".join(item).split("`")
        names |= {parts[i] for i in range(1, len(parts), 2)}
    return names


def main(argv):
    show_all = "--list" in argv
    args = [a for a in argv[1:] if a != "--list"]
    if len(args) != 3:
        print(__doc__)
        return 2
    released, current, changelog = args
    with open(released) as f:
        old = yaml.safe_load(f)
    with open(current) as f:
        new = yaml.safe_load(f)
    with open(changelog) as f:
        names = listed(f.read())
    found = Checker(old, new).run()
    unlisted = []
    for subject, what in found:
        schemas = {p.split("`")[1] for p in what.split("schema ")[1:] if "`" in p}
        ok = subject in names or any(s in names for s in schemas)
        if show_all or not ok:
            print(f"{'listed  ' if ok else 'UNLISTED'} {subject}: {what}")
        if not ok:
            unlisted.append(subject)
    print(
        f"breaking changes since {old['info']['version']}: {len(found)}, "
        f"{len(unlisted)} not listed in {changelog}"
    )
    return 1 if unlisted else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
