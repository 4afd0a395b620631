#!/usr/bin/env python3
"""bench.py: the ikewatch benchmark behind make bench.

    bench.py [--ikewatch BIN] [--pcaploop BIN] [--tshark BIN]
             [--mkbench SCRIPT] [--pcaps DIR]

Settings come from the environment (make bench passes its variables):

  BENCH_TUNNELS  tunnels in the base capture (default 20000)
  BENCH_PACKETS  packets in the base capture (default 1100000)
  BENCH_SEED     seed of tests/bench/mkbench.py (default 1)
  BENCH_REPEAT   runs of each program; the median counts (default 3)
  BENCH_SCALES   tunnel counts to time, as multiples of the base, the same
                 packets per tunnel (default "1 10 100")
  BENCH_TSHARK   0: leave tshark out (default 1: one run, it is slow)
  BENCH_DIR      where generated captures are kept (default
                 tests/bench/data next to this script)
  BENCH_ARGS     extra arguments for every ikewatch run (e.g. --memcap 4G)
  BENCH_CFLAGS   the CFLAGS ikewatch was built with, printed with the
                 figures; BENCH_SANITIZERS non-empty when it was built
                 with sanitizers (the figures then mean little)

On one capture, in one go: the bare libpcap loop (the floor), ikewatch
-q -r, ikewatch --json -q -r and tshark -n -r, each as a row of
packets per second, nanoseconds per packet, CPU time and peak RSS, with
the ratios to the floor and to tshark.  Then ikewatch -q -r on captures
with BENCH_SCALES times the tunnels, and the state per tunnel from the
JSON statistics.  Each figure is printed next to its target from
DESIGN.md ("Performance budget") with PASS or MISS.

Exit status: 0 when every run succeeded, whatever the targets say; 1
when a program failed or a capture could not be made; 2 for bad
settings.
"""
import argparse
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))

# The targets of DESIGN.md, "Performance budget".
TARGET_MPPS = 4.0		# at least, ikewatch -q -r on one core
TARGET_FLOOR = 3.0		# at most this many times the bare loop
TARGET_TSHARK = 30.0		# at least this many times faster than tshark
TARGET_SCALE = 1.1		# 10x input, at most 11x time
TARGET_STATE = 1024		# bytes of state per tunnel, at most

# Free space kept on top of a capture about to be written.
SPACE_MARGIN = 1 << 30

# GNU time (Debian package time) measures the peak RSS of a program
# alone; see run().
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


class BenchError(Exception):
    pass


def env_int(name, default, low):
    v = os.environ.get(name, "").strip()
    if not v:
        return default
    try:
        n = int(v)
    except ValueError:
        raise BenchError("%s=%s: not a number" % (name, v))
    if n < low:
        raise BenchError("%s=%s: at least %d" % (name, v, low))
    return n


def settings():
    s = {
        "tunnels": env_int("BENCH_TUNNELS", 20000, 1),
        "packets": env_int("BENCH_PACKETS", 1100000, 1),
        "seed": env_int("BENCH_SEED", 1, 0),
        "repeat": env_int("BENCH_REPEAT", 3, 1),
        "tshark": os.environ.get("BENCH_TSHARK", "1").strip() != "0",
        "dir": os.environ.get("BENCH_DIR", "").strip() or
        os.path.join(HERE, "data"),
        "args": shlex.split(os.environ.get("BENCH_ARGS", "")),
        "cflags": os.environ.get("BENCH_CFLAGS", "").strip(),
        "sanitizers": os.environ.get("BENCH_SANITIZERS", "").strip(),
    }
    scales = os.environ.get("BENCH_SCALES", "").split() or ["1", "10", "100"]
    try:
        s["scales"] = sorted(set(int(x) for x in scales))
    except ValueError:
        raise BenchError("BENCH_SCALES=%s: numbers, e.g. \"1 10 100\"" %
                         " ".join(scales))
    if s["scales"][0] < 1:
        raise BenchError("BENCH_SCALES: multiples of 1 or more")
    return s


# Running and measuring -------------------------------------------------

