"""Device choice and the environment record kept in every result row."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

import torch

from statecheck.errors import BadParameterError, StatecheckError

__all__ = ["DeviceUnavailableError", "DEVICE_CHOICES", "resolve_device", "environment", "device_name"]

#: Values accepted by ``--device``.
DEVICE_CHOICES = ("auto", "cpu", "cuda")


class DeviceUnavailableError(StatecheckError):
    """A device was asked for that this machine does not have (``--device cuda`` without CUDA)."""


def resolve_device(choice: str) -> str:
    """``"cpu"`` or ``"cuda"`` for ``choice`` in :data:`DEVICE_CHOICES` (``auto``: CUDA if present).

    Raises
    ------
    BadParameterError
        An unknown choice.
    DeviceUnavailableError
        ``"cuda"`` on a machine without a CUDA device.
    """
    if choice not in DEVICE_CHOICES:
        raise BadParameterError(f"unknown device {choice!r}; expected one of {list(DEVICE_CHOICES)}")
    if choice == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if choice == "cuda" and not torch.cuda.is_available():
        raise DeviceUnavailableError("device 'cuda' was asked for but torch sees no CUDA device here; "
                                     "use --device cpu or --device auto")
    return choice


def device_name(device: str) -> str:
    """A readable name: the GPU model for ``cuda``, the processor and thread count for ``cpu``."""
    if device == "cuda":
        return f"cuda:{torch.cuda.get_device_name(0)}"
    processor = platform.processor() or platform.machine()
    return f"cpu:{processor} ({torch.get_num_threads()} threads)"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover - every package here is installed
        return "unknown"


def environment() -> dict[str, str]:
    """Versions of python, torch, numpy and statecheck (recorded in every result row)."""
    return {"python": sys.version.split()[0], "torch": torch.__version__,
            "numpy": _version("numpy"), "statecheck": _version("statecheck"),
            "cuda": torch.version.cuda or "none"}
