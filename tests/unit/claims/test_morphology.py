"""Arabic clitics and function words, in the shapes the tokenizer, parser and frame read."""

from __future__ import annotations

import re

import pytest

from streams.claims import morphology
from streams.text.normalize import fold


@pytest.mark.parametrize(
    "chain", ["", "و", "ف", "ب", "ك", "ل", "ال", "بال", "كال", "لل", "وبال", "ولل", "فال"]
)
def test_every_chain_of_glued_prefixes_is_known(chain: str) -> None:
    assert chain in morphology.PROCLITICS
    assert re.fullmatch(morphology.PROCLITIC, chain)


@pytest.mark.parametrize("chain", ["لال", "الو", "بو", "وو", "الب"])
def test_prefixes_out_of_order_or_uncontracted_are_not_chains(chain: str) -> None:
    assert chain not in morphology.PROCLITICS
    assert not re.fullmatch(morphology.PROCLITIC, chain)


def test_a_chain_comes_before_the_longer_chains_it_starts() -> None:
    order = {chain: index for index, chain in enumerate(morphology.PROCLITICS)}
    for chain in morphology.PROCLITICS:
        for longer in morphology.PROCLITICS:
            if longer != chain and longer.startswith(chain):
                assert order[chain] < order[longer], (chain, longer)


@pytest.mark.parametrize(
    ("chain", "role"),
    [("ب", "at"), ("وبال", "at"), ("فب", "at"), ("ل", "to"), ("لل", "to"), ("ولل", "to")],
)
def test_a_chain_with_a_preposition_carries_its_role(chain: str, role: str) -> None:
    assert morphology.CHAIN_ROLES[chain] == role


@pytest.mark.parametrize("chain", ["و", "ال", "وال", "ك", "كال"])
def test_a_chain_without_a_placing_preposition_has_no_role(chain: str) -> None:
    assert chain not in morphology.CHAIN_ROLES


def test_only_conjunctions_and_prepositions_glue_to_digits() -> None:
    assert {"و", "ب", "وب", "فل"} <= morphology.GLUED_TO_DIGITS
    assert not any(morphology.ARTICLE in chain for chain in morphology.GLUED_TO_DIGITS)


def test_pronoun_suffixes_are_longest_first() -> None:
    lengths = [len(suffix) for suffix in morphology.PRONOUN_SUFFIXES]
    assert lengths == sorted(lengths, reverse=True)


@pytest.mark.parametrize(
    ("words", "word"),
    [
        (morphology.TO_WORDS, "إلى"),
        (morphology.TO_WORDS, "towards"),
        (morphology.FROM_WORDS, "من"),
        (morphology.AND_WORDS, "أو"),
        (morphology.BEFORE_BLOCKERS, "سنة"),
        (morphology.BEFORE_BLOCKERS, "since"),
    ],
)
def test_function_words_are_folded_like_the_text_they_match(
    words: frozenset[str], word: str
) -> None:
    assert fold(word) in words
