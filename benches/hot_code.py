#!/usr/bin/env python3
"""Writes src/hot-code.txt: the functions a meeting runs, which the linker places together
at the front of the binary's code (build.rs, docs/performance.md).

The kernel maps a binary's code 64 KiB at a time around each page a process first
touches, so the functions a meeting runs, scattered among 12 MB of code it does not run,
keep most of the code resident. Placed together they take a few hundred KB.

Runs the release binary under `valgrind --tool=callgrind` through what a meeting does:
the start screen, a new meeting with attendees, notes, a drift banner, action items,
goals, decisions, the help and the exports; a resumed meeting of 10,000 lines typed into;
and the `sessions`, `export` and `scan` commands. Every function of the binary that ran
in any of them is listed once, sorted, by its symbol name.

    cargo build --release --bin kickoff
    cargo build --release --example make_huge_session
    python3 benches/hot_code.py        # needs valgrind

Build the two apart: built together, the binary links the library with the example's
test helpers, and its symbol names differ from those of `cargo build --release`.

Symbol names depend on the compiler's version and the locked crate versions: after a
toolchain or dependency update, or when many functions are renamed, run it again. Names
it does not find are ignored by the linker, so a stale list only places less together.
"""
import os, re, select, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pty_bench as pb  # noqa: E402

OUT = os.path.join(pb.ROOT, "src", "hot-code.txt")
VALGRIND = ["valgrind", "--tool=callgrind", "--dump-instr=no", "--demangle=no", "--separate-threads=no"]
CTRL = {c: bytes([ord(c) - 96]) for c in "abdefgklnopqrstuwxy"}


def run(argv, env, out, keys):
    """Runs `argv` under callgrind in a pty, sends `keys` one at a time once the screen
    has settled, and waits for it to exit."""
    pid, fd = pb.spawn(VALGRIND + [f"--callgrind-out-file={out}"] + argv, env)
    settle(fd, 30)
    for key in keys:
        os.write(fd, key)
        settle(fd, 2)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        pb.drain(fd, 0.2)
    raise SystemExit(f"{' '.join(argv)} did not exit")


def settle(fd, wait):
    """Waits up to `wait` seconds for output, then until the pty is quiet for 0.4 s."""
    select.select([fd], [], [], wait)
    pb.drain(fd, 0.4)


def typed(text):
    return [c.encode() for c in text]


def meeting_keys():
    """A short meeting from the start screen to quitting."""
    keys = typed("Acme Corp") + [b"\r"]
    keys += [CTRL["a"]] + typed("Dana Lee") + [b"\t"] + typed("DevOps lead") + [b"\r"]
    keys += typed("welcome, cameras on") + [b"\r"]
    keys += [CTRL["n"]] + typed("Kim is our Kubernetes expert") + [b"\r"]
    keys += typed("runner job failed with exit code 137") + [b"\r", b"\x1b"]
    keys += typed("can we look at why the pipeline hangs") + [CTRL["k"], b"\x1b"]
    keys += [CTRL["t"], b"\x1b1", CTRL["x"], CTRL["u"], CTRL["y"], CTRL["w"]]
    keys += [CTRL["o"]] + typed("send the runbook") + [b"\r"]
    keys += [CTRL["l"]] + typed("faster pipelines") + [b"\r"]
    keys += [CTRL["d"]] + typed("weekly cadence") + [b"\r"]
    keys += [CTRL["r"], b"\x1b", CTRL["g"], CTRL["g"], b"\t", b"\x1b[Z", b"\x1b"]
    keys += [b"\x1b[A", b"\x1b[B", b"\x1b[D", b"\x1b[C", b"\x7f", b"\x1b[5~", b"\x1b[6~"]
    keys += [CTRL["n"], CTRL["p"], b"\x00", b"\x00", CTRL["e"], CTRL["s"], CTRL["f"], CTRL["q"]]
    return keys


def resume_keys():
    """Typing at the end of a long meeting."""
    return typed("abcdefg " * 20) + [b"\r"] + typed("next line") + [b"\x1b[A", b"\x1b[B", CTRL["n"], CTRL["q"]]


def functions(path, binary):
    """The symbol names of the functions of `binary` that ran, from a callgrind file."""
    objects, names, found, ours = {}, {}, set(), False
    for line in open(path, errors="replace"):
        if line.startswith(("ob=", "cob=", "fn=", "cfn=")):
            key, _, rest = line.rstrip("\n").partition("=")
            m = re.match(r"\((\d+)\)(?: (.*))?", rest)
            if not m:
                continue
            table = objects if key.endswith("ob") else names
            if m.group(2):
                table[m.group(1)] = m.group(2)
            if key == "ob":
                ours = os.path.basename(objects[m.group(1)]) == binary
            elif key == "fn" and ours:
                # callgrind marks a recursive function's deeper levels as `name'2`, and
                # names code without a symbol by its address or `(below main)`.
                name = re.sub(r"'\d+$", "", names[m.group(1)])
                if name.startswith("_"):
                    found.add(name)
    return found


def main():
    binary = pb.KICKOFF
    work = tempfile.mkdtemp()
    sid, env, _ = pb.prepare(work, pb.text_of(10_000))
    outs = []
    for name, argv, keys in [
        ("meeting", [binary], meeting_keys()),
        ("resume", [binary, "resume", sid], resume_keys()),
        ("sessions", [binary, "sessions"], []),
        ("export", [binary, "export", sid], []),
        ("scan", [binary, "scan", os.path.join(work, "notes.txt")], []),
    ]:
        out = os.path.join(work, f"{name}.callgrind")
        print(f"running {name}", file=sys.stderr)
        run(argv, env, out, keys)
        outs.append(out)
    found = set()
    for out in outs:
        found |= functions(out, os.path.basename(binary))
    with open(OUT, "w") as f:
        f.write("# The functions a meeting runs, placed together by the linker (build.rs).\n")
        f.write("# Written by `python3 benches/hot_code.py`; run it again after a toolchain\n")
        f.write("# or dependency update. Names the linker does not find are ignored.\n")
        for name in sorted(found):
            f.write(name + "\n")
    print(f"{len(found)} functions in {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
