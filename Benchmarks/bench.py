#!/usr/bin/env python3
"""ci/bench's measurements. Run through ci/bench (which builds release first)."""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PERF = os.path.join(ROOT, "fixtures", "perf", "src")


class BadOutput(Exception):
    pass


def run(cmd, **kw):
    """Runs cmd, returns (wall seconds, stdout, stderr); any failure is bad output."""
    t0 = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        raise BadOutput(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stderr[-2000:]}")
    return wall, p.stdout, p.stderr


def stats(xs):
    return {"min": round(min(xs), 4), "median": round(statistics.median(xs), 4), "max": round(max(xs), 4), "runs": len(xs)}


def ratio_stats(a, b):
    """Per-run ratios a[i]/b[i] (same run, same machine state)."""
    return stats([x / y for x, y in zip(a, b)])


class Bench:
    def __init__(self, args):
        self.bin = args.bin
        self.fg = os.path.join(args.bin, "framegate")
        self.fb = os.path.join(args.bin, "framegate-bench")
        self.quick = args.quick
        self.runs = 3 if args.quick else max(3, args.runs)
        self.frames = 90 if args.quick else 150
        self.res_frames = 30 if args.quick else 60
        if args.frames:
            self.frames = self.res_frames = args.frames
        self.work = tempfile.mkdtemp(prefix="framegate-bench-")

    # ------------------------------------------------------------------ primitives
    def check_frames(self, path, expected):
        _, out, _ = run([self.fg, "probe", path])
        video = [s for s in json.loads(out)["streams"] if s["type"] == "video"]
        got = video[0].get("frameCount") if video else None
        if got != expected:
            raise BadOutput(f"{path}: {got} frames, expected {expected}")

    def render(self, project, frames, extra=()):
        """framegate render; returns (wall s, capture-stage s or None, assemble s or None)."""
        out = os.path.join(self.work, "render.mp4")
        if os.path.exists(out):
            os.remove(out)
        wall, _, err = run([self.fg, "render", project, "-o", out, "--frames", f"0:{frames}", *extra])
        self.check_frames(out, frames)
        capture = re.search(r"^\s*capture\s+([\d.]+) s", err, re.M)
        assemble = re.search(r"^\s*assemble\s+([\d.]+) s", err, re.M)
        return wall, float(capture.group(1)) if capture else None, float(assemble.group(1)) if assemble else None

    def bench_tool(self, mode, project, count):
        _, out, _ = run([self.fb, mode, project, "--count", str(count)])
        data = json.loads(out.strip().splitlines()[-1])
        if data.get("frames") != count:
            raise BadOutput(f"framegate-bench {mode}: {data}")
        return data

    # ------------------------------------------------------------------ figures
    def throughput(self):
        """render/floor, render/seekcapture, workers2/workers1, distributed2/inprocess, assemble share."""
        n = self.frames
        log(f"warm-up: floor, seekcapture, render --workers 1/2, --distributed 2 ({n} frames)")
        self.bench_tool("floor", PERF, 30)
        self.bench_tool("seekcapture", PERF, 10)
        self.render(PERF, n)
        self.render(PERF, n, ["--workers", "2"])
        self.render(PERF, n, ["--distributed", "2"])
        floor, seekcap, w1, w1wall, w2, dist, share = [], [], [], [], [], [], []
        for r in range(self.runs):
            log(f"run {r + 1}/{self.runs}")
            floor.append(self.bench_tool("floor", PERF, n)["fps"])
            seekcap.append(self.bench_tool("seekcapture", PERF, n)["fps"])
            wall1, cap1, _ = self.render(PERF, n)
            w1.append(n / cap1)
            w1wall.append(wall1)
            _, cap2, _ = self.render(PERF, n, ["--workers", "2"])
            w2.append(n / cap2)
            walld, _, asm = self.render(PERF, n, ["--distributed", "2"])
            dist.append(walld)
            share.append(asm / walld)
        return {
            "render_fps_w1": stats(w1), "floor_fps": stats(floor), "seekcapture_fps": stats(seekcap),
            "render/floor": ratio_stats(w1, floor),
            "render/seekcapture": ratio_stats(w1, seekcap),
            "render_fps_w2": stats(w2), "workers2/workers1": ratio_stats(w2, w1),
            "distributed2_s": stats(dist), "inprocess_s": stats(w1wall),
            "distributed2/inprocess": ratio_stats(dist, w1wall), "assemble_share": stats(share),
            "frames": n,
        }

    def resolutions(self):
        out = {}
        n = self.res_frames
        for w, h in ((640, 360), (1280, 720), (1920, 1080)):
            project = os.path.join(self.work, f"perf-{w}x{h}")
            shutil.rmtree(project, ignore_errors=True)
            shutil.copytree(PERF, project)
            index = os.path.join(project, "index.html")
            html = open(index).read().replace("1280", str(w)).replace("720", str(h))
            open(index, "w").write(html)
            log(f"resolution {w}x{h}: warm-up + {self.runs} runs of {n} frames")
            self.render(project, n)
            fps = [n / self.render(project, n)[1] for _ in range(self.runs)]
            out[f"{w}x{h}"] = stats(fps)
        return out

    def compare(self):
        log(f"compare/ffmpeg-cli: Benchmarks/compare-bench.sh {self.runs}")
        env = dict(os.environ, FRAMEGATE=self.fg)
        _, out, _ = run([os.path.join(ROOT, "Benchmarks", "compare-bench.sh"), str(self.runs)], env=env)
        data = json.loads(out.strip().splitlines()[-1])
        result = {}
        for pair in ("identical", "lossy"):
            fg, ff = data[pair]["framegate"], data[pair]["ffmpeg"]
            result[pair] = {"framegate_s": fg, "ffmpeg_s": ff, "ratio": data[pair]["ratio"]}
        return result

    def memory(self):
        """framegate test on the perf fixture: its own getrusage peak, and the browsers' peak apart."""
        fixtures, baselines, names = os.path.join(ROOT, "fixtures"), os.path.join(ROOT, "baselines"), ["perf"]
        if self.quick:
            # A 3 s copy of perf with its own baseline (generating it is the warm-up).
            fixtures, baselines = os.path.join(self.work, "fixtures"), os.path.join(self.work, "baselines")
            shutil.rmtree(fixtures, ignore_errors=True)
            shutil.copytree(os.path.join(ROOT, "fixtures", "perf"), os.path.join(fixtures, "perf"))
            index = os.path.join(fixtures, "perf", "src", "index.html")
            html = open(index).read().replace('data-duration="10"', 'data-duration="3"')
            open(index, "w").write(html)
            log("memory: baseline for a 3 s perf copy (warm-up)")
            run([self.fg, "test", "perf", "--update", "--fixtures", fixtures, "--baselines", baselines], cwd=self.work)
        own, browser = [], []
        for r in range(self.runs):
            log(f"memory run {r + 1}/{self.runs}: framegate test perf")
            mine, theirs = self.test_with_rss([self.fg, "test", "perf", "--sequential", "--fixtures", fixtures, "--baselines", baselines])
            own.append(mine)
            browser.append(theirs)
        return {"framegate_MiB": stats(own), "browser_pss_MiB": stats(browser),
                "fixture": "perf (3 s copy)" if self.quick else "perf (10 s)"}

    def test_with_rss(self, cmd):
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        peak = [0]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], browser_pss_kib(proc.pid))
                done.wait(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        out, err = proc.communicate()
        done.set()
        sampler.join()
        if proc.returncode != 0:
            raise BadOutput(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-2000:]}\n{out[-1000:]}")
        m = re.search(r"peak RSS: framegate (\d+) MiB", err)
        if not m:
            raise BadOutput("framegate test printed no 'peak RSS' line")
        return int(m.group(1)), peak[0] / 1024

    # ------------------------------------------------------------------ main
    def main(self):
        load_start = loadavg()
        t0 = time.monotonic()
        result = {"bench": "framegate", "quick": self.quick, "runs": self.runs, "cores": os.cpu_count()}
        try:
            # Each section is logged as it completes, so a late failure does not lose the earlier figures.
            for key, section in (("throughput", self.throughput), ("resolution_fps", self.resolutions),
                                 ("compare/ffmpeg-cli", self.compare), ("memory", self.memory)):
                result[key] = section()
                log(f"{key}: {json.dumps(result[key], separators=(',', ':'))}")
        finally:
            shutil.rmtree(self.work, ignore_errors=True)
        result["loadavg"] = {"start": load_start, "end": loadavg()}
        result["seconds"] = round(time.monotonic() - t0, 1)
        table(result)
        print(json.dumps(result, separators=(",", ":")))


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def browser_pss_kib(root):
    """Sum of PSS (shared pages split between sharers, so not double counted) over the browser
    processes under `root`; framegate itself is not included."""
    total = 0
    for pid in descendants(root):
        try:
            with open(f"/proc/{pid}/comm") as f:
                if not f.read().startswith("chrom"):
                    continue
            with open(f"/proc/{pid}/smaps_rollup") as f:
                m = re.search(r"^Pss:\s+(\d+) kB", f.read(), re.M)
            total += int(m.group(1)) if m else 0
        except OSError:
            pass
    return total


