"""Where a model runs and in which precision: the one place that decides it.

``auto`` means bfloat16 wherever the hardware computes it natively (a CUDA GPU
with bf16 support; an x86 CPU with AVX512-BF16 or AMX), float32 elsewhere. On a
CPU without those instructions bf16 is emulated and slower than float32, which
is why ``auto`` checks the instructions rather than only the device type.
"""

from __future__ import annotations

DTYPES = ("auto", "float32", "bfloat16")
# Evaluation scores in float32 so every machine reports the same figures for a model: in bf16 the
# last digits of a score depend on the hardware and on which texts share a batch.
SCORE_DTYPE = "float32"


class DeviceError(ValueError):
    """A device or precision this machine cannot run."""


def default_device() -> str:
    """``cuda`` when a GPU is visible, else ``cpu``."""
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def check_device(device: str) -> str:
    """``device`` if this machine has it, else a :class:`DeviceError` saying what it has."""
    import torch

    try:
        parsed = torch.device(device)
    except (RuntimeError, ValueError):
        raise DeviceError(f"unknown device {device!r}: use cpu, cuda or cuda:N") from None
    if parsed.type == "cuda":
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if count == 0:
            raise DeviceError(f"device {device!r} asked for, but this machine has no usable CUDA GPU "
                              f"(torch {torch.__version__}); use --device cpu")
        if parsed.index is not None and parsed.index >= count:
            raise DeviceError(f"device {device!r} asked for, but this machine has {count} CUDA GPU(s)")
    return device


def has_fast_bf16(device: str) -> bool:
    """Whether ``device`` computes bfloat16 matrix products natively."""
    import torch

    if device.startswith("cuda"):
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    if device == "cpu":
        checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")  # private, hence the getattr
        return torch.backends.mkldnn.is_available() and any(getattr(torch.cpu, name, lambda: False)()
                                                             for name in checks)
    return False


def dtype_name(dtype) -> str:
    """``torch.bfloat16`` → ``bfloat16``."""
    return str(dtype).removeprefix("torch.")


def resolve_dtype(device: str, dtype: str = "auto"):
    """The torch dtype for inference on ``device``: ``auto``, ``float32`` or ``bfloat16``."""
    import torch

    if dtype not in DTYPES:
        raise DeviceError(f"unknown dtype {dtype!r}; choose one of {', '.join(DTYPES)}")
    if dtype == "auto":
        dtype = "bfloat16" if has_fast_bf16(device) else "float32"
    return getattr(torch, dtype)
