"""Figure-3-style report of word-problem sweeps (Merrill, Petty & Sabharwal 2024, Figure 3).

For every (group, architecture, length) the *minimum depth* is the smallest number of layers
whose held-out full-sequence accuracy exceeds the row's ``depth_threshold`` (a row's ``solved``
flag; with several seeds, the best seed counts). Where no tried depth succeeded the depth is
"> d" with ``d`` the deepest tried. The plot has one panel per group (minimum layers against
word length, one line per architecture; unsolved points sit one above the deepest tried, drawn
hollow); the markdown table puts the group's class from
:func:`statecheck.theory.algebra.classify` and the theory's verdict for each architecture beside
the measured depths.

The verdicts speak of *all lengths* (a fixed-depth model that solves every length); a sweep
measures finitely many lengths, so a measured depth that grows with length is *consistent with*
a "no" verdict, and a constant one-layer depth is *consistent with* a "yes", never a proof.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from statecheck.cli_support import atomic_write

__all__ = ["ARCH_VERDICTS", "DepthCell", "min_depths", "verdicts_for", "markdown", "plot",
           "write_report"]

#: Architecture → substrings of the ``architecture`` field of the classifier's verdicts that
#: speak about it.
ARCH_VERDICTS: dict[str, tuple[str, ...]] = {
    "rnn": ("RNN-SSM",), "lstm": ("RNN-SSM",), "gru": ("RNN-SSM",), "ids4": ("RNN-SSM",),
    "transformer": ("transformer / S4",), "s4": ("transformer / S4",),
    "mamba": ("transformer / S4 / S6", "non-negative"),
    "mamba_neg": ("transformer / S4 / S6", "[-1, 1]"),
}


@dataclass(frozen=True)
class DepthCell:
    """Measured depth of one (group, architecture, length).

    Attributes
    ----------
    group, arch : str
    length : int
    min_layers : int or None
        Smallest depth whose best seed exceeded the threshold; ``None`` if none did.
    deepest_tried : int
        Largest depth with a row.
    best_accuracy : float
        Best held-out sequence accuracy over every tried depth and seed (float).
    """

    group: str
    arch: str
    length: int
    min_layers: int | None
    deepest_tried: int
    best_accuracy: float

    def shown(self) -> str:
        """``"2"`` or ``"> 5"``."""
        return str(self.min_layers) if self.min_layers is not None else f"> {self.deepest_tried}"


def min_depths(records: list[dict[str, Any]]) -> list[DepthCell]:
    """One :class:`DepthCell` per (group, arch, length) present in ``records``, in first-seen order."""
    table: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for row in records:
        table.setdefault((row["group"], row["arch"], int(row["length"])), []).append(row)
    cells = []
    for (group, arch, length), rows in table.items():
        solved = [int(r["layers"]) for r in rows if r.get("solved")]
        cells.append(DepthCell(group=group, arch=arch, length=length,
                               min_layers=min(solved) if solved else None,
                               deepest_tried=max(int(r["layers"]) for r in rows),
                               best_accuracy=max(float(r["val_sequence_accuracy"]) for r in rows)))
    return cells


def verdicts_for(arch: str, classification: dict[str, Any]) -> list[dict[str, Any]]:
    """The classifier's verdicts (``classification["verdicts"]``) that concern ``arch``."""
    keys = ARCH_VERDICTS.get(arch, ())
    return [v for v in classification.get("verdicts", []) if any(k in v["architecture"] for k in keys)]


def _verdict_text(verdicts: list[dict[str, Any]]) -> str:
    if not verdicts:
        return "no verdict"
    words = {True: "yes", False: "no"}
    return "; ".join(f"{v['architecture']}: {words.get(v['expressible'], v['expressible'])}" for v in verdicts)


def _groups_in_order(cells: list[DepthCell]) -> list[str]:
    return list(dict.fromkeys(c.group for c in cells))


