"""Hand-drawn coordinates of the body outline and the muscle shapes used by ``diagrams.py``.

Every shape is given for one half of the figure only: the half on the *viewer's right*,
in figure units with ``x`` measured outwards from the midline (x = 0) and ``y`` downwards
from the top of the head (y = 0, feet at about y = 538). The other half is its mirror image.
Which body side a half shows depends on the view: from behind, the viewer's right half is
the person's right; from the front, it is the person's left.

Shapes marked ``deep`` lie under other muscles; they are drawn as dashed outlines and only
filled when highlighted. ``midline`` shapes (the fasciae on the midline) are mirrored into one
symmetric shape with no side. Coordinates are our own drawing, proportioned on a figure of
about 7.7 head heights.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Point = tuple[float, float]
View = Literal["front", "back"]


@dataclass(frozen=True)
class Shape:
    """One drawn region: a muscle or structure id, the view it shows in, and its outline."""

    item: str
    view: View
    points: tuple[Point, ...]
    deep: bool = False
    midline: bool = False
    smooth: bool = True


# fmt: off
OUTLINE: tuple[Point, ...] = (
    # head, neck and shoulder
    (0, 0), (13, 2), (21, 10), (24, 24), (23, 40), (19, 54), (13, 63), (11, 72), (12, 80),
    (26, 88), (44, 94), (56, 98), (64, 106), (68, 120),
    # arm down the outside, round the hand, back up the inside
    (71, 140), (75, 165), (79, 190), (83, 212), (88, 235), (93, 260), (97, 285), (101, 298),
    (104, 312), (103, 326), (98, 332), (93, 326), (89, 312), (86, 298), (80, 272), (73, 246),
    (68, 222), (63, 200), (58, 178), (54, 160), (50, 149),
    # trunk
    (48, 165), (46, 185), (42, 210), (40, 228), (42, 242), (47, 258), (51, 276), (53, 294),
    # leg down the outside, round the foot, back up the inside
    (52, 320), (49, 348), (45, 376), (41, 398), (42, 412), (44, 432), (42, 458), (36, 484),
    (30, 506), (31, 516), (38, 528), (36, 536), (22, 538), (14, 534), (14, 520), (14, 505),
    (12, 480), (10, 455), (9, 430), (11, 408), (11, 396), (9, 370), (6, 340), (3, 312), (1, 302),
    (0, 300),
)
"""Half outline of the figure, clockwise from the top of the head to the crotch."""


def _s(item: str, view: View, *points: Point, deep: bool = False) -> Shape:
    return Shape(item=item, view=view, points=tuple(points), deep=deep)


def _mid(item: str, view: View, *points: Point, deep: bool = False, smooth: bool = False) -> Shape:
    return Shape(item=item, view=view, points=tuple(points), deep=deep, midline=True, smooth=smooth)


BACK: tuple[Shape, ...] = (
    _s("upper-trapezius", "back", (3, 74), (11, 76), (14, 84), (28, 90), (46, 96), (56, 100),
       (46, 106), (30, 108), (14, 110), (3, 112)),
    _s("middle-trapezius", "back", (3, 112), (14, 110), (30, 108), (46, 106), (50, 112),
       (42, 122), (24, 128), (8, 134), (3, 136)),
    _s("rhomboids", "back", (4, 138), (14, 134), (26, 130), (30, 140), (24, 158), (14, 172),
       (4, 176)),
    _s("lower-trapezius", "back", (30, 131), (41, 126), (38, 140), (28, 160), (16, 184),
       (6, 206), (3, 208), (3, 178), (14, 172), (24, 158), (30, 140)),
    _s("latissimus-dorsi", "back", (28, 160), (40, 151), (49, 149), (50, 160), (47, 180),
       (44, 205), (41, 228), (40, 244), (30, 247), (18, 230), (8, 215), (6, 208), (16, 184)),
    _s("deltoid", "back", (46, 97), (56, 98), (64, 104), (69, 118), (71, 136), (68, 150),
       (62, 140), (56, 124), (50, 112)),
    _s("triceps-brachii", "back", (58, 146), (66, 150), (72, 156), (78, 180), (82, 205),
       (76, 214), (70, 206), (64, 184), (59, 164)),
    _s("erector-spinae", "back", (3, 204), (8, 200), (14, 204), (17, 230), (18, 255),
       (15, 272), (9, 282), (3, 284)),
    _s("gluteus-medius", "back", (18, 262), (30, 252), (42, 248), (49, 258), (53, 276),
       (50, 284), (40, 276), (28, 272)),
    _s("gluteus-maximus", "back", (4, 300), (6, 288), (12, 280), (24, 273), (36, 276), (48, 284),
       (54, 298), (54, 314), (48, 328), (36, 338), (20, 340), (8, 334), (5, 322)),
    _s("iliotibial-band", "back", (48, 330), (52, 322), (49, 348), (45, 376), (41, 394),
       (37, 394), (41, 374), (44, 348)),
    _s("adductor-magnus", "back", (5, 334), (11, 337), (11, 350), (9, 372), (7, 372), (6, 352)),
    _s("semimembranosus", "back", (11, 340), (15, 341), (16, 366), (20, 390), (20, 402),
       (14, 404), (11, 390), (9, 372), (11, 350)),
    _s("semitendinosus", "back", (15, 341), (27, 340), (26, 360), (27, 386), (28, 400),
       (21, 404), (20, 390), (16, 366)),
    _s("biceps-femoris", "back", (27, 340), (38, 337), (45, 342), (44, 360), (40, 380),
       (36, 398), (30, 404), (28, 400), (27, 386), (26, 360)),
    _s("gastrocnemius", "back", (12, 410), (24, 408), (26, 430), (24, 452), (18, 462), (12, 452),
       (10, 430)),
    _s("gastrocnemius", "back", (26, 408), (37, 410), (40, 426), (38, 446), (30, 456),
       (26, 444), (26, 428)),
    _s("soleus", "back", (11, 456), (18, 464), (25, 454), (30, 458), (38, 448), (37, 470),
       (32, 488), (26, 494), (18, 490), (13, 478)),
    _s("peroneus-longus", "back", (41, 414), (43, 420), (44, 434), (42, 456), (39, 466),
       (38, 458), (40, 440), (40, 426)),
    # deep shapes: dashed unless highlighted
    _s("quadratus-lumborum", "back", (17, 222), (28, 226), (34, 238), (36, 252), (24, 256),
       (18, 248), deep=True),
    _s("multifidus", "back", (2, 246), (8, 244), (10, 270), (9, 292), (3, 298), (2, 280),
       deep=True),
    _s("gluteus-minimus", "back", (30, 262), (44, 256), (50, 266), (50, 280), (40, 276),
       (32, 270), deep=True),
    _s("piriformis", "back", (8, 290), (20, 286), (36, 290), (50, 294), (49, 300), (34, 298),
       (20, 298), (9, 300), deep=True),
    _s("deep-hip-rotators", "back", (10, 304), (24, 304), (40, 304), (50, 306), (49, 314),
       (36, 314), (20, 314), (10, 312), deep=True),
    _s("sacrotuberous-ligament", "back", (5, 294), (10, 293), (23, 323), (20, 328), (16, 326),
       deep=True),
    _s("sacroiliac-joint", "back", (8, 258), (13, 261), (14, 271), (11, 280), (7, 276),
       (7, 266), deep=True),
    # the diamond of the thoracolumbar fascia, drawn translucent over the low back
    _mid("thoracolumbar-fascia", "back", (0, 202), (14, 222), (29, 248), (20, 270), (8, 290),
         (0, 302)),
)
"""Back view: the viewer's right half is the person's right."""

FRONT: tuple[Shape, ...] = (
    _s("upper-trapezius", "front", (11, 78), (14, 84), (28, 90), (44, 95), (36, 98), (22, 96),
       (12, 90)),
    _s("pectoralis-major", "front", (3, 112), (18, 108), (36, 104), (50, 106), (56, 114),
       (56, 126), (50, 140), (40, 150), (26, 154), (12, 152), (3, 148)),
    _s("deltoid", "front", (46, 98), (56, 98), (64, 104), (69, 118), (71, 136), (68, 150),
       (62, 140), (57, 124), (54, 110)),
    _s("biceps-brachii", "front", (58, 142), (66, 146), (72, 156), (77, 180), (80, 204),
       (74, 214), (68, 204), (63, 182), (58, 162)),
    _s("forearm-flexors", "front", (70, 222), (80, 220), (88, 240), (92, 262), (93, 280),
       (88, 284), (82, 264), (75, 244)),
    _s("serratus-anterior", "front", (44, 152), (49, 152), (48, 165), (46, 185), (42, 194),
       (37, 186), (41, 180), (36, 172), (41, 166), (37, 159)),
    _s("rectus-abdominis", "front", (3, 158), (16, 156), (20, 162), (21, 190), (20, 220),
       (18, 250), (14, 276), (8, 290), (3, 292)),
    _s("external-oblique", "front", (21, 172), (34, 178), (40, 188), (44, 196), (42, 212),
       (40, 228), (42, 242), (38, 254), (28, 264), (20, 258), (19, 232), (20, 200)),
    _s("gluteus-medius", "front", (42, 246), (47, 255), (51, 272), (45, 266), (41, 256)),
    _s("tensor-fasciae-latae", "front", (44, 264), (50, 268), (53, 284), (52, 300), (47, 312),
       (43, 296), (42, 278)),
    _s("iliopsoas", "front", (16, 268), (26, 268), (32, 278), (30, 292), (24, 304), (18, 296),
       (15, 282)),
    _s("quadriceps", "front", (22, 308), (30, 298), (40, 294), (46, 306), (48, 320), (48, 340),
       (44, 366), (40, 386), (36, 396), (28, 398), (20, 396), (16, 384), (14, 360), (16, 336),
       (18, 320)),
    _s("iliotibial-band", "front", (48, 314), (52, 318), (50, 344), (46, 372), (42, 394),
       (39, 392), (43, 370), (47, 344)),
    _s("adductor-longus", "front", (3, 298), (10, 297), (18, 304), (20, 318), (16, 336),
       (12, 350), (8, 340), (5, 320)),
    _s("adductor-magnus", "front", (7, 344), (12, 352), (15, 366), (16, 384), (13, 394),
       (10, 380), (8, 360)),
    _s("tibialis-anterior", "front", (24, 414), (32, 414), (34, 432), (31, 460), (28, 484),
       (25, 492), (24, 470), (24, 440)),
    _s("peroneus-longus", "front", (35, 416), (40, 416), (42, 432), (39, 454), (34, 470),
       (33, 460), (35, 440)),
    _s("gastrocnemius", "front", (10, 414), (15, 414), (16, 436), (14, 456), (11, 450),
       (9, 432)),
    _s("soleus", "front", (12, 458), (16, 462), (18, 480), (16, 494), (14, 484), (12, 470)),
    # deep shapes
    _s("internal-oblique", "front", (20, 218), (38, 220), (42, 240), (34, 256), (22, 260),
       (19, 240), deep=True),
    _s("transversus-abdominis", "front", (18, 232), (40, 234), (40, 250), (30, 264), (18, 270),
       (17, 250), deep=True),
    _s("gluteus-minimus", "front", (40, 256), (48, 262), (50, 276), (44, 272), deep=True),
    _s("adductor-brevis", "front", (4, 300), (14, 302), (16, 316), (10, 326), (5, 314),
       deep=True),
    # the linea alba and anterior abdominal fascia on the midline
    _mid("anterior-abdominal-fascia", "front", (0, 152), (1.8, 155), (1.8, 288), (0, 292)),
)
"""Front view: the viewer's right half is the person's left."""

# fmt: on

SHAPES: tuple[Shape, ...] = FRONT + BACK
