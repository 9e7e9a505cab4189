"""Lists the failures of the last fuzz run (target/contract/fuzz/*/*.log) as
Markdown, one row per operation and check, with the request as sent, what
the server answered and what the schema expected; for FINDINGS.md.

    findings.py [target/contract/fuzz] > findings.md
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

BLOCK = re.compile(r"\n_{3,} (.+?) _{3,}\n")
FAILURE = re.compile(
    r"- (ST\d+) ([^\n]+)\n\n(.*?)\n\n\[(\d+)\] [^\n]*:\n\n\s*`(.*?)`\n\nReproduce with:\n\n\s*(curl[^\n]*)", re.S
)


def cell(text: str, limit: int) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    text = re.sub(r"http://127\.0\.0\.1:\d+", "", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "target/contract/fuzz")
    found: dict[tuple[str, str], dict[str, object]] = {}
    for log in sorted(root.glob("*/*.log")):
        if log.name == "server.log":
            continue
        text = log.read_text()
        if "= FAILURES =" not in text:
            continue
        body = text.split("= FAILURES =", 1)[1].split("= WARNINGS =")[0].split("= SUMMARY =")[0]
        parts = BLOCK.split(body)
        for label, block in zip(parts[1::2], parts[2::2]):
            for code, name, detail, status, answer, curl in FAILURE.findall(block):
                entry = found.setdefault(
                    (label, code),
                    {"name": name, "detail": detail, "status": status, "answer": answer, "curl": curl, "where": set()},
                )
                where = entry["where"]
                assert isinstance(where, set)
                where.add(log.parent.name)
    print("| operation | check | request (as sent) | server answered | schema / check expected | backends |")
    print("| --- | --- | --- | --- | --- | --- |")
    for (label, code), e in sorted(found.items()):
        where = e["where"]
        assert isinstance(where, set)
        print(
            f"| `{label}` | {code} {e['name']} | `{cell(str(e['curl']), 260)}` | {e['status']}: `{cell(str(e['answer']), 220)}` "
            f"| {cell(str(e['detail']), 200)} | {', '.join(sorted(where))} |"
        )
    print(f"\n{len(found)} distinct (operation, check) failures.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
