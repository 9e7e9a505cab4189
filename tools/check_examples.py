"""Checks that every example in the contract is valid against its schema.

Usage: check_examples.py openapi.yaml

Walks the document for each `example` (a schema's, a property's, a media
type's) and validates it with JSON Schema 2020-12 (the dialect of OpenAPI
3.1), formats included (uuid, date, date-time, email), resolving
`#/components/...` references against the document. Prints every failure
and exits 1 if there is one.
"""

import sys

import yaml
from jsonschema import Draft202012Validator, FormatChecker


class _Loader(yaml.SafeLoader):
    """YAML as JSON sees it: a date stays the string it is written as."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def examples(node, path):
    """Yield (path, schema, example) for each example under `node`."""
    if isinstance(node, dict):
        if "example" in node:
            if "schema" in node:  # a media type, a parameter or a header
                yield path, node["schema"], node["example"]
            elif any(k in node for k in ("type", "$ref", "oneOf", "allOf", "anyOf", "enum", "properties")):
                schema = {k: v for k, v in node.items() if k != "example"}
                yield path, schema, node["example"]
        for key, value in node.items():
            if key != "example":
                yield from examples(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from examples(value, f"{path}/{i}")


def main(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=_Loader)
    components = doc.get("components", {})
    failures = []
    count = 0
    for at, schema, example in examples(doc, ""):
        count += 1
        # Components at the root, so that `#/components/...` resolves.
        rooted = dict(schema, components=components)
        validator = Draft202012Validator(rooted, format_checker=FormatChecker())
        for error in validator.iter_errors(example):
            where = "/".join(str(p) for p in error.absolute_path)
            failures.append(f"{at}: at /{where}: {error.message}")
    for failure in failures:
        print(failure)
    print(f"check_examples: {count} examples, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "openapi.yaml"))
