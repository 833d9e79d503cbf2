"""Channel labelling: which muscle and side an EMG channel records.

Convention (documented in ``docs/signals-emg.md``)
-------------------------------------------------
A channel name is split into words: at separators (space, ``_``, ``-``, ``.``,
``/``), at lower→upper case changes (``RGluteusMaximus`` → ``R Gluteus Maximus``)
and between letters and digits. Words ``emg``, ``ch``/``channel`` and bare numbers are
ignored. A *side* word is one of ``l, lt, left, sx, izq`` / ``r, rt, right, dx, der``,
anywhere in the name; a one-letter side glued to a muscle abbreviation in capitals
(``RGMAX``, ``LES``) also counts. What remains must be a known muscle alias (see
:data:`MUSCLE_ALIASES`, e.g. ``gmax``, ``glut max``, ``bf``, ``st``, ``es``, ``lats``).

Names that do not follow the convention are *reported*, never guessed: they come back
in :attr:`LabelResult.unknown` and a :class:`~slingcoach.signals.recording.RecordingWarning`
is issued. An override mapping (from a YAML/JSON file read by
:func:`slingcoach.signals.io.read_label_overrides`) wins over the convention.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from slingcoach.errors import InvalidInputError
from slingcoach.signals.recording import ChannelLabel, Recording, RecordingWarning

#: Muscle ids of the anatomy contract (docs/architecture.md, "Muscles").
MUSCLE_IDS: tuple[str, ...] = (
    "gluteus-maximus",
    "gluteus-medius",
    "gluteus-minimus",
    "tensor-fasciae-latae",
    "piriformis",
    "deep-hip-rotators",
    "biceps-femoris",
    "semitendinosus",
    "semimembranosus",
    "adductor-magnus",
    "adductor-longus",
    "adductor-brevis",
    "quadriceps",
    "iliopsoas",
    "erector-spinae",
    "multifidus",
    "quadratus-lumborum",
    "latissimus-dorsi",
    "upper-trapezius",
    "middle-trapezius",
    "lower-trapezius",
    "rhomboids",
    "serratus-anterior",
    "external-oblique",
    "internal-oblique",
    "transversus-abdominis",
    "rectus-abdominis",
    "gastrocnemius",
    "soleus",
    "peroneus-longus",
    "tibialis-anterior",
    "pectoralis-major",
    "deltoid",
    "biceps-brachii",
    "triceps-brachii",
    "forearm-flexors",
)

#: Aliases per muscle id (lowercase words joined by one space). The id itself with
#: spaces for hyphens is always an alias. Ambiguous short forms are left out on
#: purpose ("gm" is gluteus maximus *or* medius *or* medial gastrocnemius; "lt" is a side).
MUSCLE_ALIASES: dict[str, tuple[str, ...]] = {
    "gluteus-maximus": (
        "gmax",
        "glmax",
        "glut max",
        "glute max",
        "gluteal max",
        "gluteus max",
        "glutmax",
        "glutemax",
        "gluteus maximus",
        "gmaxi",
    ),
    "gluteus-medius": ("gmed", "glmed", "glut med", "glute med", "gluteus med", "glutmed"),
    "gluteus-minimus": ("gmin", "glut min", "glute min"),
    "tensor-fasciae-latae": ("tfl", "tensor fascia latae", "tensor fasciae lata"),
    "biceps-femoris": (
        "bf",
        "bfem",
        "bic fem",
        "biceps fem",
        "biceps femoral",
        "lat ham",
        "lateral hamstring",
        "lateral hamstrings",
        "bfl",
    ),
    "semitendinosus": (
        "st",
        "semitend",
        "semiten",
        "semitendinoso",
        "med ham",
        "medial hamstring",
        "medial hamstrings",
    ),
    "semimembranosus": ("sm", "semimem", "semimembranoso"),
    "adductor-magnus": ("add mag", "adductor mag"),
    "adductor-longus": ("add long", "adductor long"),
    "quadriceps": (
        "quad",
        "quads",
        "rf",
        "rectus femoris",
        "recto femoral",
        "vm",
        "vmo",
        "vastus medialis",
        "vasto medial",
        "vastus internus",
        "vl",
        "vastus lateralis",
        "vasto lateral",
    ),
    "iliopsoas": ("psoas", "iliacus"),
    "erector-spinae": (
        "es",
        "erector",
        "erectors",
        "erector spinae",
        "lumbar es",
        "thoracic es",
        "lumbar erector spinae",
        "iliocostalis",
        "longissimus",
        "paraspinal",
        "paraspinals",
    ),
    "multifidus": ("mf", "lmf", "multi"),
    "quadratus-lumborum": ("ql",),
    "latissimus-dorsi": (
        "ld",
        "lat",
        "lats",
        "latissimus",
        "lat dorsi",
        "latdorsi",
        "latissimus dorsi",
    ),
    "upper-trapezius": ("ut", "utrap", "upper trap", "trap sup"),
    "middle-trapezius": ("mtrap", "middle trap", "mid trap"),
    "lower-trapezius": ("ltrap", "lower trap", "low trap"),
    "rhomboids": ("rhomboid", "rhomb"),
    "serratus-anterior": ("sa", "serratus"),
    "external-oblique": ("eo", "ext obl", "extobl", "external obliques"),
    "internal-oblique": ("io", "int obl", "intobl", "internal obliques"),
    "transversus-abdominis": ("tra", "tva", "transversus", "transverse abdominis"),
    "rectus-abdominis": ("ra", "rect abd", "rectabd", "abs"),
    "gastrocnemius": (
        "gas",
        "gastroc",
        "gastroc med",
        "gastroc lat",
        "mg",
        "lg",
        "gastrocnemius medialis",
        "gastrocnemius lateralis",
    ),
    "soleus": ("sol",),
    "peroneus-longus": ("pl", "peroneus", "peroneal", "fibularis longus"),
    "tibialis-anterior": ("ta", "tib ant", "tibant", "tibialis"),
    "pectoralis-major": ("pec", "pecs", "pect", "pectoralis"),
    "deltoid": ("delt", "delts", "anterior deltoid", "posterior deltoid", "middle deltoid"),
    "biceps-brachii": ("bb", "biceps", "bic"),
    "triceps-brachii": ("tb", "triceps", "tric"),
    "forearm-flexors": ("ff", "fcr", "fcu", "wrist flexors"),
}

_LEFT_WORDS = frozenset({"l", "lt", "left", "sx", "izq", "izquierdo", "links"})
_RIGHT_WORDS = frozenset({"r", "rt", "right", "dx", "der", "derecho", "rechts"})
_IGNORED_WORDS = frozenset({"emg", "semg", "ch", "channel", "muscle", "raw", "m"})


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for muscle in MUSCLE_IDS:
        lookup[muscle.replace("-", " ")] = muscle
        lookup[muscle.replace("-", "")] = muscle
    for muscle, aliases in MUSCLE_ALIASES.items():
        for alias in aliases:
            lookup[alias] = muscle
            lookup[alias.replace(" ", "")] = muscle
    return lookup


_LOOKUP = _build_lookup()


@dataclass(frozen=True)
class LabelResult:
    """Labels found for a set of channel names.

    ``labels`` holds the channels that were recognised (or overridden); ``unknown``
    lists the names that followed no convention, in input order; ``origin`` says per
    labelled channel whether the label came from ``"convention"`` or ``"override"``.
    """

    labels: dict[str, ChannelLabel] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    origin: dict[str, str] = field(default_factory=dict)


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    spaced = re.sub(r"([A-Z])([A-Z][a-z])", r"\1 \2", spaced)
    spaced = re.sub(r"([A-Za-z])(\d)|(\d)([A-Za-z])", r"\1\3 \2\4", spaced)
    return [w for w in re.split(r"[^0-9a-z]+", spaced.lower()) if w]


def parse_channel_name(name: str) -> ChannelLabel | None:
    """The (muscle, side) a channel name encodes by the convention, or ``None``.

    >>> parse_channel_name("R_GMAX")
    ChannelLabel(muscle='gluteus-maximus', side='right', plate=None)
    >>> parse_channel_name("LT LATS").side
    'left'
    >>> parse_channel_name("Knee angle") is None
    True
    """
    words = [w for w in _words(name) if w not in _IGNORED_WORDS and not w.isdigit()]
    sides = {"left" for w in words if w in _LEFT_WORDS} | {
        "right" for w in words if w in _RIGHT_WORDS
    }
    rest = [w for w in words if w not in _LEFT_WORDS and w not in _RIGHT_WORDS]
    if len(sides) > 1:
        return None
    side = next(iter(sides)) if sides else None
    muscle = _LOOKUP.get(" ".join(rest)) or _LOOKUP.get("".join(rest))
    if muscle is None and side is None and len(rest) == 1 and rest[0][:1] in {"l", "r"}:
        # a side letter glued to an abbreviation in capitals: "RGMAX", "LES"
        muscle = _LOOKUP.get(rest[0][1:])
        if muscle is not None:
            side = "left" if rest[0][0] == "l" else "right"
    if muscle is None:
        return None
    return ChannelLabel(muscle=muscle, side=side)


def parse_label_overrides(
    mapping: Mapping[str, Any], *, source: str = "<overrides>"
) -> dict[str, ChannelLabel]:
    """Validate an override mapping ``channel → {muscle, side}`` (or ``"side muscle"``).

    Raises :class:`InvalidInputError` naming the channel when the muscle id or side is
    not a known one.
    """
    if not isinstance(mapping, Mapping):
        raise InvalidInputError(
            f"label overrides must be a mapping of channel name to muscle/side, got {type(mapping).__name__}",
            source=source,
        )
    out: dict[str, ChannelLabel] = {}
    for channel, value in mapping.items():
        where = f"channel {channel!r}"
        if isinstance(value, str):
            words = value.replace(",", " ").split()
            side_words = [w for w in words if w.lower() in {"left", "right"}]
            muscle_words = [w for w in words if w.lower() not in {"left", "right"}]
            muscle = " ".join(muscle_words)
            side = side_words[0].lower() if side_words else None
        elif isinstance(value, Mapping):
            muscle = str(value.get("muscle", ""))
            raw_side = value.get("side")
            side = None if raw_side in (None, "", "none") else str(raw_side).lower()
        else:
            raise InvalidInputError(
                f"expected {{muscle: <id>, side: left|right}} or 'right gluteus-maximus', got {value!r}",
                source=source,
                location=where,
            )
        muscle_id = muscle.strip().lower().replace(" ", "-").replace("_", "-")
        if muscle_id not in MUSCLE_IDS:
            resolved = _LOOKUP.get(muscle.strip().lower().replace("-", " ").replace("_", " "))
            if resolved is None:
                raise InvalidInputError(
                    f"unknown muscle {muscle!r}; use an anatomy id such as gluteus-maximus, "
                    "biceps-femoris, semitendinosus, erector-spinae, latissimus-dorsi",
                    source=source,
                    location=where,
                )
            muscle_id = resolved
        if side not in (None, "left", "right"):
            raise InvalidInputError(
                f"side must be 'left' or 'right', got {side!r}", source=source, location=where
            )
        out[str(channel)] = ChannelLabel(muscle=muscle_id, side=side)
    return out


def label_channels(
    names: Iterable[str],
    /,
    *,
    overrides: Mapping[str, ChannelLabel] | None = None,
    skip: Iterable[str] = (),
    warn: bool = True,
) -> LabelResult:
    """Label channel names by the convention, with ``overrides`` winning.

    Names in ``skip`` (non-EMG channels such as a knee angle) are neither labelled nor
    reported. Unknown names are listed in the result and, when ``warn``, announced with
    one :class:`RecordingWarning`.
    """
    overrides = dict(overrides or {})
    skipped = set(skip)
    result = LabelResult()
    for name in names:
        if name in overrides:
            result.labels[name] = overrides[name]
            result.origin[name] = "override"
            continue
        if name in skipped:
            continue
        label = parse_channel_name(name)
        if label is None:
            result.unknown.append(name)
        else:
            result.labels[name] = label
            result.origin[name] = "convention"
    if result.unknown and warn:
        warnings.warn(
            "no muscle/side recognised for channel(s) "
            + ", ".join(repr(n) for n in result.unknown)
            + "; name them like 'R_GMAX' or 'left biceps femoris', or give an override file",
            RecordingWarning,
            stacklevel=2,
        )
    return result


def emg_label(
    recording: Recording,
    /,
    *,
    overrides: Mapping[str, ChannelLabel] | None = None,
    skip: Iterable[str] = (),
    warn: bool = True,
) -> tuple[Recording, list[str]]:
    """A copy of ``recording`` with muscle/side labels set; also the unknown channel names.

    Existing labels with a muscle are kept unless an override names the channel.
    """
    existing = {k: v for k, v in recording.labels.items() if v.muscle or v.plate}
    todo = [n for n in recording.channels if n not in existing or n in (overrides or {})]
    found = label_channels(todo, overrides=overrides, skip=skip, warn=warn)
    from dataclasses import replace

    labels = {**existing, **found.labels}
    return replace(recording, labels=labels), found.unknown
