#!/usr/bin/env python3
"""Writes the small synthetic theft shipped in this folder, in ethereum-etl CSV format.

Deterministic (seeded). Addresses and hashes are visibly synthetic: each
address is a readable role tag padded with hex, e.g. 0xa77ac4e2...0001.
"""
import random

random.seed(20240622)
T0 = 1719079200  # 2024-06-22 18:00 UTC
USDT = "0xdac17f958d2ee523a2206206994597c13d831ec7"

def addr(tag, n):
    return "0x" + (tag + "%04x" % n).ljust(40, "0")[:40]

def txhash(n):
    return "0x" + ("5e1ec7ed%08x" % n).ljust(64, "0")

victims = [addr("71c7", i) for i in range(12)]
attacker = addr("a77ac4e2", 1)
hop1, hop2 = addr("a77ac4e2", 2), addr("a77ac4e2", 3)
mixer = addr("3133e2", 1)
deposit = addr("de9051", 1)
hot = addr("e8c4a9", 1)
users = [addr("c1ea0", i) for i in range(20)]

txs, tokens_rows, blocks = [], [], []
block = 20_150_000
n = 0
def tx(frm, to, value, gas_price=10**10):
    global n, block
    n += 1
    block += 1
    blocks.append((block, T0 + (block - 20_150_000) * 12))
    txs.append((txhash(n), n, block, 0, frm, to, value, 21000, gas_price, T0 + (block - 20_150_000) * 12))
    return txhash(n)
def token(frm, to, value):
    h = tx(frm, USDT, 0)
    tokens_rows.append((USDT, frm, to, value, h, 0, block))

for u in users[:10]:
    tx(u, mixer, 10**18)
for v in victims:
    tx(v, attacker, random.randint(1, 20) * 10**17)
    token(v, attacker, random.randint(100, 5000) * 10**6)
tx(attacker, hop1, 2 * 10**18)
tx(hop1, mixer, 10**18)
tx(hop1, hop2, 9 * 10**17)
for u in users[10:]:
    tx(u, mixer, 10**18)
tx(mixer, hop2, 10**18)
tx(hop2, deposit, 15 * 10**17)
tx(deposit, hot, 15 * 10**17)
token(attacker, deposit, 3000 * 10**6)
token(deposit, hot, 3000 * 10**6)
for u in users[:5]:
    tx(hot, u, 5 * 10**17)

with open("transactions.csv", "w") as f:
    f.write("hash,nonce,block_hash,block_number,transaction_index,from_address,to_address,value,gas,gas_price,input,block_timestamp,max_fee_per_gas,max_priority_fee_per_gas,transaction_type\n")
    for h, nonce, b, i, frm, to, value, gas, gp, ts in txs:
        f.write(f"{h},{nonce},,{b},{i},{frm},{to},{value},{gas},{gp},0x,{ts},,,0\n")
with open("receipts.csv", "w") as f:
    f.write("transaction_hash,transaction_index,block_hash,block_number,cumulative_gas_used,gas_used,contract_address,root,status,effective_gas_price,l1_fee,l1_gas_used,l1_gas_price,l1_fee_scalar\n")
    for h, nonce, b, i, frm, to, value, gas, gp, ts in txs:
        f.write(f"{h},{i},,{b},21000,21000,,,1,{gp},,,,\n")
with open("token_transfers.csv", "w") as f:
    f.write("token_address,from_address,to_address,value,transaction_hash,log_index,block_number\n")
    for r in tokens_rows:
        f.write(",".join(map(str, r)) + "\n")
with open("blocks.csv", "w") as f:
    f.write("number,hash,parent_hash,nonce,sha3_uncles,logs_bloom,transactions_root,state_root,receipts_root,miner,difficulty,total_difficulty,size,extra_data,gas_limit,gas_used,timestamp,transaction_count,base_fee_per_gas,withdrawals_root,withdrawals\n")
    for b, ts in blocks:
        f.write(f"{b},,,,,,,,,0x{'0'*40},0,0,0,,30000000,21000,{ts},1,,,\n")
with open("tokens.csv", "w") as f:
    f.write("address,symbol,name,decimals,total_supply,block_number\n")
    f.write(f"{USDT},USDT,Tether USD,6,,\n")
with open("sources.csv", "w") as f:
    f.write("type,chain,id,asset,start_block\n")
    for v in victims:
        f.write(f"whole_balance,ethereum,{v},*,\n")
