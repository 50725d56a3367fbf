#!/usr/bin/env python3
"""Writes the hostile scenario files of issue 14, item 7, into the bad-input catalogue's fixtures.

Each is the catalogue's valid scenario (Tests/SunanCLITests/Fixtures/bad-inputs/yaml/valid.yaml)
with its `scenarios:` list replaced by something built to make the YAML layer do too much work:

- hostile-alias-18k.yaml: one scenario anchored (`&s`) with 1,000 unknown keys and reused by 1,000
  aliases (`*s`); before the fix each alias repeated every problem: 1,001,003 errors in 11 s, 660 MB.
- hostile-alias-56k.yaml: the same with 2,400 unknown keys and 6,500 aliases in one flow list;
  before the fix it aborted after about a minute at 3.7 GB.
- hostile-repeated-keys-27k.yaml: one scenario whose mapping repeats the key `label` 1,150 times;
  before the fix every repeat composed the whole file again (quadratic: 77 s).

Deterministic; run from the repository root: python3 scripts/make-hostile-yaml.py
"""
from pathlib import Path

FOLDER = Path("Tests/SunanCLITests/Fixtures/bad-inputs/yaml")


def head() -> str:
    """The valid scenario up to (not including) its `scenarios:` list."""
    text = (FOLDER / "valid.yaml").read_text(encoding="utf-8")
    return text[: text.index("scenarios:\n")].replace(
        "Bad-input catalogue: the valid scenario every case varies", "Bad-input catalogue: hostile file")


def alias_bomb(keys: int, aliases: int, flow: bool) -> str:
    anchored = "{name: s, " + ", ".join(f"key{i}: 0" for i in range(keys)) + "}"
    if flow:
        uses = "[&s " + anchored + ", " + ", ".join(["*s"] * aliases) + "]"
        return head() + "scenarios: " + uses + "\nsimulation: {draws: 200, seed: 7}\n"
    lines = ["scenarios:", "  - &s " + anchored] + ["  - *s"] * aliases
    return head() + "\n".join(lines) + "\nsimulation: {draws: 200, seed: 7}\n"


def repeated_keys(repeats: int) -> str:
    lines = ["scenarios:", "  - name: baseline"] + [f"    label: repeat {i}" for i in range(repeats)]
    return head() + "\n".join(lines) + "\nsimulation: {draws: 200, seed: 7}\n"


def main() -> None:
    files = {
        "hostile-alias-18k.yaml": alias_bomb(1_000, 1_000, flow=False),
        "hostile-alias-56k.yaml": alias_bomb(2_400, 6_500, flow=True),
        "hostile-repeated-keys-27k.yaml": repeated_keys(1_150),
    }
    for name, text in files.items():
        (FOLDER / name).write_text(text, encoding="utf-8")
        print(f"{name}: {len(text.encode('utf-8')):,} bytes")


if __name__ == "__main__":
    main()
