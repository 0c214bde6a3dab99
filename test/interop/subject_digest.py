#!/usr/bin/env python3
"""TEST-ONLY: the attestation's subject digest, recomputed from a `pulumi stack export` file
using nothing but the README's algorithm ("Subject digest"), written apart from the project's
TypeScript so that a test can prove a third party gets the same digest.

    python3 test/interop/subject_digest.py EXPORT.json      # prints the sha256 hex digest
"""
import hashlib
import json
import sys
from decimal import Decimal

SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


def utf16_key(s):
    """RFC 8785 orders strings by their UTF-16 code units."""
    return s.encode("utf-16-be")


def es_number(x):
    """An IEEE double as ECMAScript's Number::toString writes it (RFC 8785, section 3.2.2.3)."""
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError("JSON has no NaN or Infinity")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    # repr() is the shortest text that reads back as the same double, as in ECMAScript.
    t = Decimal(repr(abs(x))).normalize().as_tuple()
    digits = "".join(map(str, t.digits))
    k = len(digits)
    n = t.exponent + k  # value = 0.<digits> * 10^n
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        out = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e > 0 else "-") + str(abs(e))
    return sign + out


def jcs(v):
    """RFC 8785 (JCS) canonical JSON text."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return es_number(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ",".join(jcs(x) for x in v) + "]"
    if isinstance(v, dict):
        keys = sorted(v.keys(), key=utf16_key)
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + jcs(v[k]) for k in keys) + "}"
    raise TypeError(type(v))


def opaque_secrets(v):
    """Step 3: a secret is reduced to its signature key alone."""
    if isinstance(v, list):
        return [opaque_secrets(x) for x in v]
    if isinstance(v, dict):
        if v.get(SIG_KEY) == SECRET_SIG:
            return {SIG_KEY: SECRET_SIG}
        return {k: opaque_secrets(x) for k, x in v.items()}
    return v


def subject_digest(doc):
    deployment = doc.get("deployment", doc)
    entries = [
        {"type": r["type"], "urn": r["urn"], "props": opaque_secrets(r.get("inputs") or {})}
        for r in deployment["resources"]
        if r.get("delete") is not True
    ]
    entries.sort(key=lambda e: utf16_key(e["urn"]))
    return hashlib.sha256(jcs(entries).encode("utf-8")).hexdigest()


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        print(subject_digest(json.load(f)))
