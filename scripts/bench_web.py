"""Load test of ``jobcareer serve`` on loopback: bounded requests, fixed concurrency.

Starts ``python -m jobcareer serve`` on a free 127.0.0.1 port in a child process (one
uvicorn process, one shared model), waits for it, then sends ``--requests`` POST
/api/explain requests (answers of the test split in turn) from ``--concurrency`` client
threads, each on its own keep-alive connection. Bounded in count and in time
(``--timeout``); the server is stopped at the end. Prints throughput and latency
percentiles (wall clock, client side) and the share of non-200 answers.

Usage::

    python scripts/bench_web.py                        # 2,000 requests, 16 concurrent
    python scripts/bench_web.py --requests 500 --concurrency 4
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import math
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_ready(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/info")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer within a minute")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def load_test(port: int, texts: list[str], n_requests: int, concurrency: int, timeout: float) -> dict[str, Any]:
    """Send ``n_requests`` explain requests from ``concurrency`` threads; latencies in seconds."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    stop_at = time.monotonic() + timeout

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while time.monotonic() < stop_at:
            with lock:
                i = next(counter)
            if i >= n_requests:
                break
            body = json.dumps({"text": texts[i % len(texts)]})
            start = time.perf_counter()
            conn.request("POST", "/api/explain", body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                statuses[response.status] = statuses.get(response.status, 0) + 1
        conn.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(client) for _ in range(concurrency)]:
            future.result()
    wall = time.perf_counter() - start
    return {
        "requests": len(latencies),
        "concurrency": concurrency,
        "wall_s": wall,
        "requests_per_s": len(latencies) / wall,
        "p50_ms": 1000 * _percentile(latencies, 50),
        "p90_ms": 1000 * _percentile(latencies, 90),
        "p99_ms": 1000 * _percentile(latencies, 99),
        "max_ms": 1000 * max(latencies),
        "statuses": statuses,
        "timed_out": len(latencies) < n_requests,
    }


def run(n_requests: int = 2000, concurrency: int = 16, timeout: float = 300.0) -> dict[str, Any]:
    """Start the server, load it, stop it; the figures as a dict."""
    from jobcareer.data import read_labeled

    texts = list(read_labeled(ROOT / "data" / "answers.jsonl", split="test").texts)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "jobcareer", "serve", "--host", HOST, "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready(port, server)
        for text in texts[:50]:  # warm-up, not counted
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            conn.request("POST", "/api/explain", json.dumps({"text": text}), {"Content-Type": "application/json"})
            conn.getresponse().read()
        result = load_test(port, texts, n_requests, concurrency, timeout)
    finally:
        server.terminate()
        server.wait(10)
    mean_words = sum(len(t.split()) for t in texts) / len(texts)
    return {**result, "answers_mean_words": mean_words}


def render(result: dict[str, Any]) -> str:
    ok = result["statuses"].get(200, 0)
    lines = [
        f"web load test: POST /api/explain on loopback, {result['requests']:,} requests, "
        f"{result['concurrency']} concurrent (one uvicorn process), answers of "
        f"{result['answers_mean_words']:.0f} words on average",
        f"  throughput   {result['requests_per_s']:,.0f} requests/s ({result['wall_s']:.1f} s wall)",
        f"  latency      p50 {result['p50_ms']:.1f} ms, p90 {result['p90_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms, max {result['max_ms']:.1f} ms",
        f"  status 200   {ok:,} of {result['requests']:,}"
        + (" (stopped by the time limit)" if result["timed_out"] else ""),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests to send (default 2000)")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads (default 16)")
    parser.add_argument("--timeout", type=float, default=300.0, help="stop sending after this many seconds")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    args = parser.parse_args(argv)
    result = run(args.requests, args.concurrency, args.timeout)
    print(render(result))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if result["statuses"].get(200, 0) == result["requests"] else 1


if __name__ == "__main__":
    sys.exit(main())
