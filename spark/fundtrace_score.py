#!/usr/bin/env python3
"""Batch taint scoring on Apache Spark, exact: every (chain, asset) ledger of the taint contract's account model is
scored by the FundTrace binary as a worker, in the contract's order, and the union of the ledgers' results is the
one-machine result (docs/PARTITIONING.md).

    spark-submit --master local[2] spark/fundtrace_score.py --transfers export.csv --sources sources.csv \\
        --policy haircut --fundtrace .build/release/fundtrace --out scores/

On a cluster, ship the binary with the job (it is read from the executors' working directory):

    spark-submit --master yarn --files .build/release/fundtrace spark/fundtrace_score.py \\
        --transfers hdfs:///chain/transfers/ --sources sources.csv --policy fifo --fundtrace fundtrace --out hdfs:///scores/

Input: canonical transfer files (`chain,tx_hash,block,tx_index,log_index,timestamp,from,to,asset,amount,fee`, as
`fundtrace export transfers` writes them), CSV or Parquet; files are read in path order. Output, per policy, in
OUT/POLICY/: `scores/` and `scores_csv/` (one row per (chain, address, asset), the columns of `taint account`'s
per-key output) and `ledgers/` and `ledgers_csv/` (one row per (chain, asset): transfers and the summary totals).
"""
import argparse, csv, json, os, shutil, subprocess, sys, tempfile

from pyspark import SparkFiles
from pyspark.sql import SparkSession, functions as F, types as T

COLUMNS = ["chain", "tx_hash", "block", "tx_index", "log_index", "timestamp", "from", "to", "asset", "amount", "fee"]
KEY_COLUMNS = ["chain", "address", "asset", "policy", "balance", "prior_balance_injected", "total_received", "total_sent", "fees_paid",
               "tainted_received", "tainted_sent", "tainted_held", "held_ratio", "exposure", "whole_balance_source", "received_source"]
SUMMARY = ["created", "held", "fee_sink", "reabsorbed", "absorbed", "whole_held"]


def read_transfers(spark, paths):
    """The transfers as strings, with each row's place in the input: file path, split start, order within the split."""
    parquet = all(p.rstrip("/").endswith(".parquet") for p in paths)
    if parquet:
        df = spark.read.parquet(*paths)
        df = df.select(*[F.col(f"`{c}`").cast("string").alias(c) if c in df.columns else F.lit(None).cast("string").alias(c) for c in COLUMNS],
                       F.col("_metadata.file_path").alias("_file"), F.col("_metadata.file_block_start").alias("_start"))
    else:
        schema = T.StructType([T.StructField(c, T.StringType()) for c in COLUMNS])
        # enforceSchema off: a file whose header is not the contract's is refused, not read under the wrong names.
        df = (spark.read.option("header", True).option("enforceSchema", False).option("mode", "FAILFAST").schema(schema).csv(paths)
              .select(*COLUMNS, F.col("_metadata.file_path").alias("_file"), F.col("_metadata.file_block_start").alias("_start")))
    return df.withColumn("_seq", F.monotonically_increasing_id())


OUT_COLUMNS = ["kind", "policy"] + [f"c{i}" for i in range(len(KEY_COLUMNS))]


def ledger_runner(fundtrace, sources_text, policies, worker_memory):
    """A partition's rows, as Arrow batches sorted by ledger then contract order, scored ledger by ledger by the
    FundTrace binary; the batches are cut at ledger boundaries and written with Arrow's CSV writer (no Python per row)."""
    def run(batches):
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
        binary = fundtrace if os.path.exists(fundtrace) else SparkFiles.get(os.path.basename(fundtrace))
        work = tempfile.mkdtemp(prefix="fundtrace-ledger-")
        try:
            sources = os.path.join(work, "sources.csv")
            with open(sources, "w") as f:
                f.write(sources_text)
            path = os.path.join(work, "transfers.csv")
            state = {"ledger": None, "writer": None, "rows": 0}

            def close_ledger():
                if state["writer"] is None:
                    return
                state["writer"].close()
                state["writer"] = None
                yield from score(binary, work, sources, state["ledger"], state["rows"], policies, worker_memory)

            for batch in batches:
                if batch.num_rows == 0:
                    continue
                batch = batch.select(COLUMNS)
                key = pc.binary_join_element_wise(pc.fill_null(batch.column("chain"), ""), pc.fill_null(batch.column("asset"), ""), "\x1f")
                cuts = [0] + [i + 1 for i in pc.indices_nonzero(pc.not_equal(key.slice(1), key.slice(0, len(key) - 1))).to_pylist()] + [batch.num_rows]
                for start, end in zip(cuts, cuts[1:]):
                    ledger = tuple(key[start].as_py().split("\x1f"))
                    if ledger != state["ledger"]:
                        yield from close_ledger()
                        state.update(ledger=ledger, rows=0,
                                     writer=pacsv.CSVWriter(path, batch.schema, write_options=pacsv.WriteOptions(quoting_style="needed")))
                    state["rows"] += end - start
                    state["writer"].write_batch(batch.slice(start, end - start))
            yield from close_ledger()
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return run


