#!/usr/bin/env python3
"""How long a note typed on one seat takes to show on the other (docs/second-seat.md).

Two real kickoff processes in two ptys at 120x40: a host running a meeting, and a seat
joined to it, first over the Unix socket (`kickoff join`, same machine), then with a ticket
over iroh on loopback without a relay (`kickoff join TICKET`). For each of ROUNDS keys: the
time from writing a character to the joined seat's pty until the host's pty draws it, and
the other way round. Prints the median, p95 and max per direction and link.

    cargo build --release --bin kickoff
    python3 benches/seat_latency.py [ROUNDS]      # default 100

Across a real network, add the one-way trip between the laptops to the iroh figures.
"""
import os, select, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pty_bench import spawn  # a process in a pty at 120x40

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KICKOFF = os.path.join(ROOT, "target/release/kickoff")
MARKS = ["Ж", "Ѣ"]  # one per direction: bytes nothing else on the screen contains


def read_until(fds, fd, needle, timeout):
    """Reads every pty in `fds` (so none blocks) until `fd` has shown `needle`."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select(fds, [], [], 0.5)
        for r in ready:
            try:
                data = os.read(r, 1 << 16)
            except OSError:
                data = b""
            if r == fd:
                seen += data
                if needle in seen:
                    return True
    return False


def drain(fds, quiet=0.05):
    while select.select(fds, [], [], quiet)[0]:
        for r in select.select(fds, [], [], 0)[0]:
            try:
                os.read(r, 1 << 16)
            except OSError:
                return


def env_for(base, name, sub):
    env = dict(os.environ)
    env.update(
        KICKOFF_DATA_DIR=os.path.join(base, sub, "data"),
        KICKOFF_CONFIG_DIR=os.path.join(base, sub, "config"),
        KICKOFF_RUNTIME_DIR=os.path.join(base, sub, "run"),
        KICKOFF_RELAY="off",
        USER=name,
        TERM="xterm-256color",
    )
    return env


def measure(rounds, host_fd, joined_fd):
    fds = [host_fd, joined_fd]
    results = {}
    for label, src, dst, mark in [
        ("joined -> host", joined_fd, host_fd, MARKS[0]),
        ("host -> joined", host_fd, joined_fd, MARKS[1]),
    ]:
        times = []
        for _ in range(rounds):
            drain(fds)
            start = time.monotonic()
            os.write(src, mark.encode())
            if not read_until(fds, dst, mark.encode(), 5):
                sys.exit(f"{label}: the character never showed on the other seat")
            times.append((time.monotonic() - start) * 1000)
            os.write(src, b"\x7f")  # Backspace: keep the line short
        results[label] = times
    return results


def report(link, results):
    for label, times in results.items():
        times.sort()
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"| {link} | {label} | {statistics.median(times):.1f} | {p95:.1f} | {times[-1]:.1f} |"
        )


def run(rounds, remote):
    base = tempfile.mkdtemp(prefix="kickoff-seats-")
    host_env = env_for(base, "asha", "host")
    host_pid, host_fd = spawn([KICKOFF, "run", "--account", "Bench Corp"], host_env)
    if not read_until([host_fd], host_fd, b"LOBBY", 10):
        sys.exit("the host's meeting did not open")
    os.write(host_fd, b"\x0e")  # ^N: start the agenda
    read_until([host_fd], host_fd, b"RUNNING", 5)
    if remote:
        ticket = subprocess.run(
            [KICKOFF, "invite"], env=host_env, capture_output=True, text=True, check=True
        ).stdout.strip()
        joined_env = env_for(base, "lee", "laptop")
        argv = [KICKOFF, "join", ticket]
    else:
        joined_env = env_for(base, "dana", "host")
        argv = [KICKOFF, "join"]
    joined_pid, joined_fd = spawn(argv, joined_env)
    if remote:
        if not read_until([host_fd, joined_fd], host_fd, b"(key", 20):
            sys.exit("no knock reached the host")
        os.write(host_fd, b"\x1by")  # Alt-y: let them in
    if not read_until([host_fd, joined_fd], joined_fd, b"(joined)", 30):
        sys.exit("the seat did not join")
    drain([host_fd, joined_fd], 0.5)
    results = measure(rounds, host_fd, joined_fd)
    for fd in (joined_fd, host_fd):
        os.write(fd, b"\x11")  # ^Q
        drain([host_fd, joined_fd], 0.3)
    for pid in (joined_pid, host_pid):
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
    return results


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print("| link | direction | median ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    report("Unix socket", run(rounds, remote=False))
    report("iroh, loopback", run(rounds, remote=True))


if __name__ == "__main__":
    main()
