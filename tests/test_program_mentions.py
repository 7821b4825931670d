"""Program.mentioning finds the modules whose text holds a word: past the first few words through an index
of the texts' words, which must find exactly the texts a plain search of each finds."""

from __future__ import annotations

import random

from analyzer.engine.program import _SCANS, Program

# word bytes (ASCII, UTF-8 of `é`), separators, and a NUL (which the index joins words with)
ALPHABET = [b"a", b"b", b"_", b"1", b"\xc3", b"\xa9", b".", b" ", b"(", b"\0"]


def _text(rng: random.Random, longest: int) -> bytes:
    return b"".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, longest)))


def test_the_word_index_finds_the_texts_a_plain_search_finds() -> None:
    rng = random.Random(7)
    for _ in range(60):
        sources = {f"pkg/m{i}.py": _text(rng, 60) for i in range(rng.randint(1, 25))}
        program = Program(sources, lambda *args: None)
        words = [_text(rng, 4).decode("utf-8", "replace") for _ in range(_SCANS + 40)]
        for word in words:
            needle = word.encode()
            expected = sorted(p for p, data in sources.items() if needle in data and p != "pkg/m0.py")
            program.mentioning(word, "pkg/m0.py")
            assert [p for p in program._mentions[word] if p != "pkg/m0.py"] == expected, (word, sources)
