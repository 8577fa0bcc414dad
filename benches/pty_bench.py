#!/usr/bin/env python3
"""Keystroke to screen through a real pty at 120x40: kickoff and vim (and nano when
installed) side by side on the same text (docs/performance.md).

For each size (empty, 10,000 and 100,000 lines of 150 characters that wrap), each editor
opens the text with the cursor at its end, then gets 3 rounds of 150 typed keys. For each
key: the time from writing it to the pty until the first screen bytes come back, then the
output is drained until it is quiet for 20 ms. Prints the median and p95 and their ratio
to vim, CPU (all threads, /proc/PID/task/*/schedstat) and bytes written to disk
(/proc/PID/io) per keystroke,
peak RSS (VmHWM), and the time from the start to the first byte on the pty and to the
last byte of the first frame (the pty then quiet for 0.3 s).

    cargo build --release --bin kickoff
    cargo build --release --example make_huge_session   # apart: see benches/hot_code.py
    python3 benches/pty_bench.py [SIZES...]     # default: 0 10000 100000
    python3 benches/pty_bench.py --starts N [SIZES...]   # only the start, N times each
    python3 benches/pty_bench.py --long-line [RUNS]      # one 100 KB line against 1,000 lines

`--long-line` types the same keys at the end of one line of 100,000 characters and at
the end of 1,000 lines of 150, each editor in turn, and prints each editor's figures
with its CPU a key in the long line over its CPU a key among the 1,000 lines.
"""
import fcntl, os, pty, select, shutil, statistics, struct, subprocess, sys, tempfile, termios, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KICKOFF = os.environ.get("KICKOFF_BIN") or os.path.join(ROOT, "target/release/kickoff")
MAKE = os.path.join(ROOT, "target/release/examples/make_huge_session")
ROUNDS, KEYS, COLS, ROWS = 3, 150, 120, 40
WORDS = "runner upgrade pipeline cluster gitaly sidekiq registry ticket review plan".split()


def text_of(lines):
    out = []
    for i in range(lines):
        line, k = "", i
        while len(line) < 150:
            line += WORDS[k % len(WORDS)] + " "
            k += 7
        out.append(line[:150])
    return "\n".join(out)


def spawn(argv, env):
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    return pid, fd


def drain(fd, quiet):
    """Reads until the pty has been quiet for `quiet` seconds; the time of the last read."""
    last = time.perf_counter()
    while select.select([fd], [], [], quiet)[0]:
        try:
            if not os.read(fd, 1 << 16):
                break
        except OSError:
            break
        last = time.perf_counter()
    return last


def cpu_seconds(pid):
    """CPU time of all of the process's threads: from schedstat, in nanoseconds (stat
    counts clock ticks, 10 ms, too coarse for a fraction of a millisecond a key)."""
    try:
        total = 0
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        return total / 1e9
    except (OSError, ValueError, IndexError):
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc(pid):
    cpu = cpu_seconds(pid)
    try:
        with open(f"/proc/{pid}/io") as f:
            io = dict(l.split(": ") for l in f.read().splitlines())
        written = int(io["write_bytes"]) or int(io["wchar"])
    except OSError:
        written = 0
    with open(f"/proc/{pid}/status") as f:
        hwm = next(int(l.split()[1]) for l in f if l.startswith("VmHWM"))
    return cpu, written, hwm


def open_editor(argv, env):
    """Starts an editor and waits for its first frame: the pid, the pty, and the times in
    ms to the first byte and to the last byte of the first frame (the pty then quiet for
    0.3 s)."""
    start = time.perf_counter()
    pid, fd = spawn(argv, env)
    select.select([fd], [], [], 10)
    first = (time.perf_counter() - start) * 1000
    frame = (drain(fd, 0.3) - start) * 1000
    return pid, fd, first, frame


def close_editor(pid, fd, quit_keys, wait):
    os.write(fd, quit_keys)
    drain(fd, wait)
    try:
        os.kill(pid, 9)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def measure(name, argv, env, setup_keys, quit_keys):
    pid, fd, first, frame = open_editor(argv, env)
    os.write(fd, setup_keys)
    drain(fd, 0.3)
    cpu0, w0, _ = proc(pid)
    lat = []
    for r in range(ROUNDS):
        for k in range(KEYS):
            c = b"abcdefghij klmnopqrstuvwxyz"[(k * 7 + r) % 27 : (k * 7 + r) % 27 + 1]
            t = time.perf_counter()
            os.write(fd, c)
            if select.select([fd], [], [], 2)[0]:
                lat.append((time.perf_counter() - t) * 1000)
            drain(fd, 0.02)
        drain(fd, 0.2)
    cpu1, w1, hwm = proc(pid)
    n = ROUNDS * KEYS
    close_editor(pid, fd, quit_keys, 1.0)
    lat.sort()
    return {
        "name": name,
        "median": statistics.median(lat),
        "p95": lat[int(len(lat) * 0.95) - 1],
        "cpu": (cpu1 - cpu0) / n * 1000,
        "disk": (w1 - w0) / n,
        "rss": hwm / 1024,
        "first": first,
        "frame": frame,
    }