class Run:
    """One finished run: wall and CPU seconds, peak RSS in bytes."""

    def __init__(self, wall, cpu, rss, out):
        self.wall, self.cpu, self.rss, self.out = wall, cpu, rss, out


def run(argv, stdout_path=os.devnull):
    """
    Runs argv with standard output to stdout_path, timed from spawn to
    exit.  The peak RSS must be the program's own: Linux carries a
    process's peak RSS across exec, so a child forked from this Python
    process would start at the driver's size.  GNU time forks from a
    small process and reports the program's alone; without it, the
    figure is a ceiling (wait4) and says so.
    """
    with tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as rssf:
        timed = argv
        if GNU_TIME:
            timed = [GNU_TIME, "-f", "%M", "-o", rssf.name, "--"] + argv
        with open(stdout_path, "wb") as out:
            t0 = time.perf_counter()
            try:
                p = subprocess.Popen(timed, stdin=subprocess.DEVNULL,
                                     stdout=out, stderr=err)
            except OSError as e:
                raise BenchError("%s: %s" % (timed[0], e.strerror))
            _, status, ru = os.wait4(p.pid, 0)
            wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            msg = err.read().decode(errors="replace").strip()
            raise BenchError("%s exited with %d%s" % (
                " ".join(argv), p.returncode,
                (":\n" + msg[-2000:]) if msg else ""))
        rss = ru.ru_maxrss * 1024
        if GNU_TIME:
            try:
                rss = int(rssf.read().split()[-1]) * 1024
            except (ValueError, IndexError):
                raise BenchError("%s printed no peak RSS" % GNU_TIME)
    return Run(wall, ru.ru_utime + ru.ru_stime, rss, stdout_path)


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


class Row:
    """A program's figures: the median of its runs."""

    def __init__(self, name, runs):
        self.name = name
        self.n = len(runs)
        self.wall = median([r.wall for r in runs])
        self.cpu = median([r.cpu for r in runs])
        self.rss = max(r.rss for r in runs)


def measure(name, argv, repeat, stdout_path=os.devnull):
    runs = []
    for i in range(repeat):
        runs.append(run(argv, stdout_path))
        print("  %-26s run %d/%d: %.3f s" % (name, i + 1, repeat,
                                              runs[-1].wall), flush=True)
    return Row(name, runs)


def warm(path):
    """Reads the file once so every program finds it in the page cache."""
    with open(path, "rb", buffering=0) as f:
        while f.read(8 << 20):
            pass


# Captures --------------------------------------------------------------

def generator_id(mkbench, pcaps):
    """A short hash of the generator and its templates: a cache key."""
    h = hashlib.sha256()
    with open(mkbench, "rb") as f:
        h.update(f.read())
    for name in sorted(os.listdir(pcaps)):
        if name.endswith(".pcap"):
            with open(os.path.join(pcaps, name), "rb") as f:
                h.update(name.encode() + hashlib.sha256(f.read()).digest())
    return h.hexdigest()[:10]


def drop_stale(folder, gid):
    """
    Removes the captures an older generator or older templates wrote:
    nothing reads them again, and at 100x one is some 20 GB.
    """
    for name in os.listdir(folder):
        m = re.fullmatch(r"bench-t\d+-p\d+-s\d+-([0-9a-f]+)\.pcap(\.tmp)?",
                         name)
        if m and m.group(1) != gid:
            print("  removing %s (from another generator)" % name)
            os.unlink(os.path.join(folder, name))


def capture(s, scale, tools, gid, base_size):
    """The capture for this scale, made if it is not in BENCH_DIR yet."""
    tunnels, packets = s["tunnels"] * scale, s["packets"] * scale
    path = os.path.join(s["dir"], "bench-t%d-p%d-s%d-%s.pcap" %
                        (tunnels, packets, s["seed"], gid))
    if os.path.exists(path):
        return path
    os.makedirs(s["dir"], exist_ok=True)
    drop_stale(s["dir"], gid)
    if base_size:
        need = base_size * scale
        free = os.statvfs(s["dir"]).f_bavail * os.statvfs(s["dir"]).f_frsize
        if free < need + SPACE_MARGIN:
            print("  %dx: needs about %s in %s, %s free: skipped" %
                  (scale, size(need), s["dir"], size(free)))
            return None
    print("  writing %s (%d tunnels, about %d packets)" %
          (path, tunnels, packets), flush=True)
    t0 = time.perf_counter()
    argv = [sys.executable, tools["mkbench"], "--tunnels", str(tunnels),
            "--packets", str(packets), "--seed", str(s["seed"]),
            "--pcaps", tools["pcaps"], "-o", path]
    if subprocess.call(argv, stdout=subprocess.DEVNULL) != 0:
        raise BenchError("mkbench.py failed: %s" % " ".join(argv))
    print("  written in %.0f s" % (time.perf_counter() - t0))
    return path


