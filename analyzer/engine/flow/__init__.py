"""Flow: does a value that leaves the site through NVFlare's own channels (the update, its metrics and
meta, the job log; a file written where only the run time decides) have a provenance the gate can vouch
for? See engine.py (the model), the modules it names, and docs/architecture.md."""

from .engine import (DATA, FILE, HOST, LOG, NET, SECRET, UNKNOWN, UPDATE, Flow, Leak, Origin, analyze, describe,
                     worth_running)

__all__ = ["analyze", "describe", "Flow", "Leak", "Origin", "UPDATE", "LOG", "FILE", "NET", "DATA", "HOST", "SECRET", "UNKNOWN",
           "worth_running"]
