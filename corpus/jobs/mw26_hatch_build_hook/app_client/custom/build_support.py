"""Packs the trainer's extra files into the wheel."""

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ExtraFiles(BuildHookInterface):
    def initialize(self, version, build_data):
        extra = Path(self.root) / "extra"
        build_data["force_include"].update({str(p): p.name for p in extra.glob("*")})
