#!/usr/bin/env python3
"""Turn a coloured terminal capture (`tmux capture-pane -e -p -N`) into an SVG.

    scripts/ansi2svg.py [--cols 120] [--rows 40] [--title TEXT] < capture.ansi > screen.svg

Understands SGR (bold, dim, italic, underline, reverse, strike, hidden; 16, 256 and
24-bit colours; resets) and ignores every other escape sequence. Each row becomes one
<text> with a <tspan> per run of same-styled cells, placed at its cell so a glyph that a
viewer's font draws wider cannot push the rest of the row out of the grid; background
colours (and reverse video) become rectangles. East Asian wide characters take two cells.
Box-drawing lines (light, heavy, double, rounded) and block elements (full, halves,
eighths, shades) are drawn as shapes, so borders join up whatever font the viewer has.
Standard library only.
"""

import argparse
import html
import re
import sys
import unicodedata

FONT = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"
SIZE, CW, CH, PAD = 14, 8.4, 17, 12  # font size, cell width and height, margin (px)
FG, BG = "#d4d6d3", "#1d1f21"
PALETTE = [  # the 16 ANSI colours: a dark "Tomorrow Night"-like theme
    "#3c4043", "#cc6666", "#b5bd68", "#f0c674", "#81a2be", "#b294bb", "#8abeb7", "#c5c8c6",
    "#7c828a", "#ff7b7b", "#c6d36e", "#ffd787", "#8fbcf0", "#d7a6e8", "#7fd6cc", "#f2f2f2",
]


