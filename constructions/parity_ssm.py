"""PARITY with a negative eigenvalue, and counting mod k with a cyclic permutation matrix.

Sources: Sarrof, Veitsman & Hahn 2024, *The Expressive Capacity of State Space Models: A Formal
Language Perspective* (NeurIPS), Theorem 2 and its discussion (PARITY needs ``A < 0``); Grazzi
et al. 2025, *Unlocking State-Tracking in Linear RNNs Through Negative Eigenvalues* (ICLR),
Theorems 1–2 (eigenvalue ``−1`` gives parity; counting mod ``k ≥ 3`` needs non-real
eigenvalues, e.g. a rotation or a permutation matrix).

Languages (the catalogue's): ``parity`` — words over ``{0, 1}`` with an even number of ``1``;
``mod`` (k) — words over ``{0, 1}`` whose number of ``1`` is ``≡ 0 (mod k)``.

Weights of :func:`parity_ssm` (one layer, dim 1, diagonal)::

    A(BOS) = 0,  B(BOS) = 1          → h = 1 after BOS
    A("0") = 1,  A("1") = −1,  B = 0 → h_t = (−1)^{#1}
    unit  H(h − 0);  accept ⇔ the unit fires (h = +1 ⇔ #1 even)

Weights of :func:`mod_counter_ssm` (one layer, dim k, matrix)::

    A(BOS) = 0 (the zero matrix),  B(BOS) = e_0          → h = e_0
    A("0") = I,  A("1") = P with P[i][j] = 1 iff i ≡ j + 1 (mod k),  B = 0
                                                         → h_t = e_{#1 mod k}
    unit  H(h_0 − 1/2);  accept ⇔ the unit fires (#1 ≡ 0 mod k)

``P`` is entrywise non-negative, but its eigenvalues are the k-th roots of unity (``−1`` for even
``k``, non-real ones for ``k ≥ 3``): the layer reports ``nonnegative = False``, which is the
point of Grazzi et al.'s result.
"""

from __future__ import annotations

from fractions import Fraction

from statecheck.constructions.ssm import BOS, SSMLayer, SSMStack, Threshold
from statecheck.errors import BadParameterError

__all__ = ["parity_ssm", "mod_counter_ssm", "PARITY_ALPHABET", "MAX_MOD"]

PARITY_ALPHABET = ("0", "1")
#: Largest modulus :func:`mod_counter_ssm` builds (its state is a k-dimensional one-hot vector).
MAX_MOD = 64


def parity_ssm() -> SSMStack:
    """One diagonal layer with ``A("1") = −1`` recognising PARITY at every length.

    Weights are in the module docstring (Sarrof et al. 2024, Thm 2 discussion; Grazzi et al.
    2025, Thm 1).

    Returns
    -------
    SSMStack
        Recognition semantics (``accepts``); ``nonnegative`` is False.

    Examples
    --------
    >>> parity_ssm().accepts(["1", "0", "1"])
    True
    """
    layer = SSMLayer(
        name="sign",
        inputs=(BOS, *PARITY_ALPHABET),
        dim=1,
        A={BOS: (0,), "0": (1,), "1": (-1,)},
        B={BOS: (1,), "0": (0,), "1": (0,)},
        features=lambda u: [Threshold(0, 1, 0)],
        decide=lambda u, bits: bool(bits[0]),
    )
    return SSMStack(name="parity_ssm", alphabet=PARITY_ALPHABET, layers=(layer,),
                    semantics="recognition", language=("parity", {}),
                    memory="1 state coordinate in {-1, +1} (1 bit)")


def mod_counter_ssm(k: int = 3) -> SSMStack:
    """One matrix layer (a cyclic permutation) counting ``1``s modulo ``k`` at every length.

    Parameters
    ----------
    k : int
        The modulus, ``1 ≤ k ≤`` :data:`MAX_MOD`.

    Returns
    -------
    SSMStack
        Recognition semantics: accept iff ``#1 ≡ 0 (mod k)``. ``nonnegative`` is False for
        ``k ≥ 2`` (eigenvalues are the k-th roots of unity).

    Raises
    ------
    BadParameterError
        ``k < 1``, ``k > MAX_MOD`` or not an integer.

    Examples
    --------
    >>> mod_counter_ssm(3).accepts(["1", "1", "0", "1"])
    True
    """
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise BadParameterError(f"k must be an integer >= 1, got {k!r}")
    if k > MAX_MOD:
        raise BadParameterError(f"k={k} is too large: at most {MAX_MOD} (the state is k-dimensional)")
    identity = tuple(tuple(int(i == j) for j in range(k)) for i in range(k))
    shift = tuple(tuple(int(i == (j + 1) % k) for j in range(k)) for i in range(k))
    zero = tuple((0,) * k for _ in range(k))
    layer = SSMLayer(
        name="cycle",
        inputs=(BOS, *PARITY_ALPHABET),
        dim=k,
        diagonal=False,
        A={BOS: zero, "0": identity, "1": shift},
        B={BOS: (1,) + (0,) * (k - 1), "0": (0,) * k, "1": (0,) * k},
        features=lambda u: [Threshold(0, 1, Fraction(1, 2))],
        decide=lambda u, bits: bool(bits[0]),
    )
    return SSMStack(name="mod_counter_ssm", alphabet=PARITY_ALPHABET, layers=(layer,),
                    semantics="recognition", language=("mod", {"k": k}),
                    memory=f"{k} state coordinates: a one-hot vector of #1 mod {k}")
