"""The language catalogue, its algebra, and what each architecture can express.

Every regular language has a *syntactic monoid*: the transformations its minimal DFA's states
undergo when a word is read. Its algebra decides the language's complexity:

* aperiodic monoid (no non-trivial group inside)  ⇔  star-free  ⇒  AC0
  (Schützenberger 1965; McNaughton & Papert 1971)
* every group inside solvable                      ⇒  ACC0      (Barrington & Thérien 1988)
* a non-solvable group inside (A5, S5, …)          ⇒  NC1-complete (Barrington 1989)

and the state-tracking theorems turn that into verdicts about models:

* Sarrof, Veitsman & Hahn 2024, Thm 4: SSMs with non-negative gates at finite precision
  (Mamba-style) recognise exactly the star-free languages — so not PARITY (Thm 2);
* Merrill, Petty & Sabharwal 2024, §4: transformers, S4 and S6 of fixed depth are in TC0, so
  they cannot express an NC1-complete problem unless TC0 = NC1;
* Merrill et al. 2024, Thm 5.1/5.2: a one-layer RNN-SSM or WFA-SSM recognises every regular
  language.

This script prints the catalogue as a table (parameters at their defaults), then looks inside
one monoid — PARITY's — to show the group that makes it non-star-free.

Run:  python examples/01_languages_and_classes.py
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from statecheck.theory import algebra, languages

SYMBOL = {True: "yes", False: "no", "open": "open"}


def catalogue_table() -> Table:
    """One row per catalogue language: alphabet, class, monoid size and the four verdicts."""
    table = Table(title="statecheck's language catalogue (default parameters)")
    for column in ("language", "alphabet", "family", "monoid", "class", "Mamba ≥0",
                   "SSM [-1,1]", "TF/S4/S6", "RNN/WFA"):
        table.add_column(column, overflow="fold")
    for name in languages.names():
        language = languages.get(name, **languages.default_params(name))
        result = algebra.classify(language)
        verdicts = [SYMBOL[v.expressible] for v in result.verdicts]
        alphabet = " ".join(language.alphabet)
        if len(alphabet) > 18:
            alphabet = alphabet[:16] + " …"
        table.add_row(language.label, alphabet, language.family,
                      "—" if result.monoid_size is None else str(result.monoid_size),
                      result.class_, *verdicts)
    return table


def look_inside_parity(console: Console) -> None:
    """Print PARITY's monoid element by element and the group it contains."""
    monoid = algebra.transition_monoid(languages.get("parity").dfa, alphabet=("0", "1"))
    console.print("\n[bold]Inside PARITY's monoid[/] (states of its minimal DFA: "
                  f"{', '.join(map(str, monoid.states))})")
    for element, word in zip(monoid.elements, monoid.words, strict=True):
        shown = " ".join(word) or "ε"
        console.print(f"  word {shown:>3}  sends states {list(range(len(element)))} to {list(element)}")
    for subgroup in monoid.maximal_subgroups():
        console.print(f"  maximal subgroup at the idempotent '{' '.join(subgroup.word) or 'ε'}': "
                      f"order {subgroup.order} — reading '1' swaps the two states forever, a copy "
                      f"of Z2, so x^n never settles: the monoid is not aperiodic.")
    console.print("  A non-negative SSM at finite precision ends up in a fixed state on 1ⁿ "
                  "(Sarrof Thm 2), so it cannot follow this swap; a gate A(1) = −1 can.")


def main() -> None:
    """Print the catalogue and the PARITY example."""
    console = Console(width=140)
    console.print(catalogue_table())
    console.print("Columns: the verdict of each theorem — yes / no / open (the theorem says "
                  "nothing either way). Counter languages are not regular: finite-precision "
                  "models are finite-state, so they are out; counters at log precision do it.")
    look_inside_parity(console)


if __name__ == "__main__":
    main()
