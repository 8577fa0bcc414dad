"""Turns a terminal capture with SGR colour codes (`tmux capture-pane -e`) on standard
input into HTML <span>s with inline styles on standard output, for screenshots/make.sh.

Handles what tmux writes: reset, bold, dim, italic, underline, reverse video, the 16
colours (30-37, 90-97, 40-47, 100-107), 256 colours and 24-bit colours (38;5 / 38;2,
48;5 / 48;2), and the defaults (39, 49). The palette is a dark terminal theme.
"""
import html, re, sys

PALETTE = ["#1d1f21", "#e06c6c", "#8cc265", "#e5c07b", "#61afef", "#d27fdc", "#56c2d6", "#d6d6d6",
           "#7d8288", "#ff8585", "#a5dc7e", "#f2d38f", "#82c3ff", "#e49cec", "#7ddcec", "#ffffff"]
FG, BG = PALETTE[7], PALETTE[0]

def colour(params, i):
    """The colour that params[i:] (after 38 or 48) name, and how many params it used."""
    if params[i] == "5":
        n = int(params[i + 1])
        if n < 16:
            return PALETTE[n], 2
        if n < 232:
            n -= 16
            return "#%02x%02x%02x" % tuple((0, 95, 135, 175, 215, 255)[v] for v in (n // 36, n // 6 % 6, n % 6)), 2
        return "#%02x%02x%02x" % ((8 + 10 * (n - 232),) * 3), 2
    return "#%02x%02x%02x" % tuple(int(p) for p in params[i + 1:i + 4]), 4

state = {}
out = []
for part in re.split(r"(\x1b\[[0-9;]*m)", sys.stdin.read()):
    if not part.startswith("\x1b["):
        if part:
            fg, bg = state.get("fg", FG), state.get("bg", BG)
            if state.get("reverse"):
                fg, bg = bg, fg
            style = f"color:{fg};background:{bg}"
            if state.get("bold"):
                style += ";font-weight:bold"
            if state.get("italic"):
                style += ";font-style:italic"
            if state.get("underline"):
                style += ";text-decoration:underline"
            if state.get("dim"):
                style += ";opacity:0.7"
            # One span per screen row: each is an inline block of exactly one row's
            # height, so backgrounds line up whichever font drew a glyph.
            out.append("\n".join(
                f'<span style="{style}">{html.escape(row)}</span>' if row else ""
                for row in part.split("\n")))
        continue
    params = part[2:-1].split(";") if part[2:-1] else ["0"]
    i = 0
    while i < len(params):
        p = int(params[i] or 0)
        if p == 0:
            state = {}
        elif p in (1, 2, 3, 4, 7):
            state[{1: "bold", 2: "dim", 3: "italic", 4: "underline", 7: "reverse"}[p]] = True
        elif p in (22, 23, 24, 27):
            for k in {22: ("bold", "dim"), 23: ("italic",), 24: ("underline",), 27: ("reverse",)}[p]:
                state.pop(k, None)
        elif 30 <= p <= 37 or 90 <= p <= 97:
            state["fg"] = PALETTE[p - 30 if p < 90 else p - 82]
        elif 40 <= p <= 47 or 100 <= p <= 107:
            state["bg"] = PALETTE[p - 40 if p < 100 else p - 92]
        elif p == 39:
            state.pop("fg", None)
        elif p == 49:
            state.pop("bg", None)
        elif p in (38, 48):
            c, used = colour(params, i + 1)
            state["fg" if p == 38 else "bg"] = c
            i += used
        i += 1

sys.stdout.write("".join(out))