def score(binary, work, sources, ledger, count, policies, worker_memory):
    """Runs the worker on one ledger's file under each policy; yields Arrow batches of ('key', policy, row…) and
    ('ledger', policy, row…) in the job's output schema. The worker (`taint account --presorted`) sweeps the ledger
    as it reads it, in memory per ledger key, and stops once it passes `worker_memory` MiB."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    transfers = os.path.join(work, "transfers.csv")
    strings = pacsv.ConvertOptions(column_types={c: pa.string() for c in KEY_COLUMNS}, strings_can_be_null=False)
    for policy in policies:
        out = {k: os.path.join(work, f"{k}-{policy}") for k in ("addresses", "summary")}
        # No per-transfer output: the job reports per key and per ledger. The rows arrive in the contract's order.
        done = subprocess.run([binary, "taint", "account", "--presorted", "--memory-limit", str(worker_memory), "--transfers", transfers,
                               "--sources", sources, "--policy", policy, "--out-addresses", out["addresses"], "--summary", out["summary"]],
                              capture_output=True, text=True)
        if done.returncode != 0 and "needs more memory" in done.stderr:
            raise MemoryError(f"ledger {ledger[0]}/{ledger[1]} ({count} rows) needs more than {worker_memory} MiB of worker memory: "
                              f"{done.stderr.strip()[-1000:]}; raise --worker-memory and the executors' memory")
        if done.returncode != 0:
            raise RuntimeError(f"fundtrace taint account failed on ledger {ledger[0]}/{ledger[1]} ({count} rows), policy {policy}: "
                               f"exit {done.returncode}: {done.stderr.strip()[-2000:]}")
        table = pacsv.read_csv(out["addresses"], convert_options=strings)
        n = table.num_rows
        columns = [pa.array(["key"] * n), pa.array([policy] * n)] + [table.column(c).combine_chunks().cast(pa.string()) for c in KEY_COLUMNS]
        for b in pa.Table.from_arrays(columns, names=OUT_COLUMNS).to_batches(max_chunksize=65536):
            yield b
        with open(out["summary"]) as f:
            summary = json.load(f)
        values = [ledger[0], ledger[1], str(count)] + [str(summary[k]) for k in SUMMARY]
        values += [None] * (len(KEY_COLUMNS) - len(values))
        yield pa.RecordBatch.from_arrays([pa.array(["ledger"]), pa.array([policy])] + [pa.array([v], pa.string()) for v in values], names=OUT_COLUMNS)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Exact batch taint scoring on Spark, ledger by ledger.")
    ap.add_argument("--transfers", nargs="+", required=True, help="canonical transfer files or folders (CSV, or Parquet named *.parquet)")
    ap.add_argument("--sources", required=True, help="sources CSV (type,chain,id,asset,start_block), read by the driver")
    ap.add_argument("--policy", nargs="+", default=["haircut"], choices=["poison", "haircut", "fifo", "lifo", "tiho"])
    ap.add_argument("--fundtrace", default="fundtrace", help="the FundTrace binary: a path on every executor, or a file shipped with --files")
    ap.add_argument("--out", required=True)
    ap.add_argument("--partitions", type=int, default=0, help="shuffle partitions (default: the cluster's parallelism)")
    ap.add_argument("--worker-memory", type=int, default=4096, help="MiB of resident memory one ledger may take in a worker")
    ap.add_argument("--master", default=None, help="Spark master when not run by spark-submit (e.g. local[2])")
    args = ap.parse_args(argv)

    builder = SparkSession.builder.appName("fundtrace-score")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    with open(args.sources) as f:
        sources_text = f.read()
    if not sources_text.startswith("type,chain,id,asset,start_block"):
        sys.exit(f"{args.sources}:1: sources header must be exactly 'type,chain,id,asset,start_block'")

    df = read_transfers(spark, args.transfers)
    n = args.partitions or spark.sparkContext.defaultParallelism
    decimal = T.DecimalType(20, 0)
    ordered = (df.withColumn("_b", F.col("block").cast(decimal)).withColumn("_ti", F.col("tx_index").cast(decimal))
               .withColumn("_li", F.col("log_index").cast(decimal))
               .repartition(n, "chain", "asset")
               .sortWithinPartitions("chain", "asset", "_b", "_ti", "_li", "_file", "_start", "_seq")
               .select(*COLUMNS))
    out_schema = T.StructType([T.StructField(c, T.StringType()) for c in OUT_COLUMNS])
    results = ordered.mapInArrow(ledger_runner(args.fundtrace, sources_text, args.policy, args.worker_memory), out_schema).cache()
    ledger_columns = ["chain", "asset", "transfers"] + SUMMARY
    for policy in args.policy:
        mine = results.filter((F.col("kind") == "key") & (F.col("policy") == policy))
        keys_df = mine.select(*[F.col(f"c{i}").alias(c) for i, c in enumerate(KEY_COLUMNS)])
        ledgers_df = (results.filter((F.col("kind") == "ledger") & (F.col("policy") == policy))
                      .select(*[F.col(f"c{i}").alias(c) for i, c in enumerate(ledger_columns)]))
        base = os.path.join(args.out, policy)
        for frame, name in ((keys_df, "scores"), (ledgers_df, "ledgers")):
            frame.write.mode("overwrite").parquet(os.path.join(base, name))
            frame.write.mode("overwrite").option("header", True).csv(os.path.join(base, name + "_csv"))
    spark.stop()


if __name__ == "__main__":
    main()