def long_line(length):
    """One line of `length` characters of the same words."""
    line, k = "", 0
    while len(line) < length:
        line += WORDS[k % len(WORDS)] + " "
        k += 7
    return line[:length]


def prepare(work, text):
    """A notes file and a kickoff session holding `text` in `work`: the session's id,
    the environment to run the editors in, and the notes file's path."""
    path = os.path.join(work, "notes.txt")
    with open(path, "w") as f:
        f.write(text)
    data = os.path.join(work, "data")
    session = subprocess.run([MAKE, "--notes", path, data], capture_output=True, text=True, check=True).stdout.strip()
    sid = os.path.basename(session)[: -len(".yaml")]
    env = dict(os.environ, TERM="xterm-256color", HOME=work, KICKOFF_DATA_DIR=data, KICKOFF_CONFIG_DIR=os.path.join(work, "config"))
    return sid, env, path


def editors(sid, path):
    """Each editor's name, command line, keys before typing and keys that quit it."""
    out = [
        ("kickoff", [KICKOFF, "resume", sid], b"", b"\x11"),
        ("vim", ["vim", "-u", "NONE", "-N", "-n", "-i", "NONE", "+normal G$", path], b"A", b"\x1b:q!\r"),
    ]
    if shutil.which("nano"):
        out.append(("nano", ["nano", "-I", "+999999999,999", path], b"", b"\x18n"))
    return out


def compare_long_line(runs):
    """A key at the end of one 100,000-character line against a key at the end of 1,000
    lines of 150, in each editor, the cases alternated `runs` times: medians of the runs."""
    works = [tempfile.mkdtemp(), tempfile.mkdtemp()]
    try:
        cases = [("1,000 lines", prepare(works[0], text_of(1000))), ("one 100 KB line", prepare(works[1], long_line(100_000)))]
        got = {}
        for _ in range(runs):
            for case, (sid, env, path) in cases:
                for name, argv, setup, quit_keys in editors(sid, path):
                    got.setdefault((name, case), []).append(measure(name, argv, env, setup, quit_keys))
        print(f"\nA key at the end of the text, {COLS}x{ROWS}, {ROUNDS}x{KEYS} keys, medians of {runs} alternated runs")
        print("| editor | text | median ms | p95 ms | CPU ms/key | CPU ×1,000 lines |")
        print("|---|---|---|---|---|---|")
        for (name, case), ms in got.items():
            cpu = statistics.median(m["cpu"] for m in ms)
            base = statistics.median(m["cpu"] for m in got[(name, cases[0][0])])
            print(f"| {name} | {case} | {statistics.median(m['median'] for m in ms):.3f} | {statistics.median(m['p95'] for m in ms):.3f} | {cpu:.3f} | {cpu / base:.2f} |")
    finally:
        for work in works:
            shutil.rmtree(work, ignore_errors=True)


def main():
    args = sys.argv[1:]
    runs = 0
    print(f"machine: {os.uname().machine}, {os.cpu_count()} cores, {os.uname().release}")
    print(f"commit: {subprocess.run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()}")
    if args[:1] == ["--long-line"]:
        compare_long_line(int(args[1]) if len(args) > 1 else 3)
        return
    if args[:1] == ["--starts"]:
        runs, args = int(args[1]), args[2:]
    sizes = [int(a) for a in args] or [0, 10000, 100000]
    for lines in sizes:
        work = tempfile.mkdtemp()
        try:
            sid, env, path = prepare(work, text_of(lines))
            if runs:
                print(f"\n{lines} lines: first frame, ms, {runs} starts each, alternated")
                print("| editor | first frame: min | median | max | first byte: median |")
                print("|---|---|---|---|---|")
                got = {}
                for _ in range(runs):
                    for name, argv, _, quit_keys in editors(sid, path)[:2]:
                        pid, fd, first, frame = open_editor(argv, env)
                        close_editor(pid, fd, quit_keys, 0.5)
                        got.setdefault(name, ([], []))
                        got[name][0].append(first)
                        got[name][1].append(frame)
                for name, (first, frame) in got.items():
                    print(f"| {name} | {min(frame):.1f} | {statistics.median(frame):.1f} | {max(frame):.1f} | {statistics.median(first):.1f} |")
                continue
            rows = [measure(name, argv, env, setup, quit_keys) for name, argv, setup, quit_keys in editors(sid, path)]
            vim = rows[1]
            print(f"\n{lines} lines of 150 characters, {COLS}x{ROWS}, {ROUNDS}x{KEYS} keys")
            print("| editor | median ms | p95 ms | ×vim median | ×vim p95 | CPU ms/key | disk B/key | peak RSS MiB | first byte ms | first frame ms |")
            print("|---|---|---|---|---|---|---|---|---|---|")
            for r in rows:
                print(f"| {r['name']} | {r['median']:.2f} | {r['p95']:.2f} | {r['median'] / vim['median']:.1f} | {r['p95'] / vim['p95']:.1f} | {r['cpu']:.2f} | {r['disk']:.0f} | {r['rss']:.1f} | {r['first']:.0f} | {r['frame']:.0f} |")
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
