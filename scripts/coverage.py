#!/usr/bin/env python3
"""Line coverage of the product's assemblies, merged over every test project's coverlet report.

A line counts as covered when any test project's process ran it. Prints one row per assembly and exits 1 when an
assembly with a floor is below it (Domain and Application: 80 %). The end-to-end tests' servers run as processes of
their own and are not measured; what they cover shows only through the in-process tests.

Usage: coverage.py RESULTS_FOLDER
"""
import glob
import sys
import xml.etree.ElementTree as ET

FLOORS = {"Symphony.Domain": 80.0, "Symphony.Application": 80.0}


def main(folder):
    lines = {}  # (assembly, file) -> {line number: covered}
    reports = glob.glob(f"{folder}/**/coverage.cobertura.xml", recursive=True)
    if not reports:
        print("no coverage report was written")
        return 1
    for report in reports:
        for package in ET.parse(report).getroot().iter("package"):
            for cls in package.iter("class"):
                seen = lines.setdefault((package.get("name"), cls.get("filename")), {})
                for line in cls.iter("line"):
                    number = int(line.get("number"))
                    seen[number] = seen.get(number, False) or int(line.get("hits")) > 0
    totals = {}
    for (assembly, _), numbers in lines.items():
        covered, total = totals.get(assembly, (0, 0))
        totals[assembly] = (covered + sum(numbers.values()), total + len(numbers))
    failed = 0
    print(f"{'assembly':<24} {'lines':>7} {'covered':>8} {'%':>6}  floor")
    for assembly in sorted(totals):
        covered, total = totals[assembly]
        percent = 100.0 * covered / total if total else 100.0
        floor = FLOORS.get(assembly)
        verdict = "" if floor is None else (f"{floor:.0f} % ok" if percent >= floor else f"{floor:.0f} % BELOW")
        failed += floor is not None and percent < floor
        print(f"{assembly:<24} {total:>7} {covered:>8} {percent:>5.1f}%  {verdict}")
    for assembly in FLOORS:
        if assembly not in totals:
            print(f"{assembly}: not measured")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
