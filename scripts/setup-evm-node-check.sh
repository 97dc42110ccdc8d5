#!/usr/bin/env bash
# Installs what scripts/evm-node-check.py needs: web3 with its tester extra (eth-tester and py-evm, a real EVM), from
# PyPI. Idempotent.
set -euo pipefail
python3 -c "import web3, eth_tester, eth" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check "web3[tester]>=7,<9"
