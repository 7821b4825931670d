"""Speed of one small job (session 28): work a start repeats that it need not."""

from __future__ import annotations

import gc

import pytest

from analyzer import collector


def test_the_gates_own_freeze_is_known_without_counting_frozen_objects(monkeypatch: pytest.MonkeyPatch) -> None:
    # gc.get_freeze_count walks every frozen object (~90 000 after the CLI's imports).
    def counted() -> int:
        raise AssertionError("frozen objects counted")

    monkeypatch.setitem(collector._state, "frozen", True)
    monkeypatch.setattr(gc, "get_freeze_count", counted)
    assert collector.freezable()


def test_someone_elses_freeze_still_stops_the_analysis_from_freezing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(collector._state, "frozen", False)
    monkeypatch.setattr(gc, "get_freeze_count", lambda: 5)
    assert not collector.freezable()
