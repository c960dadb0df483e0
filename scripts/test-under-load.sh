#!/usr/bin/env bash
# Runs the README's test command (`npx -y pnpm@12.4.2 test`) while two CPU-burning processes run
# beside it, as on a busy shared 2-core machine, and exits with the test command's status.
# The burners are started here and always stopped (trap on exit, also on Ctrl-C or a failure).
# For anyone who changes the test suite: it must pass under load (docs/guides/testing.md).
set -uo pipefail
cd "$(dirname "$0")/.."

burners=()
stop_burners() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${burners[@]}"; do wait "$pid" 2>/dev/null || true; done
  burners=()
}
trap stop_burners EXIT
trap 'exit 130' INT TERM

for _ in 1 2; do
  node -e 'for (;;) Math.sqrt(Math.random());' &
  burners+=("$!")
done
echo "== test-under-load: two CPU burners running (pids ${burners[*]}); now the README's test command"

started=$(date +%s)
npx -y pnpm@12.4.2 test "$@"
status=$?
elapsed=$(( $(date +%s) - started ))

stop_burners
printf '== test-under-load: the test command exited %d after %dm%02ds (with two CPU burners beside it)\n' "$status" $((elapsed / 60)) $((elapsed % 60))
exit "$status"
