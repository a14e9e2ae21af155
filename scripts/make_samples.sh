#!/usr/bin/env bash
# Regenerate the committed sample runs under results/samples/ (see results/samples/README.md).
# Reference agents on every task, two scripted behaviour profiles on one task, and the offline
# SmolLM2 model with and without the skill on three tasks. Takes ~30-40 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export EVALRUN_RESULTS_DIR="$PWD/results/samples"
evalrun=.venv/bin/evalrun
smol_tasks=orders-discount-half-cent,accounts-admin-search-password-hash,orders-coupon-discount-too-small

$evalrun --model oracle --run-id oracle
$evalrun --model null --run-id null
$evalrun --model replay/evals/profiles/careful.json --with-skill --tasks orders-discount-half-cent --run-id careful
$evalrun --model replay/evals/profiles/sloppy.json --tasks orders-discount-half-cent --run-id sloppy
$evalrun --model local/smollm2 --with-skill --tasks "$smol_tasks" --max-steps 4 --run-id smollm2__skill
$evalrun --model local/smollm2 --tasks "$smol_tasks" --max-steps 4 --run-id smollm2__baseline

runs=(oracle null careful sloppy smollm2__skill smollm2__baseline)
$evalrun leaderboard "${runs[@]}" --out results/samples/leaderboard.csv
$evalrun report "${runs[@]}" --out results/samples/report