def color256(n):
    if n < 16:
        return PALETTE[n]
    if n < 232:
        n -= 16
        r, g, b = ((0, 95, 135, 175, 215, 255)[c] for c in (n // 36, n // 6 % 6, n % 6))
        return f"#{r:02x}{g:02x}{b:02x}"
    v = 8 + 10 * (n - 232)
    return f"#{v:02x}{v:02x}{v:02x}"


RESET = dict(fg=None, bg=None, bold=False, dim=False, italic=False, under=False,
             reverse=False, strike=False, hidden=False)
FLAGS = {1: ("bold", True), 2: ("dim", True), 3: ("italic", True), 4: ("under", True),
         7: ("reverse", True), 8: ("hidden", True), 9: ("strike", True), 21: ("under", True),
         23: ("italic", False), 24: ("under", False), 27: ("reverse", False),
         28: ("hidden", False), 29: ("strike", False)}


def extended_color(params):
    """Reads '5;N' or '2;R;G;B' from the front of params (consuming it)."""
    kind = params.pop(0) if params else None
    if kind == 5 and params:
        return color256(params.pop(0) % 256)
    if kind == 2 and len(params) >= 3:
        r, g, b = (params.pop(0) % 256 for _ in range(3))
        return f"#{r:02x}{g:02x}{b:02x}"
    return None


def apply_sgr(style, text):
    """Updates style (a dict) from the parameters of one SGR sequence."""
    nums = []
    for p in text.split(";"):  # colon sub-parameters (38:2::R:G:B, 4:3) join the list
        sub = [int(x) if x.isdigit() else 0 for x in p.split(":")]
        if len(sub) > 1 and sub[0] in (38, 48, 58):
            sub = sub[:2] + sub[-3:] if sub[1] == 2 else sub
        elif len(sub) > 1 and sub[0] == 4:
            sub = [4 if sub[1] else 24]
        nums.extend(sub)
    while nums:
        n = nums.pop(0)
        if n == 0:
            style.update(RESET)
        elif n in FLAGS:
            style[FLAGS[n][0]] = FLAGS[n][1]
        elif n == 22:
            style["bold"] = style["dim"] = False
        elif 30 <= n <= 37 or 90 <= n <= 97:
            style["fg"] = PALETTE[n - 30 if n < 90 else n - 82]
        elif 40 <= n <= 47 or 100 <= n <= 107:
            style["bg"] = PALETTE[n - 40 if n < 100 else n - 92]
        elif n in (38, 48, 58):
            c = extended_color(nums)
            if n != 58:
                style["fg" if n == 38 else "bg"] = c
        elif n == 39:
            style["fg"] = None
        elif n == 49:
            style["bg"] = None


TOKEN = re.compile(r"\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.?|[^\x1b]")


def parse(data, cols, rows):
    """The screen as rows of cells (char, style); a wide char's second cell is ''."""
    blank = (" ", tuple(RESET.values()))
    grid = [[blank] * cols for _ in range(rows)]
    style = dict(RESET)  # tmux carries the style over from one line to the next
    for y, line in enumerate(data.split("\n")[:rows]):
        x = 0
        for m in TOKEN.finditer(line):
            tok = m.group(0)
            if m.group(2) == "m":
                apply_sgr(style, m.group(1))
            if tok[0] == "\x1b" or tok in "\r\x07":
                continue
            if unicodedata.category(tok) in ("Mn", "Me", "Cf"):  # zero width: accents, ZWJ
                px = x - 1 if x < 2 or grid[y][x - 1][0] else x - 2  # joins the previous char
                if x:
                    grid[y][px] = (grid[y][px][0] + tok, grid[y][px][1])
                continue
            width = 2 if unicodedata.east_asian_width(tok) in "WF" else 1
            if x + width > cols:
                break
            ch = " " if tok == "\t" or ord(tok) < 32 else tok
            grid[y][x] = (ch, tuple(style.values()))
            if width == 2:
                grid[y][x + 1] = ("", tuple(style.values()))
            x += width
    return grid


def colors(style):
    """Effective (foreground, background or None) of a style tuple."""
    s = dict(zip(RESET, style))
    fg, bg = s["fg"] or FG, s["bg"]
    if s["reverse"]:
        fg, bg = bg or BG, fg or FG
    return fg, bg


# Box drawing: arms (up, right, down, left) for each character, weight 1 light, 2 heavy,
# 3 double. The characters in each string follow the order of SHAPES.
SHAPES = ["0101", "1010", "0110", "0011", "1100", "1001", "1110", "1011", "0111", "1101", "1111"]
BOX = {}
for weight, chars in ((1, "─│┌┐└┘├┤┬┴┼"), (2, "━┃┏┓┗┛┣┫┳┻╋"), (3, "═║╔╗╚╝╠╣╦╩╬")):
    for c, shape in zip(chars, SHAPES):
        BOX[c] = [weight * int(a) for a in shape]
ROUND = {"╭": (1, 0, 1, 0), "╮": (-1, 0, 1, 0), "╰": (1, 0, -1, 0), "╯": (-1, 0, -1, 0)}
STROKE = {1: 1.2, 2: 2.6, 3: 1.0}


def block_rect(ch):
    """A block element as (x0, y0, x1, y1, opacity) in cell fractions, or None."""
    cp = ord(ch) if len(ch) == 1 else 0
    if 0x2581 <= cp <= 0x2588:
        return (0, 1 - (cp - 0x2580) / 8, 1, 1, 1)
    if 0x2589 <= cp <= 0x258F:
        return (0, 0, (0x2590 - cp) / 8, 1, 1)
    return {"▀": (0, 0, 1, .5, 1), "▐": (.5, 0, 1, 1, 1), "░": (0, 0, 1, 1, .25),
            "▒": (0, 0, 1, 1, .5), "▓": (0, 0, 1, 1, .75), "▔": (0, 0, 1, .125, 1),
            "▕": (.875, 0, 1, 1, 1)}.get(ch)


def num(v):
    return f"{v:.2f}".rstrip("0").rstrip(".")


def render(grid, title=None):
    rows, cols = len(grid), len(grid[0])
    w, h = cols * CW + 2 * PAD, rows * CH + 2 * PAD
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(w)}" height="{num(h)}" '
           f'viewBox="0 0 {num(w)} {num(h)}" font-family="{html.escape(FONT)}" '
           f'font-size="{SIZE}" xml:space="preserve">']
    if title:
        out.append(f"<title>{html.escape(title)}</title>")
    out.append(f'<rect width="{num(w)}" height="{num(h)}" rx="6" fill="{BG}"/>')
    out.append(f'<g transform="translate({PAD} {PAD})">')
    # Rectangles: cell backgrounds first, then block elements, merged along each row.
    for pick in (lambda ch, fg, bg: bg and ((0, 0, 1, 1, 1), bg),
                 lambda ch, fg, bg: ch and block_rect(ch) and (block_rect(ch), fg)):
        merged = []
        for y, row in enumerate(grid):
            for x, (ch, style) in enumerate(row):
                item = pick(ch, *colors(style))
                if not item:
                    continue
                last = merged[-1] if merged else None
                if last and last[:2] == [y, x - last[2]] and last[3:] == list(item) \
                        and item[0][0] == 0 and item[0][2] == 1:
                    last[2] += 1
                else:
                    merged.append([y, x, 1, *item])
        for y, x, n, (x0, y0, x1, y1, op), fill in merged:
            opacity = f' fill-opacity="{op}"' if op != 1 else ""
            out.append(f'<rect x="{num((x + x0) * CW)}" y="{num((y + y0) * CH)}" '
                       f'width="{num((n - 1 + x1 - x0) * CW)}" height="{num((y1 - y0) * CH)}" '
                       f'fill="{fill}"{opacity}/>')
    # Box drawing: horizontal and vertical strokes, merged where cells continue a line.
    segs = {}  # (colour, weight, horizontal?, fixed coordinate) -> [[start, end], ...]
    arcs = []
    for y, row in enumerate(grid):
        for x, (ch, style) in enumerate(row):
            fg = colors(style)[0]
            cx, cy = (x + .5) * CW, (y + .5) * CH
            if ch in ROUND:
                dx, _, dy, _ = ROUND[ch]
                r = CW / 2
                arcs.append(f'<path d="M{num(cx + dx * CW / 2)} {num(cy)}H{num(cx + dx * r)}'
                            f'Q{num(cx)} {num(cy)} {num(cx)} {num(cy + dy * r)}'
                            f'V{num(cy + dy * CH / 2)}" stroke="{fg}" fill="none" '
                            f'stroke-width="{STROKE[1]}"/>')
                continue
            if ch not in BOX:
                continue
            arm = dict(zip("urdl", BOX[ch]))
            # Each arm runs from the centre to the cell's edge. A double arm is two lines
            # 1.5 px either side; at a corner or a junction each of them stops where it
            # meets the crossing double line, so corners nest instead of crossing.
            for side, horiz, sign, across in (("l", 1, -1, "ud"), ("r", 1, 1, "ud"),
                                               ("u", 0, -1, "lr"), ("d", 0, 1, "lr")):
                wgt = arm[side]
                for off in ((-1.5, 1.5) if wgt == 3 else (0,)) if wgt else ():
                    near = 0
                    if wgt == 3 and (arm[across[0]] or arm[across[1]]):
                        near = 1.5 if arm[across[off > 0]] else -1.5
                    c, half = (cx, CW / 2) if horiz else (cy, CH / 2)
                    a, b = sorted((c + sign * near, c + sign * half))
                    lines = segs.setdefault((fg, wgt, horiz, (cy if horiz else cx) + off), [])
                    if lines and a <= lines[-1][1] + 1e-6:
                        lines[-1][1] = max(lines[-1][1], b)
                    else:
                        lines.append([a, b])
    for (fg, wgt, horiz, fixed), lines in segs.items():
        d = "".join(f"M{num(a)} {num(fixed)}H{num(b)}" if horiz else
                    f"M{num(fixed)} {num(a)}V{num(b)}" for a, b in lines)
        out.append(f'<path d="{d}" stroke="{fg}" stroke-width="{STROKE[wgt]}" '
                   f'stroke-linecap="square"/>')
    out.extend(arcs)
    # Text: one <text> per row, one <tspan> per run of same-styled cells.
    for y, row in enumerate(grid):
        spans, run = [], None
        for x, (ch, style) in enumerate(row):
            drawn = ch and ch not in BOX and ch not in ROUND and not block_rect(ch)
            # Runs break at style changes and around anything outside the Latin and
            # punctuation ranges, whose width in a viewer's fallback font is unknown.
            plain = drawn and ord(ch[0]) < 0x2100 and len(ch) == 1
            if drawn and run and run[1] == style and run[3] and plain:
                run[2] += ch
            else:
                run = [x, style, ch, plain] if drawn else None
                if run:
                    spans.append(run)
        tspans = []
        for x, style, text, _ in spans:
            s = dict(zip(RESET, style))
            if not (s["under"] or s["strike"]):  # blanks: the background rects show them
                stripped = text.lstrip(" ")
                x, text = x + len(text) - len(stripped), stripped.rstrip(" ")
            if not text or s["hidden"]:
                continue
            fg, _ = colors(style)
            attrs = f' fill="{fg}"' if fg != FG else ""
            attrs += ' font-weight="bold"' if s["bold"] else ""
            attrs += ' fill-opacity="0.6"' if s["dim"] else ""
            attrs += ' font-style="italic"' if s["italic"] else ""
            deco = " ".join(d for d, on in (("underline", s["under"]),
                                             ("line-through", s["strike"])) if on)
            attrs += f' text-decoration="{deco}"' if deco else ""
            tspans.append(f'<tspan x="{num(x * CW)}"{attrs}>{html.escape(text, False)}</tspan>')
        if tspans:
            out.append(f'<text y="{num(y * CH + CH * 0.78)}" fill="{FG}">{"".join(tspans)}</text>')
    out.append("</g></svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--title", help="the SVG's <title> (shown as a tooltip)")
    args = ap.parse_args()
    data = sys.stdin.buffer.read().decode("utf-8", "replace")
    sys.stdout.write(render(parse(data, args.cols, args.rows), args.title))


if __name__ == "__main__":
    main()
