#!/usr/bin/env python3
"""Reference SHA-256 digests for SHA256Tests (Tests/SunanCLITests/OutputManifestTests.swift), by hashlib.

The messages: the empty one, "abc", FIPS 180-4's two-block example, 55/56/63/64/65 bytes of "a"
(the padding boundaries), the bytes 0…255 repeated to 1,000 bytes, and one million "a".
"""
import hashlib

messages = {
    "empty": b"",
    "abc": b"abc",
    "two blocks": b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    "55 a": b"a" * 55,
    "56 a": b"a" * 56,
    "63 a": b"a" * 63,
    "64 a": b"a" * 64,
    "65 a": b"a" * 65,
    "bytes 0-255 to 1000": bytes(i % 256 for i in range(1000)),
    "one million a": b"a" * 1_000_000,
}
for name, message in messages.items():
    print(f'("{name}", {len(message)}, "{hashlib.sha256(message).hexdigest()}"),')
