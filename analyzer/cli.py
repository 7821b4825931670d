"""`jobgate`: a thin shell over analyzer.api.

Exit status of `scan`: 0 every unit accepted, 1 at least one rejected,
3 at least one escalated and none rejected, 2 usage or configuration error.
An internal error is never 0.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from . import api
from .model import Decision, GateError, Report
from .reports import FORMATS
from .version import VERSION

EXIT = {Decision.ACCEPT: 0, Decision.REJECT: 1, Decision.ESCALATE: 3}
EXIT_USAGE = 2


def exit_code(reports: list[Report]) -> int:
    decisions = {r.decision for r in reports}
    if Decision.REJECT in decisions:
        return EXIT[Decision.REJECT]
    if Decision.ESCALATE in decisions:
        return EXIT[Decision.ESCALATE]
    return EXIT[Decision.ACCEPT]


def _fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"jobgate: {message}", err=True)
    return click.exceptions.Exit(EXIT_USAGE)


@click.group()
@click.version_option(VERSION, prog_name="jobgate")
def main() -> None:
    """Static-analysis gate for federated-learning job code."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False), help="Site policy YAML.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False), help="Write the report here instead of stdout.")
@click.option("--allowlist", "allowlist_path", type=click.Path(dir_okay=False),
              help="Site allowlist: a digest with enough trusted approvals is accepted without analysis.")
@click.option("--sign-with", "gate_key", type=click.Path(exists=True, dir_okay=False),
              help="Gate private key: an automatic accept is appended to the allowlist, signed.")
@click.option("--engines", type=click.Choice(["bandit", "semgrep"]), multiple=True,
              help="Extra engines to run (repeatable); default: the policy's `engines`.")
def scan(paths: tuple[str, ...], policy_path: str | None, fmt: str, output: str | None,
         allowlist_path: str | None, gate_key: str | None, engines: tuple[str, ...]) -> None:
    """Scan job folders, plain folders or single .py/.ipynb files."""
    if gate_key and not allowlist_path:
        raise _fail("--sign-with needs --allowlist")
    try:
        policy = api.load_policy(policy_path)
        if engines:
            policy = policy.model_copy(update={"engines": engines})
        api.load_rules(policy)  # a broken pack is a configuration error, before any scan
        reports = []
        for path in paths:
            if allowlist_path:
                _, report = api.gate(path, policy, Path(allowlist_path), Path(gate_key) if gate_key else None)
            else:
                report = api.scan(path, policy, workers=os.cpu_count() or 1)
            reports.append(report)
    except GateError as err:
        raise _fail(str(err)) from None
    except Exception as err:  # noqa: BLE001 - never exit 0 on an internal error
        traceback.print_exc()
        raise _fail(f"internal error: {type(err).__name__}: {err}") from None
    color = output is None and sys.stdout.isatty()
    text = FORMATS[fmt](reports, color=color)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    sys.exit(exit_code(reports))


@main.group("rules")
def rules_group() -> None:
    """The rule packs."""


@rules_group.command("list")
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False), help="Include the site's packs.")
@click.option("--category", help="Only this category.")
def rules_list(policy_path: str | None, category: str | None) -> None:
    """List every loaded rule: id, category, severity, confidence, message."""
    try:
        ruleset = api.load_rules(api.load_policy(policy_path))
    except GateError as err:
        raise _fail(str(err)) from None
    for rule in sorted(ruleset.rules.values(), key=lambda r: (r.category, r.id)):
        if category and rule.category != category:
            continue
        click.echo(f"{rule.id:<44} {rule.category:<20} {rule.severity:<9} {rule.confidence:<7} {rule.message}")
    click.echo(f"{len(ruleset.rules)} rules from {len(ruleset.packs)} packs; rule-pack digest {ruleset.digest}")


@main.command("eval")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False))
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False), help="Site policy YAML.")
def eval_cmd(corpus: str, policy_path: str | None) -> None:
    """Scan a labelled corpus and print confusion tables; exit 1 if any
    malicious sample is accepted or any benign sample rejected."""
    from .evaluate import evaluate, render

    try:
        result = evaluate(Path(corpus), api.load_policy(policy_path))
    except GateError as err:
        raise _fail(str(err)) from None
    click.echo(render(result))
    sys.exit(0 if result.passed else 1)


def _register_trust_commands() -> None:
    from .trust_cli import register

    register(main)


_register_trust_commands()


def _register_site_commands() -> None:
    from .site_check import register

    register(main)


_register_site_commands()

if __name__ == "__main__":
    main()
