#!/usr/bin/env python3
"""What the bounds of issue 12 hold at scale, on loopback (figures for BENCHMARKS.md; nothing
is asserted). Starts the release binary on a fresh embedded database, fills the demo board
with --ideas ideas through the API, then measures: the console's and the public board's pages
(size, time, the server's memory), a merge search, a burst of wrong logins, and a crowd of idle
connections. Every loop is bounded; every address is on 127.0.0.0/8.

    bench/bounds            (builds, then runs this with the release binary)
    COPRODUCE_BIN=... python3 bench/bounds.py --ideas 1000
"""

import argparse
import concurrent.futures as cf
import http.client
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ORG, BOARD = "stadtteilhaus-nord", "youth-centre"
ADMIN = "admin@stadtteilhaus-nord.example"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reset_peak(pid):
    """Starts the server's peak memory (VmHWM) afresh, so each phase reports its own."""
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


def status_kb(pid):
    """VmRSS and VmHWM (peak) of the server, in MiB."""
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0]) / 1024
    return out


class Server:
    def __init__(self, binary, data_dir, port):
        env = dict(os.environ)
        env.update(
            COPRODUCE_DATA_DIR=data_dir,
            COPRODUCE_HTTP__PORT=str(port),
            COPRODUCE_LIMITS__WRITES_PER_CLIENT_PER_MINUTE="1000000000",
            COPRODUCE_LIMITS__WRITES_PER_ORG_PER_MINUTE="1000000000",
            COPRODUCE_LIMITS__CHECK_FORM_AGE="false",
            RUST_LOG="error",
        )
        self.port = port
        self.proc = subprocess.Popen(
            [binary, "serve", "--demo"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self.password = None
        deadline = time.time() + 120
        for line in self.proc.stdout:
            m = re.search(r"password: (\S+)", line)
            if m:
                self.password = m.group(1)
            if "Standalone page" in line or time.time() > deadline:
                break
        if not self.password:
            sys.exit("the server did not print the demo password")

    def conn(self, source="127.0.0.1"):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(source, 0))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=60)


