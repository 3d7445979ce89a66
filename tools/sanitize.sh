#!/usr/bin/env bash
# Builds the C core's unit tests with AddressSanitizer and UBSan and runs them.
set -euo pipefail
cd "$(dirname "$0")/../csrc"
out=$(mktemp -d)/test_core_asan
${CC:-cc} -std=c99 -O1 -g -fno-omit-frame-pointer -Wall -Wextra -pedantic \
  -fsanitize=address,undefined -fno-sanitize-recover=undefined \
  -o "$out" test_core.c trie.c names.c counters.c
ASAN_OPTIONS=detect_leaks=1 "$out"
