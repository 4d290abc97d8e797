#!/usr/bin/env bash
# How long a newcomer waits (docs/command-line.md: starting fast): clones this checkout's
# HEAD into a fresh folder, then times `npm ci`, the first and the second `npx mirrorsim --help`
# (the first installs the checkout into npm's exec cache, running `prepare` again), and the
# fastest of five runs of `--help`, `validate` and a bare `node -e 0`.
# Usage: scripts/measure-startup.sh [folder for the clone, default a new one under /tmp] [commit, default HEAD]
set -euo pipefail
source=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
clone=${1:-$(mktemp -d /tmp/mirrorsim-startup-XXXXXX)}
rm -rf "$clone"
git clone --quiet "$source" "$clone"
cd "$clone"
git checkout --quiet "${2:-HEAD}"

seconds() { # prints the wall time of a command, in seconds; fails if the command does
  local start end
  start=$(date +%s%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.2f", ns / 1e9 }'
}
fastest() { # the fastest of five runs
  local best="" t
  for _ in 1 2 3 4 5; do
    t=$(seconds "$@")
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
  done
  echo "$best"
}

echo "$(git log -1 --format='%h %s' | cut -c1-72)"
echo "node $(node --version), npm $(npm --version), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-52s %6s s\n' 'npm ci' "$(seconds npm ci)"
printf '%-52s %6s s\n' 'npx mirrorsim --help (first)' "$(seconds npx mirrorsim --help)"
printf '%-52s %6s s\n' 'npx mirrorsim --help (second)' "$(seconds npx mirrorsim --help)"
printf '%-52s %6s s\n' 'node bin/mirrorsim.js --help' "$(fastest node bin/mirrorsim.js --help)"
printf '%-52s %6s s\n' 'node bin/mirrorsim.js validate scenarios/baseline.yaml' "$(fastest node bin/mirrorsim.js validate scenarios/baseline.yaml)"
printf '%-52s %6s s\n' 'node -e 0' "$(fastest node -e 0)"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
