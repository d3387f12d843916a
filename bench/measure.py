#!/usr/bin/env python3
"""Times aterrapport against check-jsonschema and ajv-cli on the same generated corpus, same
schema, same machine, in one run, and prints the tables of README.md's "Performance" section,
then one line per target of issue 12: met or MISSED, with the ratio or figure and what the
target needs. The tools compared in one table run alternated (A B C A B C …), so load from
other work on the machine falls on each alike; quote ratios from one run only.
Called by bench/run.sh, which builds and installs everything first."""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = ROOT / "target/release/aterrapport"
SCHEMA = ROOT / "schemas/aterrapport-2020.schema.json"
CJS = BENCH / ".venv/bin/check-jsonschema"
AJV = BENCH / "node_modules/.bin/ajv"
CORPUS = BENCH / "corpus"
# The syntax error bench/gen_corpus.rs writes into some broken reports.
SYNTAX_ERROR = "{text: Detta: går inte"
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def run(cmd, stdin=None):
    """Wall seconds and peak RSS (MiB) of one process tree, output discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=stdin)
    wall = time.perf_counter() - start
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far; /usr/bin/time -v is the
    # per-process cross-check used for the 10,000-file row below.
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(before, after) / 1024, proc.returncode, proc.stderr


def median_of(cmd, repeats=REPEATS):
    walls = []
    code = None
    for _ in range(repeats):
        wall, _, code, err = run(cmd)
        walls.append(wall)
        if code not in (0, 1):
            sys.exit(f"{cmd[0]} failed ({code}): {err.decode(errors='replace')[:500]}")
    return statistics.median(walls), code


def alternated(cmds, repeats=REPEATS):
    """Median wall seconds of each command, the commands run in turn (A B C A B C …) so that
    other work on the machine weighs on each of them alike."""
    walls = {name: [] for name in cmds}
    for _ in range(repeats):
        for name, cmd in cmds.items():
            wall, _, code, err = run(cmd)
            if code not in (0, 1):
                sys.exit(f"{cmd[0]} failed ({code}): {err.decode(errors='replace')[:500]}")
            walls[name].append(wall)
    return {name: statistics.median(w) for name, w in walls.items()}, walls


def peak_rss_mib(cmd, env=None):
    out = subprocess.run(
        ["/usr/bin/time", "-v", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=None if env is None else {**os.environ, **env},
    ).stderr.decode()
    for line in out.splitlines():
        if "Maximum resident set size" in line:
            return int(line.split(":")[1]) / 1024
    return float("nan")


def files(n):
    return sorted(str(p) for p in (CORPUS / str(n)).glob("*.yaml"))


def aterrapport(paths, jobs=None):
    cmd = [str(BIN), "check", "--format", "json"]
    if jobs:
        cmd += ["-j", str(jobs)]
    return cmd + paths


def skane_copies(n=300):
    """n copies of Region Skåne's report in one directory: the issue's hard target."""
    d = CORPUS / f"skane-{n}"
    d.mkdir(parents=True, exist_ok=True)
    data = (ROOT / "examples/skane-2020.yaml").read_bytes()
    for i in range(n):
        p = d / f"skane-{i:03}.yaml"
        if not p.exists() or p.read_bytes() != data:
            p.write_bytes(data)
    return sorted(str(p) for p in d.glob("*.yaml"))


def ajv(paths):
    # ajv-cli reads the YAML files itself (js-yaml); nothing is converted to JSON beforehand.
    cmd = [str(AJV), "validate", "--spec=draft2020", "--strict=false", "-c", "ajv-formats",
           "--errors=line", "-s", str(SCHEMA)]
    for p in paths:
        cmd += ["-d", p]
    return cmd


def cjs(paths):
    return [str(CJS), "--schemafile", str(SCHEMA), *paths]


def verdict(met):
    return "met" if met else "MISSED"


def make_hostile():
    """The hostile inputs of tests/all/hostile.rs, as files, for timing on the release build."""
    d = BENCH / "hostile"
    d.mkdir(exist_ok=True)
    text = (ROOT / "examples/exempel-2020.yaml").read_text(encoding="utf-8")
    (d / "stor-50mb.yaml").write_bytes(text.encode().ljust(50 * 1024 * 1024, b"#"))
    (d / "utf16le.yaml").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    (d / "utf16be.yaml").write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))
    (d / "cp1252.yaml").write_bytes(text.encode("cp1252", errors="ignore"))
    (d / "nul.yaml").write_text(text.replace("Kommunerna deltar", "Kommunerna\0 deltar"))
    (d / "crlf.yaml").write_bytes(text.replace("\n", "\r\n").encode())
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 20))
    (d / "alias-bomb.yaml").write_text(bomb)
    (d / "djup-flow.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    (d / "djup-block.yaml").write_text("".join(" " * i + "k:\n" for i in range(5000)))
    (d / "katalog.yaml").mkdir(exist_ok=True)
    fifo = d / "fifo.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)


def main():
    make_hostile()
    print(f"machine: {os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f}")
    print(f"repeats: {REPEATS} (median)\n")

    targets = []

    skane300 = skane_copies(300)
    print("Hard target: 300 copies of examples/skane-2020.yaml in one directory, all three given")
    print("the same 300 files (ajv-cli reads the YAML itself), runs alternated, median of "
          f"{REPEATS}")
    med, walls = alternated({
        "aterrapport": aterrapport([str(CORPUS / "skane-300")]),
        "ajv": ajv(skane300),
        "cjs": cjs(skane300),
    })
    ours = med["aterrapport"]
    print("| tool | median wall s | all runs s | tool ÷ aterrapport |\n|---|---:|---|---:|")
    for name, label in (("aterrapport", "aterrapport check --format json (all rules)"),
                        ("ajv", "ajv-cli + ajv-formats (schema only)"),
                        ("cjs", "check-jsonschema (schema only)")):
        runs = " ".join(f"{w:.2f}" for w in walls[name])
        print(f"| {label} | {med[name]:.2f} | {runs} | {med[name] / ours:.2f}× |")
    r_ajv, r_cjs = med["ajv"] / ours, med["cjs"] / ours
    targets.append(f"≥1.5× faster than ajv-cli (300 Skåne copies): {verdict(r_ajv >= 1.5)} "
                   f"(ratio {r_ajv:.2f}×, needs 1.5×: aterrapport would have to take "
                   f"{med['ajv'] / 1.5:.2f} s, not {ours:.2f} s)")
    targets.append(f"≥30× faster than check-jsonschema (300 Skåne copies): "
                   f"{verdict(r_cjs >= 30)} (ratio {r_cjs:.1f}×, needs 30×: aterrapport would "
                   f"have to take {med['cjs'] / 30:.2f} s, not {ours:.2f} s)")

    thousand = files(1000)
    # ajv-cli stops the whole run at the first file js-yaml cannot parse, so it is given only
    # the files without the generator's syntax error (the others still count for the rest).
    parseable = [p for p in thousand if SYNTAX_ERROR not in Path(p).read_text(encoding="utf-8")]
    # check-jsonschema takes about a minute here, so it runs once unless BENCH_CJS_REPEATS says
    # otherwise; aterrapport and ajv-cli alternate for the full count.
    cjs_repeats = int(os.environ.get("BENCH_CJS_REPEATS", "1"))
    med, _ = alternated({"aterrapport": aterrapport(thousand), "ajv": ajv(parseable)})
    cjs_med, _ = alternated({"cjs": cjs(thousand)}, repeats=cjs_repeats)
    ours = med["aterrapport"]
    rows = [("aterrapport check --format json (all rules)", ours),
            (f"check-jsonschema (schema only; median of {cjs_repeats})", cjs_med["cjs"]),
            (f"ajv-cli + ajv-formats (schema only; {len(parseable)} parseable files)", med["ajv"])]
    print(f"\n1,000 reports, one process each (aterrapport and ajv-cli alternated, median of "
          f"{REPEATS})")
    print("| tool | wall s | tool ÷ aterrapport |")
    print("|---|---:|---:|")
    for name, wall in rows:
        print(f"| {name} | {wall:.2f} | {wall / ours:.2f}× |")
    print("\nOne Skåne-sized report (examples/skane-2020.yaml, 98 kB), process start to exit")
    skane = [str(ROOT / "examples/skane-2020.yaml")]
    # Alternated with a process that does nothing (`true`), started the same way: what starting
    # and reaping any process costs here, which the 5 ms include.
    floor = shutil.which("true") or "/bin/true"
    walls, nothing = [], []
    for _ in range(101):
        walls.append(run(aterrapport(skane))[0] * 1000)
        nothing.append(run([floor])[0] * 1000)
    walls.sort()
    print(f"| median ms | p10 ms | p90 ms | `true`, same harness, median ms |\n"
          f"|---:|---:|---:|---:|\n"
          f"| {statistics.median(walls):.1f} | {walls[10]:.1f} | {walls[90]:.1f} "
          f"| {statistics.median(nothing):.1f} |")
    one = statistics.median(walls)
    targets.append(f"one Skåne report ≤5 ms: {verdict(one <= 5)} (median {one:.1f} ms of 101, "
                   f"{one / 5:.1f}× the target)")

    print("\nThreads, 1,000 reports (CPU s: user + system time of the process, to tell")
    print("contention inside aterrapport from other work on the machine)")
    cpu = {}
    for jobs in (1, 2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, _ = median_of(aterrapport(thousand, jobs=jobs))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / REPEATS
        cpu[jobs] = (wall, used)
    (one, cpu1), (two, cpu2) = cpu[1], cpu[2]
    print("| -j 1 s | -j 2 s | speed-up | -j 1 CPU s | -j 2 CPU s |\n|---:|---:|---:|---:|---:|")
    print(f"| {one:.2f} | {two:.2f} | {one / two:.2f}× | {cpu1:.2f} | {cpu2:.2f} |")

    print("\nGrowth with the number of files (default threads)")
    print("| files | wall s | ms per file | peak RSS MiB |\n|---:|---:|---:|---:|")
    for n in (100, 1000, 10000):
        paths = [str(CORPUS / str(n))]
        wall, _ = median_of(aterrapport(paths))
        rss = peak_rss_mib(aterrapport(paths))
        print(f"| {n:,} | {wall:.2f} | {wall / n * 1000:.2f} | {rss:.1f} |")
    # The target is in MB (10^6 bytes); /usr/bin/time -v reports KiB, shown here as MiB.
    rss_mb = rss * 1024 * 1024 / 1e6
    targets.append(f"peak RSS at 10,000 reports ≤64 MB: {verdict(rss_mb <= 64)} ({rss:.1f} MiB "
                   f"= {rss_mb:.1f} MB, /usr/bin/time -v)")

    hostile = BENCH / "hostile"
    if hostile.is_dir():
        print("\nHostile inputs, one file each (bound: 1 s)")
        print("| input | wall ms | exit |\n|---|---:|---:|")
        for p in sorted(hostile.iterdir()):
            wall, _, code, _ = run(aterrapport([str(p)]))
            print(f"| {p.name} | {wall * 1000:.0f} | {code} |")

    print("\nTargets of issue 12")
    for line in targets:
        print(f"- {line}")


if __name__ == "__main__":
    main()
