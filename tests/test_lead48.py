"""Session 48 (lead): logging's names of the process's streams in a settings file are not network locations.

A copy of NVFlare's own default logging config (nvflare/fuel/utils/log_config.json) escalated on
`"stream": "ext://sys.stdout"` alone, read as a URL to another machine (config-attack.file-network-location)."""

from __future__ import annotations

import json

import pytest

from analyzer.model import Decision
import redteam_kit as kit

TRAIN = "import nvflare.client as flare\nflare.init()\nwhile flare.is_running():\n    m = flare.receive()\n    flare.send(m)\n"


def _log_config(stream: str) -> str:
    return json.dumps({"version": 1, "formatters": {"f": {"format": "%(asctime)s - %(message)s"}},
                       "handlers": {"h": {"class": "logging.StreamHandler", "formatter": "f", "stream": stream}},
                       "root": {"level": "INFO", "handlers": ["h"]}})


@pytest.mark.parametrize("stream", ["ext://sys.stdout", "ext://sys.stderr"])
def test_a_logging_config_writing_to_the_process_streams_names_no_location(tmp_path, stream):
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "log_config.json": _log_config(stream)})
    assert not kit.holds(report, "config-attack.file-network-location"), kit.findings(report)
    assert report.decision is Decision.ACCEPT, kit.findings(report)


@pytest.mark.parametrize("word", ["ext://sys.stdout.example.org/x", "https://sys.stdout/x", "ext://collector.example.org/x"])
def test_other_urls_in_a_settings_file_are_still_locations(tmp_path, word):
    report = kit.scan_files(tmp_path, {"client.py": TRAIN, "settings.json": json.dumps({"out": word})})
    assert kit.holds(report, "config-attack.file-network-location"), kit.findings(report)


def test_nvflares_own_logging_config_in_a_job_is_accepted():
    report = kit.scan_sample("jobs/rf48_nvflare_log_config")
    assert report.decision is Decision.ACCEPT, kit.findings(report)