def frames_of(floor_run):
    with open(floor_run.out) as f:
        m = re.match(r"(\d+) frames", f.read())
    if not m:
        raise BenchError("pcaploop printed no frame count")
    return int(m.group(1))


def json_stats(path):
    """The last line of ikewatch --json: its statistics."""
    with open(path, "rb") as f:
        f.seek(max(os.path.getsize(path) - 65536, 0))
        lines = f.read().splitlines()
    try:
        st = json.loads(lines[-1])
    except (IndexError, ValueError):
        st = {}
    if st.get("type") != "stats":
        raise BenchError("ikewatch --json did not end with its statistics")
    return st


def text_evictions(path):
    """SAs and SPIs pushed out by --memcap, from ikewatch -q's statistics."""
    with open(path, "rb") as f:
        f.seek(max(os.path.getsize(path) - 16384, 0))
        tail = f.read().decode(errors="replace")
    sa = re.search(r"IKE SAs\s+(\d+) \((\d+) idle timed out, (\d+) pushed",
                   tail)
    spi = re.search(r"ESP/AH SPIs\s+(\d+) \((\d+) pushed", tail)
    if not sa or not spi:
        raise BenchError("ikewatch -q printed no statistics")
    return int(sa.group(3)), int(spi.group(2))


# Printing --------------------------------------------------------------

def size(n):
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return ("%.0f %s" if unit == "B" else "%.1f %s") % (n, unit)
        n /= 1024.0


def verdict(ok):
    return "PASS" if ok else "MISS"


def print_header(s, tools, path, frames, load):
    print()
    print("ikewatch benchmark, %s" % time.strftime("%Y-%m-%d %H:%M"))
    print("  host      %s, %s, %d CPUs" % (
        platform.node(), cpu_model(), os.cpu_count() or 0))
    print("  load      %.2f %.2f %.2f before the runs%s" % (
        load + (" (busy: the figures are pessimistic)"
                if load[0] >= 0.5 else "",)))
    print("  ikewatch  %s%s" % (tools["ikewatch"],
                               " " + " ".join(s["args"]) if s["args"]
                               else ""))
    if s["cflags"]:
        print("  CFLAGS    %s" % s["cflags"])
    if s["sanitizers"]:
        print("  WARNING   built with sanitizers: these figures say little")
    print("  capture   %s" % path)
    print("            %d packets, %d tunnels, seed %d, %s" % (
        frames, s["tunnels"], s["seed"], size(os.path.getsize(path))))


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def print_table(rows, frames, floor, tshark):
    print()
    print("%-26s %5s %9s %7s %8s %8s %10s %9s %9s" % (
        "program", "runs", "time s", "Mpps", "ns/pkt", "CPU s",
        "peak RSS", "x floor", "x tshark"))
    for r in rows:
        vs_floor = "%.2f" % (r.wall / floor.wall)
        vs_tshark = "%.1f" % (tshark.wall / r.wall) if tshark else "-"
        print("%-26s %5d %9.3f %7.2f %8.0f %8.3f %10s %9s %9s" % (
            r.name, r.n, r.wall, frames / r.wall / 1e6,
            r.wall * 1e9 / frames, r.cpu, size(r.rss), vs_floor,
            vs_tshark))
    print("(time: median wall clock; x floor: times the bare loop's time; "
          "x tshark: times faster than tshark)")
    if not GNU_TIME:
        print("(peak RSS: at least this driver's own size, no /usr/bin/time "
              "to measure the program alone; install the package time)")


