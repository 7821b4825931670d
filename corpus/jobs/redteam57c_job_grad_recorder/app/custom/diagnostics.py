"""Training diagnostics: a recorder of per-step gradient summaries."""
from dataclasses import dataclass, field


@dataclass
class GradRecorder:
    steps: list = field(default_factory=list)

    def record(self, module):
        self.steps.append({name: p.grad.detach().clone() for name, p in module.named_parameters()})

    def report(self):
        return {"steps": self.steps}
