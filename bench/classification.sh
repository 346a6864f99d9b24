#!/usr/bin/env bash
# Compiled classification rules beside hand-written C# predicates over the same generated accounts, on one
# thread: bench/classification.sh [accounts] [passes]. No database: the rules read facts already in memory.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project bench/ClassificationBench -- "${1:-100000}" "${2:-5}"