def loadavg():
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "unknown"


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def table(r):
    def row(name, s, unit="", target=""):
        print(f"{name:<34} {s['min']:>9.3f} {s['median']:>9.3f} {s['max']:>9.3f}  {unit:<6} {target}")
    t = r["throughput"]
    print(f"\nFrameGate benchmarks — {'quick, ' if r['quick'] else ''}{r['runs']} runs after a warm-up, {r['cores']} cores, "
          f"load avg {r['loadavg']['start']} → {r['loadavg']['end']}, perf fixture {t['frames']} frames")
    print(f"{'figure':<34} {'min':>9} {'median':>9} {'max':>9}  {'unit':<6} target")
    row("render/floor", t["render/floor"], "ratio", "≥ 0.9")
    row("  render fps (1 worker)", t["render_fps_w1"], "fps")
    row("  floor fps (bare screenshot loop)", t["floor_fps"], "fps")
    row("render/seekcapture", t["render/seekcapture"], "ratio")
    row("  seek+screenshot fps", t["seekcapture_fps"], "fps")
    row("workers2/workers1", t["workers2/workers1"], "ratio", "≥ 1.5")
    row("  render fps (2 workers)", t["render_fps_w2"], "fps")
    row("distributed2/inprocess", t["distributed2/inprocess"], "ratio")
    row("  assemble share of distributed", t["assemble_share"], "ratio")
    for pair, c in r["compare/ffmpeg-cli"].items():
        print(f"{'compare/ffmpeg-cli (' + pair + ')':<34} {'':>9} {c['ratio']:>9.3f} {'':>9}  {'ratio':<6} ≤ 0.2 (ratio of medians)")
        row("  framegate compare", c["framegate_s"], "s")
        row("  ffmpeg CLI", c["ffmpeg_s"], "s")
    m = r["memory"]
    row(f"peak RSS framegate test ({m['fixture']})", m["framegate_MiB"], "MiB", "≤ 200 MB")
    row("  browser peak (sum of PSS)", m["browser_pss_MiB"], "MiB")
    for res, s in r["resolution_fps"].items():
        row(f"render fps {res}", s, "fps")
    print()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--frames", type=int, help="frames per render (smoke tests)")
    a = ap.parse_args()
    try:
        Bench(a).main()
    except BadOutput as e:
        print(f"bench: bad output: {e}", file=sys.stderr)
        sys.exit(1)