def print_targets(full, frames, floor, tshark, steps, state):
    print()
    print("Targets (DESIGN.md, \"Performance budget\"):")
    lines = []
    mpps = frames / full.wall / 1e6
    lines.append(("at least %.0f Mpps on one core" % TARGET_MPPS,
                  "%.2f Mpps (%.2f on CPU time)" %
                  (mpps, frames / full.cpu / 1e6),
                  verdict(mpps >= TARGET_MPPS)))
    ratio = full.wall / floor.wall
    lines.append(("within %.0fx of the bare loop" % TARGET_FLOOR,
                  "%.2fx" % ratio, verdict(ratio <= TARGET_FLOOR)))
    if tshark:
        ratio = tshark.wall / full.wall
        lines.append(("at least %.0fx faster than tshark" % TARGET_TSHARK,
                      "%.1fx" % ratio, verdict(ratio >= TARGET_TSHARK)))
    else:
        lines.append(("at least %.0fx faster than tshark" % TARGET_TSHARK,
                      "not run", "SKIP"))
    if steps:
        for a, b, tr in steps:
            lines.append(("10x input costs at most %.0fx time" %
                          (10 * TARGET_SCALE),
                          "%dx->%dx: %.2fx time for %gx input" %
                          (a, b, tr, b / a),
                          verdict(tr / (b / a) <= TARGET_SCALE)))
    else:
        lines.append(("10x input costs at most %.0fx time" %
                      (10 * TARGET_SCALE), "one scale only", "SKIP"))
    lines.append(("at most %s of state per tunnel" % size(TARGET_STATE),
                  "%s" % size(state), verdict(state <= TARGET_STATE)))
    for what, got, v in lines:
        print("  %-4s  %-36s %s" % (v, what, got))


# The benchmark ---------------------------------------------------------

def side_by_side(s, tools, path, scratch):
    print()
    print("Side by side on %s (median of %d runs):" % (
        os.path.basename(path), s["repeat"]), flush=True)
    warm(path)
    floor_out = os.path.join(scratch, "pcaploop.out")
    floor = measure("bare loop (pcaploop)", [tools["pcaploop"], path],
                    s["repeat"], floor_out)
    frames = frames_of(Run(0, 0, 0, floor_out))
    text_out = os.path.join(scratch, "ikewatch.txt")
    full = measure("ikewatch -q -r", [tools["ikewatch"]] + s["args"] +
                   ["-q", "-r", path], s["repeat"], text_out)
    evicted = text_evictions(text_out)
    json_out = os.path.join(scratch, "ikewatch.json")
    js = measure("ikewatch --json -q -r", [tools["ikewatch"]] + s["args"] +
                 ["--json", "-q", "-r", path], s["repeat"], json_out)
    stats = json_stats(json_out)
    tshark = None
    if s["tshark"] and tools["tshark"]:
        tshark = measure("tshark -n -r", [tools["tshark"], "-n", "-r",
                                          path], 1)
    elif s["tshark"]:
        print("  tshark not found: left out")
    rows = [floor, full, js] + ([tshark] if tshark else [])
    return rows, frames, floor, full, tshark, stats, evicted


def scaling(s, tools, base_path, base_full, base_frames, base_evicted,
            gid, scratch):
    """ikewatch -q -r on each scale's capture; 1x is the base run."""
    print()
    print("Scaling: ikewatch -q -r with %s times the tunnels:" %
          ", ".join("%d" % x for x in s["scales"]), flush=True)
    base_size = os.path.getsize(base_path)
    results = []
    for scale in s["scales"]:
        if scale == 1:
            results.append((1, s["tunnels"], base_frames, base_size,
                            base_full, base_evicted))
            continue
        path = capture(s, scale, tools, gid, base_size)
        if path is None:
            continue
        warm(path)
        floor_out = os.path.join(scratch, "pcaploop.out")
        floor = run([tools["pcaploop"], path], floor_out)
        frames = frames_of(floor)
        text_out = os.path.join(scratch, "ikewatch.txt")
        row = measure("ikewatch -q -r, %dx" % scale,
                      [tools["ikewatch"]] + s["args"] + ["-q", "-r", path],
                      s["repeat"], text_out)
        results.append((scale, s["tunnels"] * scale, frames,
                        os.path.getsize(path), row, text_evictions(text_out)))
        os.unlink(text_out)
    return results


