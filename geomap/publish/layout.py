"""Where each label goes on a static image: the eight positions around its point, the freest wins.

The page does the same in its script (geomap/publish/assets/page.js), where the browser measures the text and
the layout is redone at every zoom; an image has one scale, so it is done here once, with text widths
estimated from the font size. A label may not cover another label or a stop's marker; it avoids the route
and the image's edges where it can; when all eight places near its point are taken it moves farther out and
a leader line joins it to its point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DIRECTIONS = ((1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1), (0, -1), (0, 1))
WATER_DIRECTIONS = ((0, 1), (0, -1), (1, 0), (-1, 0))

Box = tuple[float, float, float, float]  # x, y, width, height


@dataclass(frozen=True, slots=True)
class Placed:
    """A label's box, and whether it sits out on a leader line (``ring`` > 0) or was left out (``shown``)."""

    box: Box
    ring: int
    shown: bool = True


def overlap(a: Box, b: Box) -> float:
    """The area two boxes share.

    >>> overlap((0, 0, 10, 10), (5, 5, 10, 10)), overlap((0, 0, 1, 1), (2, 2, 1, 1))
    (25, 0)
    """
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0


def candidate(x: float, y: float, d: tuple[int, int], dist: float, w: float, h: float) -> Box:
    """The box of a ``w`` by ``h`` label in direction ``d`` at ``dist`` from the point (x, y)."""
    bx = x + dist if d[0] > 0 else x - dist - w if d[0] < 0 else x - w / 2
    by = y + dist * 0.7 if d[1] > 0 else y - dist * 0.7 - h if d[1] < 0 else y - h / 2
    if d[0] and d[1]:
        bx -= d[0] * dist * 0.3
    return (bx, by, w, h)


def _cost(box: Box, placed: Sequence[Box], marks: Sequence[Box], route: Sequence[tuple[float, float]], frame: Box):
    hard = sum(overlap(box, p) for p in placed) + sum(overlap(box, m) for m in marks)
    crossing = sum(
        1 for qx, qy in route if box[0] - 2 < qx < box[0] + box[2] + 2 and box[1] - 2 < qy < box[1] + box[3] + 2
    )
    outside = box[2] * box[3] - overlap(box, frame)
    return hard, crossing + outside / 20


def place(
    point: tuple[float, float],
    size: tuple[float, float],
    *,
    radius: float,
    placed: Sequence[Box],
    marks: Sequence[Box],
    route: Sequence[tuple[float, float]],
    frame: Box,
    water: bool = False,
) -> Placed:
    """The best box for one label: free of other labels and markers first, then off the route and inside the
    frame, nearest its point.

    >>> place((50, 50), (40, 12), radius=10, placed=[], marks=[], route=[], frame=(0, 0, 200, 200)).box
    (64, 44.0, 40, 12)
    """
    rings = (radius + 3,) if water else (radius + 4, radius + 26, radius + 52, radius + 84)
    dirs = WATER_DIRECTIONS if water else DIRECTIONS
    best: tuple[tuple[bool, float], Box, int] | None = None
    for ri, dist in enumerate(rings):
        for di, d in enumerate(dirs):
            box = candidate(point[0], point[1], d, dist, size[0], size[1])
            hard, soft = _cost(box, placed, marks, route, frame)
            key = (hard > 0, hard * 1000 + soft * 6 + di + ri * 40)
            if best is None or key < best[0]:
                best = (key, box, ri)
        if best is not None and best[0] == (False, best[0][1]) and best[0][1] < (ri + 1) * 40:
            break  # free here, and nothing farther out can cost less
    assert best is not None
    return Placed(best[1], best[2], shown=not (water and best[0][0]))