def markdown(records: list[dict[str, Any]]) -> str:
    """The markdown report: provenance, then per group its class and a table of architectures ×
    lengths with the theory's verdicts."""
    from statecheck.theory import algebra, groups

    cells = min_depths(records)
    devices = sorted({str(r.get("device_name", r.get("device", "?"))) for r in records})
    seeds = sorted({r.get("seed") for r in records}, key=str)
    thresholds = sorted({r.get("depth_threshold") for r in records}, key=str)
    seconds = sum(float(r.get("seconds", 0.0)) for r in records)
    lines = ["# Minimum depth for the word problem (Merrill, Petty & Sabharwal 2024, Figure 3 protocol)", "",
             f"{len(records)} runs; seeds {seeds}; solved = held-out full-sequence accuracy > "
             f"{', '.join(str(t) for t in thresholds)}; device(s) {', '.join(devices)}; "
             f"total training wall time {seconds:.1f} s.",
             "Cells read `d` (the fewest layers that solved it) or `> d` (none of the tried depths up to d did).",
             "Verdicts are about all lengths; a finite sweep can only be consistent with them.", ""]
    for group in _groups_in_order(cells):
        classification = algebra.classify(groups.get(group)).to_dict()
        lengths = sorted({c.length for c in cells if c.group == group})
        archs = list(dict.fromkeys(c.arch for c in cells if c.group == group))
        by_key = {(c.arch, c.length): c for c in cells if c.group == group}
        lines += [f"## {group}: class {classification['class']}, "
                  f"{'solvable' if classification['solvable'] else 'not solvable'}", "",
                  "| architecture | theory's verdict | " + " | ".join(f"k={k}" for k in lengths) + " |",
                  "|---|---|" + "---|" * len(lengths)]
        for arch in archs:
            shown = [by_key[(arch, k)].shown() if (arch, k) in by_key else "" for k in lengths]
            lines.append(f"| {arch} | {_verdict_text(verdicts_for(arch, classification))} | "
                         + " | ".join(shown) + " |")
        lines.append("")
    return "\n".join(lines)


def plot(records: list[dict[str, Any]], path: Path) -> Path:
    """Draw minimum layers against length, one panel per group, one line per architecture, to
    ``path`` (PNG, matplotlib Agg, written atomically)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    cells = min_depths(records)
    group_names = _groups_in_order(cells)
    figure, axes = plt.subplots(1, len(group_names), figsize=(4.2 * len(group_names) + 1.6, 3.6), squeeze=False,
                                sharey=True)
    ceiling = max(c.deepest_tried for c in cells) + 1
    for axis, group in zip(axes[0], group_names, strict=True):
        archs = list(dict.fromkeys(c.arch for c in cells if c.group == group))
        for index, arch in enumerate(archs):
            points = sorted((c for c in cells if c.group == group and c.arch == arch), key=lambda c: c.length)
            colour = f"C{index}"
            offset = (index - (len(archs) - 1) / 2) * 0.06  # small vertical offset so equal lines stay visible
            ys = [(c.min_layers if c.min_layers is not None else c.deepest_tried + 1) + offset for c in points]
            axis.plot([c.length for c in points], ys, "-", color=colour, label=arch, alpha=0.8)
            for c, y in zip(points, ys, strict=True):
                axis.plot(c.length, y, "o", color=colour, markerfacecolor=colour if c.min_layers else "none")
        axis.set_title(group)
        axis.set_xlabel("sequence length")
        axis.set_xticks(sorted({c.length for c in cells if c.group == group}))
        axis.set_ylim(0.5, ceiling + 0.5)
        axis.set_yticks(range(1, ceiling + 1), [*map(str, range(1, ceiling)), f"none\n≤ {ceiling - 1}"])
        axis.grid(alpha=0.3)
    axes[0][0].set_ylabel("min layers for > threshold\n(hollow: none of the tried depths)")
    axes[0][-1].legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.02, 1.0))
    figure.tight_layout()
    with atomic_write(path, "wb") as handle:
        figure.savefig(handle, format="png", dpi=110)
    plt.close(figure)
    return path


def write_report(records: list[dict[str, Any]], out_dir: Path) -> list[Path]:
    """Write ``word_problem_fig3.png`` and ``word_problem_fig3.md`` into ``out_dir``; return both paths.

    Raises
    ------
    BadParameterError
        No word-problem rows, or a row lacking ``group``, ``arch``, ``length``, ``layers`` or
        ``val_sequence_accuracy``.
    """
    from statecheck.errors import BadParameterError

    rows = [r for r in records if r.get("task", "word_problem") == "word_problem"]
    if not rows:
        raise BadParameterError("no word_problem rows to report")
    for number, row in enumerate(rows, start=1):
        missing = [k for k in ("group", "arch", "length", "layers", "val_sequence_accuracy") if k not in row]
        if missing:
            raise BadParameterError(f"word_problem row {number} lacks {missing}")
    out_dir = Path(out_dir)
    figure = plot(rows, out_dir / "word_problem_fig3.png")
    table = out_dir / "word_problem_fig3.md"
    with atomic_write(table) as handle:
        handle.write(markdown(rows) + "\n")
    return [figure, table]