def print_scaling(results):
    print()
    print("Scaling (ikewatch -q -r, the same packets per tunnel):")
    print("%6s %10s %12s %10s %9s %7s %8s %10s %10s %10s" % (
        "scale", "tunnels", "packets", "size", "time s", "Mpps", "ns/pkt",
        "peak RSS", "SAs evict", "SPIs evict"))
    for scale, tunnels, frames, sz, row, (ev_sa, ev_spi) in results:
        print("%5dx %10d %12d %10s %9.3f %7.2f %8.0f %10s %10d %10d" % (
            scale, tunnels, frames, size(sz), row.wall,
            frames / row.wall / 1e6, row.wall * 1e9 / frames,
            size(row.rss), ev_sa, ev_spi))
    if any(ev for r in results for ev in r[5]):
        print("(evict: SAs and SPIs pushed out by --memcap, the state "
              "tables were full; BENCH_ARGS=\"--memcap SIZE\" raises it)")
    steps = []
    for (a, _, fa, _, ra, _), (b, _, fb, _, rb, _) in zip(results,
                                                          results[1:]):
        steps.append((a, b, rb.wall / ra.wall))
    return steps


def main():
    ap = argparse.ArgumentParser(description="The ikewatch benchmark.")
    ap.add_argument("--ikewatch", default=os.path.join(TOP, "ikewatch"))
    ap.add_argument("--pcaploop",
                    default=os.path.join(HERE, "pcaploop"))
    ap.add_argument("--tshark", default=None,
                    help="tshark to compare with (default: from PATH)")
    ap.add_argument("--mkbench", default=os.path.join(HERE, "mkbench.py"))
    ap.add_argument("--pcaps", default=os.path.join(TOP, "pcaps"))
    a = ap.parse_args()
    try:
        s = settings()
    except BenchError as e:
        print("bench: %s" % e, file=sys.stderr)
        return 2
    tshark = a.tshark
    if tshark is None:
        tshark = shutil.which("tshark")
    tools = {"ikewatch": a.ikewatch, "pcaploop": a.pcaploop,
             "tshark": tshark or None, "mkbench": a.mkbench,
             "pcaps": a.pcaps}
    for k in ("ikewatch", "pcaploop"):
        if not os.access(tools[k], os.X_OK):
            print("bench: %s: not built (make first)" % tools[k],
                  file=sys.stderr)
            return 1
    load = os.getloadavg()
    try:
        gid = generator_id(a.mkbench, a.pcaps)
        print("bench: captures in %s" % s["dir"])
        path = capture(s, 1, tools, gid, 0)
        os.makedirs(s["dir"], exist_ok=True)
        with tempfile.TemporaryDirectory(dir=s["dir"],
                                         prefix="scratch.") as scratch:
            rows, frames, floor, full, tsh, stats, evicted = side_by_side(
                s, tools, path, scratch)
            state = (stats["state_bytes"] + stats["esp_state_bytes"]) / \
                s["tunnels"]
            scaled = scaling(s, tools, path, full, frames, evicted, gid,
                             scratch)
    except BenchError as e:
        print("bench: %s" % e, file=sys.stderr)
        return 1
    print_header(s, tools, path, frames, load)
    print_table(rows, frames, floor, tsh)
    steps = print_scaling(scaled)
    print()
    print("State (ikewatch --json statistics): %d IKE SAs, %d ESP SAs, "
          "state_bytes %d, esp_state_bytes %d, memcap %d, "
          "%d SAs evicted" % (stats["ike_sas"], stats["esp_sas"],
                              stats["state_bytes"],
                              stats["esp_state_bytes"], stats["memcap"],
                              stats["sa_evicted"]))
    print("  (state_bytes + esp_state_bytes) / %d tunnels = %.0f bytes" %
          (s["tunnels"], state))
    print_targets(full, frames, floor, tsh, steps, state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
