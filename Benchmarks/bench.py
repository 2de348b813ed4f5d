#!/usr/bin/env python3
"""ci/bench's measurements. Run through ci/bench (which builds release first)."""
import argparse, json, os, re, shutil, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PERF = os.path.join(ROOT, "fixtures", "perf", "src")
# Benchmark-only compositions (issue 17): held frames, and a <video> against the same page with a still image.
COMPOSITIONS = os.path.join(ROOT, "Benchmarks", "compositions")
# The sections in the order they run; --skip leaves one out.
SECTIONS = ("throughput", "held", "video", "resolution_fps", "compare/ffmpeg-cli", "memory", "corpus")


class BadOutput(Exception):
    pass


class BadUsage(Exception):
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
        # The whole corpus takes minutes per mode: one run of each in --quick, up to 3 otherwise.
        self.corpus_runs = 1 if args.quick else min(3, self.runs)
        self.skip = set(args.skip)
        self.label = args.label
        self.save = args.save
        # Read now, so a bad path fails before minutes of measuring.
        self.before = None
        if args.before:
            try:
                with open(args.before) as f:
                    self.before = json.load(f)
            except (OSError, ValueError) as e:
                raise BadUsage(f"--before {args.before}: cannot read an earlier --save there ({e}); run ci/bench --save FILE first")
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
            self.bench_tool("floor", project, 10)
            fps, floor = [], []
            for _ in range(self.runs):
                fps.append(n / self.render(project, n)[1])
                floor.append(self.bench_tool("floor", project, n)["fps"])
            out[f"{w}x{h}"] = stats(fps)
            out[f"{w}x{h} render/floor"] = ratio_stats(fps, floor)
        return out

    def held(self):
        """fps of the held-frames composition (moving half the time, holding still the other half), and
        its ratio to the perf render of the same run: how much a held frame saves."""
        n = self.frames
        held = self.composition("held")
        log(f"held frames: warm-up + {self.runs} runs of {n} frames, each beside a perf render")
        self.render(held, n)
        fps, perf = [], []
        for _ in range(self.runs):
            fps.append(n / self.render(held, n)[1])
            perf.append(n / self.render(PERF, n)[1])
        return {"held_fps": stats(fps), "perf_fps": stats(perf), "held/perf": ratio_stats(fps, perf), "frames": n}

    def video(self):
        """Capture time of a full-frame 1280×720 <video> composition over the same page with a still image;
        and of that page playing the still as a video (video-of-still), whose ratio to the still page is the
        cost of getting video frames into the page without the encoder's cost of a moving picture."""
        n = self.frames
        video, still = self.composition("video"), self.composition("still")
        video_of_still = os.path.join(self.work, "compositions", "video-of-still")
        if not os.path.isdir(video_of_still):
            shutil.copytree(video, video_of_still)
            shutil.copyfile(os.path.join(video, "clip-of-still.mp4"), os.path.join(video_of_still, "clip.mp4"))
        log(f"video/still: warm-up + {self.runs} runs of {n} frames each")
        for project in (video, still, video_of_still):
            self.render(project, n)
        v, s, vs = [], [], []
        for _ in range(self.runs):
            v.append(self.render(video, n)[1])
            s.append(self.render(still, n)[1])
            vs.append(self.render(video_of_still, n)[1])
        return {"video_s": stats(v), "still_s": stats(s), "video/still": ratio_stats(v, s),
                "video_of_still_s": stats(vs), "video-of-still/still": ratio_stats(vs, s), "frames": n}

    def composition(self, name):
        """A working copy of Benchmarks/compositions/NAME (its media, when not committed, made by its
        generate.sh)."""
        project = os.path.join(self.work, "compositions", name)
        if not os.path.isdir(project):
            shutil.copytree(os.path.join(COMPOSITIONS, name), project)
            script = os.path.join(project, "generate.sh")
            if os.path.exists(script):
                run(["bash", script])
        return project

    def corpus(self):
        """`framegate test` over fixtures/ against baselines/ in both modes: wall time, framegate's own peak
        RSS (browsers excluded) and the browsers' peak PSS. The harness runs as many fixtures at a time as
        the machine has cores (2 here)."""
        fixtures, baselines = os.path.join(ROOT, "fixtures"), os.path.join(ROOT, "baselines")
        out = {"lanes": os.cpu_count()}
        for mode in ("in-process", "distributed-simulated"):
            walls, own, browser = [], [], []
            for r in range(self.corpus_runs):
                log(f"corpus {mode} run {r + 1}/{self.corpus_runs}: framegate test --mode {mode}")
                wall, mine, theirs = self.test_with_rss([self.fg, "test", "--mode", mode,
                                                         "--fixtures", fixtures, "--baselines", baselines])
                walls.append(wall)
                own.append(mine)
                browser.append(theirs)
            out[mode] = {"wall_s": stats(walls), "framegate_MiB": stats(own), "browser_pss_MiB": stats(browser)}
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
            _, mine, theirs = self.test_with_rss([self.fg, "test", "perf", "--sequential", "--fixtures", fixtures, "--baselines", baselines])
            own.append(mine)
            browser.append(theirs)
        return {"framegate_MiB": stats(own), "browser_pss_MiB": stats(browser),
                "fixture": "perf (3 s copy)" if self.quick else "perf (10 s)"}

    def test_with_rss(self, cmd):
        """Runs a `framegate test` command; returns (wall s, framegate's peak RSS MiB, browsers' peak PSS MiB)."""
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=self.work)
        peak = [0]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], browser_pss_kib(proc.pid))
                done.wait(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        out, err = proc.communicate()
        wall = time.monotonic() - t0
        done.set()
        sampler.join()
        if proc.returncode != 0:
            raise BadOutput(f"{' '.join(cmd)} exited {proc.returncode}:\n{err[-2000:]}\n{out[-1000:]}")
        m = re.search(r"peak RSS: framegate (\d+) MiB", err)
        if not m:
            raise BadOutput("framegate test printed no 'peak RSS' line")
        return wall, int(m.group(1)), peak[0] / 1024

    # ------------------------------------------------------------------ main
    def main(self):
        load_start = loadavg()
        t0 = time.monotonic()
        result = {"bench": "framegate", "label": self.label, "quick": self.quick, "runs": self.runs, "cores": os.cpu_count()}
        try:
            # Each section is logged as it completes, so a late failure does not lose the earlier figures.
            sections = {"throughput": self.throughput, "held": self.held, "video": self.video,
                        "resolution_fps": self.resolutions, "compare/ffmpeg-cli": self.compare,
                        "memory": self.memory, "corpus": self.corpus}
            for key in SECTIONS:
                if key in self.skip:
                    continue
                section_start = time.monotonic()
                result[key] = sections[key]()
                log(f"{key} ({time.monotonic() - section_start:.0f} s): {json.dumps(result[key], separators=(',', ':'))}")
        finally:
            shutil.rmtree(self.work, ignore_errors=True)
        result["loadavg"] = {"start": load_start, "end": loadavg()}
        result["seconds"] = round(time.monotonic() - t0, 1)
        if self.save:
            with open(self.save, "w") as f:
                json.dump(result, f, indent=1)
                f.write("\n")
        table(result, self.before)
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


# The printed figures: (label, path into the result JSON, unit, target). A path that is missing (a skipped
# section) prints nothing.
ROWS = [
    ("render/floor", "throughput.render/floor", "ratio", "≥ 0.9"),
    ("  render fps (1 worker)", "throughput.render_fps_w1", "fps", ""),
    ("  floor fps (bare screenshot loop)", "throughput.floor_fps", "fps", ""),
    ("render/seekcapture", "throughput.render/seekcapture", "ratio", ""),
    ("  seek+screenshot fps", "throughput.seekcapture_fps", "fps", ""),
    ("workers2/workers1", "throughput.workers2/workers1", "ratio", "≥ 1.6"),
    ("  render fps (2 workers)", "throughput.render_fps_w2", "fps", ""),
    ("distributed2/inprocess", "throughput.distributed2/inprocess", "ratio", ""),
    ("  assemble share of distributed", "throughput.assemble_share", "ratio", ""),
    ("held-frames fps", "held.held_fps", "fps", "≥ 3× before"),
    ("  held/perf (same run)", "held.held/perf", "ratio", ""),
    ("video/still (capture time)", "video.video/still", "ratio", "≤ 1.3"),
    ("  video composition capture", "video.video_s", "s", ""),
    ("  still composition capture", "video.still_s", "s", ""),
    ("video-of-still/still (hand-over alone)", "video.video-of-still/still", "ratio", ""),
    ("  video-of-still composition capture", "video.video_of_still_s", "s", ""),
    ("compare/ffmpeg-cli (identical)", "compare/ffmpeg-cli.identical.ratio", "ratio", "≤ 0.2 (ratio of medians)"),
    ("  framegate compare", "compare/ffmpeg-cli.identical.framegate_s", "s", ""),
    ("  ffmpeg CLI", "compare/ffmpeg-cli.identical.ffmpeg_s", "s", ""),
    ("compare/ffmpeg-cli (lossy)", "compare/ffmpeg-cli.lossy.ratio", "ratio", "≤ 0.2 (ratio of medians)"),
    ("  framegate compare", "compare/ffmpeg-cli.lossy.framegate_s", "s", ""),
    ("  ffmpeg CLI", "compare/ffmpeg-cli.lossy.ffmpeg_s", "s", ""),
    ("peak RSS framegate test perf", "memory.framegate_MiB", "MiB", "≤ 200 MB"),
    ("  browser peak (sum of PSS)", "memory.browser_pss_MiB", "MiB", ""),
    ("corpus wall, in-process", "corpus.in-process.wall_s", "s", ""),
    ("  peak RSS framegate (2 at a time)", "corpus.in-process.framegate_MiB", "MiB", "≤ 250 MiB"),
    ("  browser peak (sum of PSS)", "corpus.in-process.browser_pss_MiB", "MiB", ""),
    ("corpus wall, distributed-simulated", "corpus.distributed-simulated.wall_s", "s", ""),
    ("  peak RSS framegate (2 at a time)", "corpus.distributed-simulated.framegate_MiB", "MiB", "≤ 250 MiB"),
    ("  browser peak (sum of PSS)", "corpus.distributed-simulated.browser_pss_MiB", "MiB", ""),
] + [row for res in ("640x360", "1280x720", "1920x1080") for row in (
    (f"render fps {res}", f"resolution_fps.{res}", "fps", ""),
    (f"  render/floor {res}", f"resolution_fps.{res} render/floor", "ratio", ""),
)]


def lookup(result, path):
    """result["a"]["b"]… for path "a.b…"; keys may contain "/" and spaces but not "."."""
    node = result
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def cell(x):
    return f"{x:>9.3f}" if x is not None else " " * 9


def table(r, before=None):
    """The figures, one row each. With `before` (an earlier run's JSON, `--before`), two more columns: that
    run's median and the ratio of medians now/before."""
    subtitle = f"perf fixture {r['throughput']['frames']} frames" if "throughput" in r else ""
    print(f"\nFrameGate benchmarks — {'quick, ' if r['quick'] else ''}{r['runs']} runs after a warm-up, {r['cores']} cores, "
          f"load avg {r['loadavg']['start']} → {r['loadavg']['end']}, {subtitle}")
    if before:
        print(f"before: {before.get('label', '?')} (load avg {before['loadavg']['start']} → {before['loadavg']['end']})")
    header = f"{'figure':<36} {'min':>9} {'median':>9} {'max':>9}  {'unit':<6}"
    print(header + (f" {'before':>9} {'now/bef':>8}" if before else "") + "  target")
    for label, path, unit, target in ROWS:
        s = lookup(r, path)
        if s is None:
            continue
        if not isinstance(s, dict):  # a ratio of medians (compare/ffmpeg-cli): one number
            s = {"min": None, "median": s, "max": None}
        line = f"{label:<36} {cell(s['min'])} {cell(s['median'])} {cell(s['max'])}  {unit:<6}"
        if before:
            b = lookup(before, path)
            b = b.get("median") if isinstance(b, dict) else b
            line += f" {b:>9.3f} {s['median'] / b:>8.3f}" if b else f" {'':>9} {'':>8}"
        print(f"{line}  {target}")
    print()


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--frames", type=int, help="frames per render (smoke tests)")
    ap.add_argument("--skip", action="append", default=[], choices=SECTIONS, help="leave out a section (repeatable)")
    ap.add_argument("--save", metavar="FILE", help="also write the result JSON here (e.g. the 'before' of a change)")
    ap.add_argument("--label", default="", help="a name for this run, kept in the JSON (e.g. a commit)")
    ap.add_argument("--before", metavar="FILE", help="an earlier --save: print its medians and now/before beside each figure")
    a = ap.parse_args()
    try:
        Bench(a).main()
    except BadUsage as e:
        print(f"bench: {e}", file=sys.stderr)
        sys.exit(2)
    except BadOutput as e:
        print(f"bench: bad output: {e}", file=sys.stderr)
        sys.exit(1)
