#!/usr/bin/env python3
"""Generates core/diffusion/text/generated/unicode_tables.cpp: the Unicode facts the CLIP tokenizer needs.

The CLIP reference tokenizer (openai/CLIP simple_tokenizer.py) depends on:
  * the `regex` module's \\p{L} / \\p{N} (Unicode general categories L* and N*),
  * Python's str.isspace() (re's \\s and str.strip() in whitespace_clean),
  * Python's str.lower() (full lowercase mapping, final-sigma rule using Cased and
    Case_Ignorable).
This script derives all of them from the Unicode Character Database as Debian ships it
(`apt-get install unicode-data` -> /usr/share/unicode) exactly the way CPython's
Tools/unicode/makeunicodedata.py does, and cross-checks the result against this Python's
`unicodedata` / str methods for every code point both versions assign.

Usage: python3 gen_unicode_tables.py [UCD_DIR] > ../unicode_tables.cpp
"""
import os
import sys
import unicodedata

UCD = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"


def read_unicode_data():
    """code point -> (category, bidi class, simple lowercase or None); ranges expanded."""
    out = {}
    first = None
    with open(os.path.join(UCD, "UnicodeData.txt"), encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split(";")
            cp = int(fields[0], 16)
            name, cat, bidi, lower = fields[1], fields[2], fields[4], fields[13]
            entry = (cat, bidi, int(lower, 16) if lower else None)
            if name.endswith(", First>"):
                first = cp
                continue
            if name.endswith(", Last>"):
                for c in range(first, cp + 1):
                    out[c] = (cat, bidi, None)
                first = None
                continue
            out[cp] = entry
    return out


def read_property_file(name, wanted):
    """property name -> set of code points, for the properties in `wanted`."""
    props = {p: set() for p in wanted}
    with open(os.path.join(UCD, name), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            cps, prop = [x.strip() for x in line.split(";")[:2]]
            if prop not in props:
                continue
            if ".." in cps:
                a, b = (int(x, 16) for x in cps.split(".."))
            else:
                a = b = int(cps, 16)
            props[prop].update(range(a, b + 1))
    return props


def read_special_lower():
    """Unconditional full lowercase mappings that differ from the simple one (CPython ignores
    the conditional ones except final sigma, which it hard-codes)."""
    out = {}
    with open(os.path.join(UCD, "SpecialCasing.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            fields = [x.strip() for x in line.split(";")]
            if len(fields) > 5 and fields[4]:
                continue  # conditional
            cp = int(fields[0], 16)
            lower = [int(x, 16) for x in fields[1].split()]
            if lower != [cp]:
                out[cp] = lower
    return out


def ranges(cps):
    cps = sorted(cps)
    out = []
    for c in cps:
        if out and out[-1][1] == c - 1:
            out[-1][1] = c
        else:
            out.append([c, c])
    return out


def lower_runs(mapping):
    """{cp: lower} (single code points) -> runs (first, count, stride, delta)."""
    items = sorted(mapping.items())
    runs = []
    i = 0
    while i < len(items):
        cp, lo = items[i]
        delta = lo - cp
        best = (1, 1)
        for stride in (1, 2):
            n = 1
            while (i + n < len(items) and items[i + n][0] == cp + n * stride
                   and items[i + n][1] - items[i + n][0] == delta):
                n += 1
            if n > best[0]:
                best = (n, stride)
        runs.append((cp, best[0], best[1], delta))
        i += best[0]
    return runs


def main():
    data = read_unicode_data()
    core = read_property_file("DerivedCoreProperties.txt", ["Cased", "Case_Ignorable"])
    special = read_special_lower()
    # Keep only those that differ from the simple mapping (the others are just duplicates).
    special = {c: lo for c, lo in special.items() if len(lo) > 1 or lo[0] != (data[c][2] or c)}

    letters = {c for c, (cat, _, _) in data.items() if cat.startswith("L")}
    numbers = {c for c, (cat, _, _) in data.items() if cat.startswith("N")}
    # CPython's definition of str.isspace() (makeunicodedata.py).
    spaces = {c for c, (cat, bidi, _) in data.items() if bidi in ("WS", "B", "S") or cat == "Zs"}
    simple_lower = {c: lo for c, (_, _, lo) in data.items() if lo is not None and lo != c and c not in special}

    # Cross-check against this Python for every code point assigned in both versions.
    mismatches = []
    for c in range(0x110000):
        ch = chr(c)
        if c not in data or unicodedata.category(ch) == "Cn":
            continue
        cat = unicodedata.category(ch)
        if (cat[0] == "L") != (c in letters) or (cat[0] == "N") != (c in numbers):
            mismatches.append("category U+%04X" % c)
        if ch.isspace() != (c in spaces):
            mismatches.append("isspace U+%04X" % c)
        if 0xD800 <= c <= 0xDFFF or c == 0x3A3:
            continue
        expected = ch.lower()
        ours = "".join(map(chr, special[c])) if c in special else chr(simple_lower.get(c, c))
        if expected != ours:
            mismatches.append("lower U+%04X" % c)
    if mismatches:
        sys.exit("mismatch with Python %s unicodedata %s: %s" % (
            sys.version.split()[0], unicodedata.unidata_version, ", ".join(mismatches[:20])))

    version = "unknown"
    with open(os.path.join(UCD, "ReadMe.txt"), encoding="utf-8") as f:
        for line in f:
            if "Version" in line or "Date" in line:
                version = line.strip("# \n")
                break
    derived_version = ""
    with open(os.path.join(UCD, "DerivedCoreProperties.txt"), encoding="utf-8") as f:
        derived_version = f.readline().strip("# \n")

    w = sys.stdout.write
    w("// GENERATED by core/diffusion/text/generated/gen_unicode_tables.py from the Unicode Character Database\n")
    w("// (%s; %s) - do not edit. Cross-checked against Python %s unicodedata %s.\n" % (
        derived_version, version, sys.version.split()[0], unicodedata.unidata_version))
    w('#include "diffusion/text/unicode_text.h"\n\n')
    w("namespace rs::diffusion::unicode::tables {\n\n")
    w("const char* const kUnicodeVersion = \"%s\";\n\n" % derived_version.replace("DerivedCoreProperties-", "").replace(".txt", ""))

    def emit_ranges(name, rs, extra=None):
        w("const CodeRange %s[] = {\n" % name)
        line = "   "
        for a, b in rs:
            item = " {0x%X, 0x%X}," % (a, b) if extra is None else " {0x%X, 0x%X, %d}," % (a, b, extra(a))
            if len(line) + len(item) > 110:
                w(line + "\n")
                line = "   "
            line += item
        w(line + "\n};\n")
        w("const std::size_t %sSize = sizeof(%s) / sizeof(%s[0]);\n\n" % (name, name, name))

    cls = {}
    for c in letters:
        cls[c] = 1
    for c in numbers:
        cls[c] = 2
    merged = []
    for c in sorted(cls):
        if merged and merged[-1][1] == c - 1 and merged[-1][2] == cls[c]:
            merged[-1][1] = c
        else:
            merged.append([c, c, cls[c]])
    w("// Letters (L*) = 1 and numbers (N*) = 2, by general category.\n")
    w("const ClassRange kCharClasses[] = {\n")
    line = "   "
    for a, b, k in merged:
        item = " {0x%X, 0x%X, %d}," % (a, b, k)
        if len(line) + len(item) > 110:
            w(line + "\n")
            line = "   "
        line += item
    w(line + "\n};\n")
    w("const std::size_t kCharClassesSize = sizeof(kCharClasses) / sizeof(kCharClasses[0]);\n\n")

    w("// str.isspace(): bidirectional class WS, B or S, or category Zs.\n")
    emit_ranges("kPythonSpace", ranges(spaces))
    w("// DerivedCoreProperties Cased / Case_Ignorable (for the final-sigma rule of str.lower()).\n")
    emit_ranges("kCased", ranges(core["Cased"]))
    emit_ranges("kCaseIgnorable", ranges(core["Case_Ignorable"]))

    runs = lower_runs(simple_lower)
    w("// Simple lowercase: for k < count, first + k*stride maps to itself + delta.\n")
    w("const LowerRun kLowerRuns[] = {\n")
    line = "   "
    for first, count, stride, delta in runs:
        item = " {0x%X, %d, %d, %d}," % (first, count, stride, delta)
        if len(line) + len(item) > 110:
            w(line + "\n")
            line = "   "
        line += item
    w(line + "\n};\n")
    w("const std::size_t kLowerRunsSize = sizeof(kLowerRuns) / sizeof(kLowerRuns[0]);\n\n")
    w("// Unconditional SpecialCasing lowercase mappings to several code points.\n")
    w("const SpecialLower kSpecialLower[] = {\n")
    for c, lo in sorted(special.items()):
        w("    {0x%X, {%s}, %d},\n" % (c, ", ".join("0x%X" % x for x in lo + [0] * (3 - len(lo))), len(lo)))
    w("};\n")
    w("const std::size_t kSpecialLowerSize = sizeof(kSpecialLower) / sizeof(kSpecialLower[0]);\n\n")
    w("}  // namespace rs::diffusion::unicode::tables\n")


if __name__ == "__main__":
    main()
