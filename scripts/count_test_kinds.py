#!/usr/bin/env python3
"""Counts sunan's tests by kind: reference, specification, regression, invariant.

The kinds are Swift Testing tags (Tests/SunanTestSupport/TestKinds.swift). A suite carries the kind of most
of its tests and a test of another kind carries its own: the nearest kind tag is the test's kind. The list
of tests and their tags comes from the test binary itself (`--list-tests` with Swift Testing's JSON event
stream), so what is counted is what `swift test` runs; a parameterised test counts once.

Usage (from anywhere; builds the tests first, Linux):
  python3 scripts/count_test_kinds.py                      counts per kind and per test target
  python3 scripts/count_test_kinds.py --list               and every test with its kind
  python3 scripts/count_test_kinds.py --changed-since REF  and the tests whose own text changed since the git
                                                           revision REF, new ones included (kind tags and
                                                           whitespace ignored; a change to a shared helper is
                                                           not attributed to the tests that call it)
Exit status 1 when a test has no kind, or a suite or test carries two kind tags.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

KINDS = ["reference", "specification", "regression", "invariant"]
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def listed_tests():
    """The `test` records of the event stream: suites and functions, with their own tags."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    subprocess.run(["swift", "build", "--build-tests"], cwd=ROOT, env=env, check=True, stdout=sys.stderr)
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, env=env, check=True,
                              capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as folder:
        stream = os.path.join(folder, "events.jsonl")
        subprocess.run([os.path.join(bin_path, "sunanPackageTests.xctest"), "--testing-library", "swift-testing",
                        "--list-tests", "--event-stream-output-path", stream, "--event-stream-version", "0"],
                       cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
        with open(stream, encoding="utf-8") as lines:
            records = [json.loads(line) for line in lines if line.strip()]
    return [r["payload"] for r in records if r.get("kind") == "test"]


def own_kinds(record):
    return [tag.lstrip(".") for tag in record.get("_tags", []) if tag.lstrip(".") in KINDS]


def classify(tests):
    """Each function's kind (nearest tag) and the problems: no kind, or two at one level."""
    suites = {t["id"]: t for t in tests if t["kind"] == "suite"}
    functions = [t for t in tests if t["kind"] == "function"]
    problems = [f"{s['id']}: two kind tags {own_kinds(s)}" for s in suites.values() if len(own_kinds(s)) > 1]
    kinds = {}
    for function in functions:
        levels = [own_kinds(function)]
        enclosing = sorted((sid for sid in suites if function["id"].startswith(sid + "/")), key=len, reverse=True)
        levels += [own_kinds(suites[sid]) for sid in enclosing]
        nearest = next((level for level in levels if level), [])
        if len(levels[0]) > 1:
            problems.append(f"{function['id']}: two kind tags {levels[0]}")
        elif not nearest:
            problems.append(f"{function['id']}: no kind tag on the test or its suites")
        kinds[function["id"]] = nearest[0] if nearest else None
    return functions, kinds, problems


def without_kind_tags(text):
    """`text` with the kind traits removed and whitespace runs collapsed, so that tagging is not a change."""
    kind = "|".join(KINDS)
    text = re.sub(r"\(\.tags\(\.(%s)\)\)" % kind, "", text)
    text = re.sub(r",\s*\.tags\(\.(%s)\)" % kind, "", text)
    text = re.sub(r"\.tags\(\.(%s)\),\s*" % kind, "", text)
    return re.sub(r"\s+", " ", text).strip()


def body_end(text, start):
    """The index after the brace that closes the body of the first `func` at or after `start`, skipping
    string literals (plain, raw and multi-line) and line comments."""
    body = re.compile(r"\bfunc\b[^{]*\{").search(text, start)
    if not body:
        return start
    depth, i = 1, body.end()
    while i < len(text) and depth:
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = len(text) if i < 0 else i
            continue
        literal = re.compile(r'(#*)("""|")').match(text, i)
        if literal:
            close = literal.group(2) + literal.group(1)
            j = literal.end()
            while j < len(text) and not text.startswith(close, j):
                j += 2 if text[j] == "\\" and not literal.group(1) else 1
            i = j + len(close)
            continue
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    return i


def test_texts(text):
    """Each `@Test` function of a file's text, attribute to closing brace, by function name, in file order."""
    texts = {}
    for attribute in re.finditer(r"@Test\b", text):
        name = re.compile(r"\bfunc\s+(\w+)").search(text, attribute.start())
        if name:
            texts.setdefault(name.group(1), []).append(without_kind_tags(text[attribute.start():body_end(text, attribute.start())]))
    return texts


def changed_tests(functions, revision):
    """The functions whose attribute or body differ from the same-named test at `revision` (or that are new)."""
    by_file = {}
    for function in functions:
        by_file.setdefault(function["sourceLocation"]["_filePath"], []).append(function)
    result = []
    for path, members in by_file.items():
        relative = os.path.relpath(path, ROOT)
        old = subprocess.run(["git", "show", f"{revision}:{relative}"], cwd=ROOT, capture_output=True, text=True)
        before = test_texts(old.stdout) if old.returncode == 0 else {}
        after = test_texts(open(path, encoding="utf-8").read())
        seen = {}
        for function in sorted(members, key=lambda f: f["sourceLocation"]["line"]):
            name = function["name"].split("(")[0]
            index = seen.get(name, 0)
            seen[name] = index + 1
            then = before.get(name, [])
            now = after.get(name, [])
            if index >= len(then) or index >= len(now) or then[index] != now[index]:
                result.append(function)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", action="store_true", help="list every test with its kind")
    parser.add_argument("--changed-since", metavar="REF", help="also count the tests changed since git revision REF")
    arguments = parser.parse_args()

    functions, kinds, problems = classify(listed_tests())
    targets = sorted({f["id"].split(".")[0] for f in functions})
    print(f"tests by kind ({len(functions)} test functions; a parameterised test counts once)")
    for kind in KINDS:
        print(f"  {kind:<14} {sum(1 for k in kinds.values() if k == kind):4}")
    print(f"  {'(none)':<14} {sum(1 for k in kinds.values() if k is None):4}")
    print("\nby test target:  " + "  ".join(f"{k[:4]:>4}" for k in KINDS))
    for target in targets:
        counts = [sum(1 for f in functions if f["id"].split(".")[0] == target and kinds[f["id"]] == k) for k in KINDS]
        print(f"  {target:<22}" + "  ".join(f"{c:4}" for c in counts))
    if arguments.list:
        print()
        for function in sorted(functions, key=lambda f: (str(kinds[f["id"]]), f["id"])):
            print(f"{str(kinds[function['id']]):<14} {function['id'].rsplit('/', 1)[0]}  {function.get('displayName', '')}")
    if arguments.changed_since:
        changed = changed_tests(functions, arguments.changed_since)
        print(f"\ntests whose own text changed since {arguments.changed_since} (kind tags ignored): {len(changed)}")
        for kind in KINDS:
            print(f"  {kind:<14} {sum(1 for f in changed if kinds[f['id']] == kind):4}")
        for function in sorted(changed, key=lambda f: f["id"]):
            print(f"  {kinds[function['id']]:<14} {function['id'].rsplit('/', 1)[0]}")
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
