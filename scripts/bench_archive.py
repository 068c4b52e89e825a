"""Scoring an archive of answers: one process, Dask with 2 workers, Spark local[2].

The archive is the test split of the corpus repeated to ``--answers`` rows (default
1,000,000), written once to a Parquet file (row groups of 20,000 rows). Each engine then
reads it, scores every row into ``label``, ``career_score`` and ``low_evidence`` (the
columns :func:`jobcareer.dask.score` and :func:`jobcareer.spark.score_udf` add by default;
``--fast`` leaves out ``low_evidence``, which needs each answer's explanation) and writes
the result to Parquet, in a fresh child process so that memory figures are its own:

* ``single``: one process, row groups streamed with pyarrow into
  :func:`jobcareer.scoring.score_columns`;
* ``dask``: ``dask.distributed.LocalCluster`` with 2 worker processes of one thread,
  ``dd.read_parquet`` -> :func:`jobcareer.dask.score` -> ``to_parquet``;
* ``spark``: ``local[2]``, ``spark.read.parquet`` -> :func:`jobcareer.spark.score_udf` ->
  ``write.parquet``.

Figures: wall-clock throughput (answers/s, start-up of the cluster/session excluded,
reading and writing included), peak resident memory of each process that scores (the
single process; each Dask worker; each Spark Python worker, plus the Spark JVM), and the
scaling factor against the single process. The machine has 2 cores, so 2 workers can at
best double the single process.

Usage::

    python scripts/bench_archive.py                         # 1,000,000 answers, all three
    python scripts/bench_archive.py --answers 100000 --engines single,dask
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENGINES = ("single", "dask", "spark")
ROW_GROUP = 20_000  # rows per row group (fewer for small archives: at least 50 groups to share out)


def _peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        return None
    return None


class _TreeSampler:
    """Peak resident memory of a process and its descendants, sampled twice a second.

    For Spark: the JVM and the Python workers it forks (through ``pyspark.daemon``);
    Python workers that score hold the model, the daemon itself does not.
    """

    def __init__(self, root_pid: int) -> None:
        import threading

        self.root = root_pid
        self.peaks: dict[int, tuple[str, float]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        import psutil

        root = psutil.Process(self.root)
        while not self._stop.wait(0.5):
            try:
                processes = [root, *root.children(recursive=True)]
            except psutil.Error:
                continue
            for proc in processes:
                try:
                    # the JVM; the daemon it starts; the workers the daemon forks
                    name = "JVM" if proc.pid == self.root else ("daemon" if proc.ppid() == self.root else "worker")
                    rss = proc.memory_info().rss / 1e6
                except psutil.Error:
                    continue
                old = self.peaks.get(proc.pid, (name, 0.0))
                self.peaks[proc.pid] = (name, max(old[1], rss))

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        jvm = self.peaks.pop(self.root, ("JVM", 0.0))[1]
        workers = sorted((mb for name, mb in self.peaks.values() if "daemon" not in name), reverse=True)
        return {**{f"python worker {i + 1}": mb for i, mb in enumerate(workers)}, "JVM": jvm}


def row_group_size(n: int) -> int:
    return max(1_000, min(ROW_GROUP, n // 50))


def write_archive(path: Path, n: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from jobcareer.data import read_labeled

    base = list(read_labeled(ROOT / "data" / "answers.jsonl", split="test").texts)
    size = row_group_size(n)
    with pq.ParquetWriter(path, pa.schema([("id", pa.int64()), ("text", pa.string())])) as writer:
        for start in range(0, n, size):
            ids = list(range(start, min(n, start + size)))
            writer.write_table(pa.table({"id": ids, "text": [base[i % len(base)] for i in ids]}))


# -- engines (each runs in its own child process) ------------------------------------------
def run_single(archive: Path, out: Path, low_evidence: bool) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from jobcareer.scoring import cached_model, score_columns

    clf = cached_model()
    clf.predict(["warm up"])
    start = time.perf_counter()
    reader = pq.ParquetFile(archive)
    rows = 0
    writer = None
    for batch in reader.iter_batches(batch_size=ROW_GROUP):
        scored = score_columns(clf, batch.column("text").to_pylist(), low_evidence=low_evidence)
        table = pa.Table.from_batches([batch])
        for name, values in scored.as_dict().items():
            table = table.append_column(name, pa.array(values))
        if writer is None:
            writer = pq.ParquetWriter(out / "part-0.parquet", table.schema)
        writer.write_table(table)
        rows += batch.num_rows
    assert writer is not None
    writer.close()
    wall = time.perf_counter() - start
    return {"rows": rows, "wall_s": wall, "peak_mb": {"process": _peak_mb()}}


def run_dask(archive: Path, out: Path, low_evidence: bool) -> dict[str, Any]:
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    from jobcareer.dask import score

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      memory_limit="4GB") as cluster, Client(cluster) as client:
        client.run(lambda: __import__("jobcareer.scoring").scoring.cached_model().predict(["warm up"]))
        start = time.perf_counter()
        ddf = dd.read_parquet(str(archive), split_row_groups=True)
        score(ddf, low_evidence=low_evidence).to_parquet(str(out), write_index=False)
        wall = time.perf_counter() - start
        peaks = client.run(_peak_mb)
        rows = len(dd.read_parquet(str(out)))
        partitions = ddf.npartitions
    return {"rows": rows, "wall_s": wall, "partitions": partitions,
            "peak_mb": {f"worker {i + 1}": mb for i, mb in enumerate(peaks.values())}}


def run_spark(archive: Path, out: Path, low_evidence: bool) -> dict[str, Any]:
    from pyspark.sql import SparkSession

    from jobcareer.spark import score_udf

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]").appName("jobcareer-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        # splits of about a row group (the default 128 MB would give a small file 1 task)
        .config("spark.sql.files.maxPartitionBytes", str(max(64 * 1024, archive.stat().st_size // 50)))
        .config("spark.sql.files.openCostInBytes", "0")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(ROW_GROUP // 2))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        warm = spark.createDataFrame([("warm up",)] * 4, "text string").repartition(2)
        warm.select(score_udf(low_evidence=low_evidence)("text").alias("jc")).collect()
        sampler = _TreeSampler(spark.sparkContext._gateway.proc.pid)  # type: ignore[union-attr]
        sampler.start()
        start = time.perf_counter()
        frame = spark.read.parquet(str(archive))
        partitions = frame.rdd.getNumPartitions()
        scored = frame.withColumn("jc", score_udf(low_evidence=low_evidence)("text")).select("*", "jc.*").drop("jc")
        scored.write.mode("overwrite").parquet(str(out))
        wall = time.perf_counter() - start
        peaks = sampler.stop()
        rows = spark.read.parquet(str(out)).count()
    finally:
        spark.stop()
    return {"rows": rows, "wall_s": wall, "partitions": partitions, "peak_mb": peaks}


RUNNERS = {"single": run_single, "dask": run_dask, "spark": run_spark}


# -- driver ------------------------------------------------------------------------------
def _child(engine: str, archive: Path, low_evidence: bool) -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(prefix=f"jobcareer-{engine}-"))
    try:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", engine, "--archive", str(archive), "--out", str(out)]
            + ([] if low_evidence else ["--fast"]),
            capture_output=True, text=True, check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{engine} failed:\n{proc.stderr[-3000:]}")
        return json.loads(proc.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(out, ignore_errors=True)


def render(results: dict[str, Any], n: int, columns: str) -> str:
    single = results.get("single")
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    lines = [f"machine: {os.cpu_count()} cores, load average at the end {load} (other work included)",
             f"archive scoring: {n:,} answers (the test split repeated) from Parquet to Parquet; columns: {columns}",
             f"{'engine':<18}{'answers/s':>11}{'wall s':>9}{'x single':>10}  peak memory per process (MB)"]
    for engine, r in results.items():
        rate = r["rows"] / r["wall_s"]
        scale = f"{rate / (single['rows'] / single['wall_s']):.2f}" if single else "-"
        # Spark forks spare Python workers that never load the model (~60 MB): not listed
        shown = {k: v for k, v in r["peak_mb"].items() if v is not None and (v >= 100 or "python" not in k)}
        peaks = ", ".join(f"{k} {v:.0f}" for k, v in shown.items())
        label = {"single": "one process", "dask": "Dask, 2 workers", "spark": "Spark local[2]"}[engine]
        tasks = f" ({r['partitions']} partitions)" if "partitions" in r else ""
        lines.append(f"{label:<18}{rate:>11,.0f}{r['wall_s']:>9.1f}{scale:>10}  {peaks}{tasks}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=1_000_000, help="rows in the archive (default 1,000,000)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: single,dask,spark")
    parser.add_argument("--fast", action="store_true", help="label and score only (no low_evidence)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--archive", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        result = RUNNERS[args.child](args.archive, args.out, not args.fast)
        print(json.dumps(result))
        return 0

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"unknown engines {sorted(unknown)}; choose from {', '.join(ENGINES)}")
    work = Path(tempfile.mkdtemp(prefix="jobcareer-archive-"))
    try:
        archive = work / "answers.parquet"
        write_archive(archive, args.answers)
        print(f"wrote {args.answers:,} answers ({archive.stat().st_size / 1e6:.0f} MB, "
              f"{math.ceil(args.answers / row_group_size(args.answers))} row groups)", file=sys.stderr, flush=True)
        results = {}
        for engine in engines:
            results[engine] = _child(engine, archive, not args.fast)
            if results[engine]["rows"] != args.answers:
                raise RuntimeError(f"{engine} wrote {results[engine]['rows']} rows, not {args.answers}")
            print(f"{engine} done in {results[engine]['wall_s']:.1f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    columns = "label, career_score" + ("" if args.fast else ", low_evidence")
    print(render(results, args.answers, columns))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"answers": args.answers, "columns": columns, "results": results},
                                        indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