def request(conn, method, path, body=None, headers=None):
    h = dict(headers or {})
    if body is not None:
        body = urllib.parse.urlencode(body)
        h["content-type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=h)
    res = conn.getresponse()
    return res.status, res.getheaders(), res.read()


def fill(server, n, workers=8):
    path = f"/api/v1/orgs/{ORG}/activities/{BOARD}/ideas"

    def worker(indices):
        conn = server.conn()
        for i in indices:
            status, _, _ = request(conn, "POST", path, {"title": f"Idea number {i} for the bench", "body": "x" * 200})
            if status != 201:
                raise RuntimeError(f"submission {i}: {status}")

    start = time.time()
    with cf.ThreadPoolExecutor(workers) as pool:
        list(pool.map(worker, [range(w, n, workers) for w in range(workers)]))
    return n / (time.time() - start)


def login(server):
    conn = server.conn()
    status, headers, _ = request(conn, "POST", "/console/login", {"email": ADMIN, "password": server.password})
    cookie = dict(headers)["set-cookie"].split(";")[0]
    return cookie


def timed_get(server, path, cookie=None, runs=5):
    times, size = [], 0
    for _ in range(runs):
        conn = server.conn()
        start = time.time()
        status, _, body = request(conn, "GET", path, headers={"cookie": cookie} if cookie else {})
        times.append((time.time() - start) * 1000)
        size = len(body)
        if status != 200:
            raise RuntimeError(f"{path}: {status}")
    return statistics.median(times), size


def login_burst(server, n=150):
    """n wrong logins at once for one account from one address, then from n addresses."""

    def guess(args):
        source, email = args
        conn = server.conn(source)
        status, _, _ = request(conn, "POST", "/console/login", {"email": email, "password": "a wrong guess"})
        return status

    reset_peak(server.proc.pid)
    before = status_kb(server.proc.pid)["VmRSS"]
    start = time.time()
    with cf.ThreadPoolExecutor(n) as pool:
        one = list(pool.map(guess, [("127.0.0.1", ADMIN)] * n))
    t_one = time.time() - start
    start = time.time()
    with cf.ThreadPoolExecutor(n) as pool:
        many = list(pool.map(guess, [(f"127.0.3.{i + 1}", f"nobody{i}@example.org") for i in range(n)]))
    t_many = time.time() - start
    after = status_kb(server.proc.pid)["VmHWM"]
    return {
        "one address: checked (401)": one.count(401),
        "one address: refused (429)": one.count(429),
        "one address: seconds": round(t_one, 1),
        f"{n} addresses: checked (401)": many.count(401),
        f"{n} addresses: told to retry (429)": many.count(429),
        f"{n} addresses: seconds": round(t_many, 1),
        "peak memory growth, MiB": round(after - before, 1),
    }


def idle_crowd(server, addresses=20, per_address=150):
    """Idle connections from several addresses: how many the server holds, whether others are
    served meanwhile, and how long until the idle ones are cut off."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    socks = []
    for a in range(addresses):
        for _ in range(per_address):
            s = socket.socket()
            s.bind((f"127.0.4.{a + 1}", 0))
            s.settimeout(5)
            try:
                s.connect(("127.0.0.1", server.port))
                socks.append(s)
            except OSError:
                s.close()
    time.sleep(0.5)
    start = time.time()
    status, _, _ = request(server.conn("127.0.0.2"), "GET", "/health")
    served_ms = (time.time() - start) * 1000
    # A connection beyond an address's share is answered 503 and closed at once.
    refused = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(64).startswith(b"HTTP/1.1 503"):
                refused += 1
        except BlockingIOError:
            pass
        except OSError:
            refused += 1
    held = len(socks) - refused
    start = time.time()
    open_socks = [s for s in socks]
    while open_socks and time.time() - start < 60:
        still = []
        for s in open_socks:
            try:
                if s.recv(64) == b"":
                    s.close()
                    continue
            except BlockingIOError:
                still.append(s)
                continue
            except OSError:
                s.close()
                continue
            still.append(s)
        open_socks = still
        time.sleep(0.2)
    cut_after = time.time() - start
    for s in open_socks:
        s.close()
    return {
        "idle connections opened": len(socks),
        "refused at once (beyond an address's share)": refused,
        "held": held,
        "another client served meanwhile (status, ms)": f"{status}, {served_ms:.0f}",
        "seconds until every idle one was closed": round(cut_after, 1),
        "still open after 60 s": len(open_socks),
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ideas", type=int, default=100_000)
    args = p.parse_args()
    binary = os.environ.get("COPRODUCE_BIN") or os.path.expanduser("~/.cache/coproduce/target/release/coproduce")
    with tempfile.TemporaryDirectory(prefix="coproduce-bounds-") as data:
        server = Server(binary, data, free_port())
        try:
            # The board's oldest ideas come after this time: a page that starts there is the
            # last one, as deep as a page gets.
            deepest = f"{int(time.time() * 1000) + 50}.0"
            rate = fill(server, args.ideas)
            print(f"filled {args.ideas} ideas ({rate:.0f}/s over 8 connections)")
            cookie = login(server)
            mem0 = status_kb(server.proc.pid)
            reset_peak(server.proc.pid)
            rows = []
            for name, path, c in [
                ("console board, page 1", f"/console/activities/{BOARD}", cookie),
                ("console board, oldest page", f"/console/activities/{BOARD}?after={deepest}", cookie),
                ("console dashboard", "/console", cookie),
                ("public board (no JS)", f"/o/{ORG}/ideas/{BOARD}", None),
                ("public board (no JS), oldest page", f"/o/{ORG}/ideas/{BOARD}?after=.{deepest}", None),
                ("public board, JSON", f"/api/v1/orgs/{ORG}/activities/{BOARD}", None),
                ("public JSON, oldest page", f"/api/v1/orgs/{ORG}/activities/{BOARD}?after=.{deepest}", None),
                ("public JSON, most supported", f"/api/v1/orgs/{ORG}/activities/{BOARD}?sort=most_supported", None),
                ("public JSON, most supported, a page deep among the unsupported",
                 f"/api/v1/orgs/{ORG}/activities/{BOARD}?sort=most_supported&after=0.{deepest}", None),
                ("public JSON, recently answered", f"/api/v1/orgs/{ORG}/activities/{BOARD}?sort=recently_answered", None),
                ("public JSON, status filter", f"/api/v1/orgs/{ORG}/activities/{BOARD}?status=new", None),
            ]:
                ms, size = timed_get(server, path, c)
                rows.append((name, f"{size / 1024:.1f} KB", f"{ms:.0f} ms"))
            mem1 = status_kb(server.proc.pid)
            reset_peak(server.proc.pid)
            # The exports are whole by nature: how long one takes and what it costs in memory.
            for fmt in ("csv", "json"):
                start = time.time()
                status, _, body = request(
                    server.conn(), "GET", f"/console/activities/{BOARD}/export.{fmt}", headers={"cookie": cookie}
                )
                rows.append(
                    (f"export.{fmt} (status {status})", f"{len(body) / 1048576:.1f} MB", f"{(time.time() - start) * 1000:.0f} ms")
                )
            mem2 = status_kb(server.proc.pid)
            # A merge search: the newest idea into those whose titles hold two words.
            page = request(server.conn(), "GET", f"/console/activities/{BOARD}", headers={"cookie": cookie})[2].decode()
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            idea = re.search(r'id="idea-([^"]+)"', page).group(1)
            times = []
            for _ in range(3):
                start = time.time()
                status, _, body = request(
                    server.conn(),
                    "POST",
                    f"/console/activities/{BOARD}/ideas/{idea}/merge",
                    {"csrf": csrf, "into": "number 4242"},
                    {"cookie": cookie},
                )
                times.append((time.time() - start) * 1000)
            rows.append(("merge search (status 200 page)", f"{len(body) / 1024:.1f} KB", f"{statistics.median(times):.0f} ms"))
            print(f"\n| page ({args.ideas} ideas) | size (uncompressed) | median time |\n|---|---|---|")
            for r in rows:
                print(f"| {r[0]} | {r[1]} | {r[2]} |")
            print(
                f"\nserver memory: {mem0['VmRSS']:.0f} MiB before the page views, {mem1['VmRSS']:.0f} MiB after "
                f"(peak during them {mem1['VmHWM']:.0f} MiB), {mem2['VmRSS']:.0f} MiB after the exports "
                f"(peak during them {mem2['VmHWM']:.0f} MiB)"
            )
            print("\nlogin burst:", json.dumps(login_burst(server), indent=1))
            print("\nidle crowd:", json.dumps(idle_crowd(server), indent=1))
        finally:
            server.stop()


if __name__ == "__main__":
    main()
