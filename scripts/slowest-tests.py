#!/usr/bin/env python3
"""Prints the slowest test classes of the .trx files in a folder: what test.sh shows at its end.
Usage: slowest-tests.py RESULTS_DIR [COUNT]"""
import collections
import glob
import html
import re
import sys


def seconds(duration):
    hours, minutes, rest = duration.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def main():
    folder, count = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    by_class, tests = collections.Counter(), collections.Counter()
    for trx in glob.glob(f"{folder}/*.trx"):
        text = open(trx, encoding="utf-8").read()
        for name, duration in re.findall(r'<UnitTestResult [^>]*testName="([^"]*)"[^>]*duration="([^"]*)"', text):
            test_class = html.unescape(name).split("(")[0].rsplit(".", 1)[0]
            by_class[test_class] += seconds(duration)
            tests[test_class] += 1
    for test_class, total in by_class.most_common(count):
        print(f"{total:8.1f} s {tests[test_class]:6d} tests  {test_class}")


main()
