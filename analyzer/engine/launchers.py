"""A job's launcher choices: the container image, interpreter and commands its meta.json asks a site's job
launcher to run it with (issue 12: nothing runs unseen, a changed byte is a new review).

What NVFlare reads (nvflare 2.9.0): for each launcher mode, `launcher_spec["default"][mode]` merged with
`launcher_spec[site][mode]` (the site's keys win), else the legacy `resource_spec[site][mode]`
(utils/job_launcher_utils.py `get_job_launcher_spec`, 462-483). DockerJobLauncher takes `image` ("job-supplied
image wins"), `python_path` and `entrypoint` from it (app_opt/job_launcher/docker_launcher.py `launch_job`,
562-586), K8sJobLauncher `image` and `python_path` (k8s_launcher.py 1064, 1222), the Slurm launcher `image` and
`additional_node_command` (slurm/launcher.py 473-493). The meta is the one the client's deployer holds when it
validates the app and then writes beside it (private/fed/utils/app_deployer.py `deploy`, 83-98); at start the
client refuses a job whose START_JOB meta differs from it in resource_spec or launcher_spec
(private/fed/client/client_executor.py `start_app`, 226-240). Per-app deploy maps carry no launcher settings.

`choices` is the launcher part of a meta: the content digest's `launcher` member (digest.py), so an approval
covers the image it was given with. `judge` holds what the gate cannot vouch for: an image the site's policy
does not list, an interpreter rules/lists/launchers.yaml does not list, any entrypoint or node command
(escalate); shell syntax or a fetch-and-run in one of them (reject). Light on purpose: the site's own process
may judge with it (api.analyze_isolated), where no detector is loaded.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model import Finding
from ..policy import Policy
from .lists import matcher
from .shell import shell_risk

LAUNCHER_SPEC, LEGACY_SPEC = "launcher_spec", "resource_spec"
DEFAULT_SITE = "default"  # job_launcher_utils.py _LAUNCHER_SPEC_DEFAULT_KEY: every site's settings
_MODES = matcher("launchers", "job-launcher-modes")
_CODE_KEYS = matcher("launchers", "job-launcher-code-keys")
_PYTHONS = matcher("launchers", "job-launcher-python-paths")
# Shell syntax: NVFlare hands these values to Docker, Kubernetes or a node script as words, so a word that
# needs a shell to mean anything is written for another reader.
_SHELL_SYNTAX = re.compile(r"[;&|`$<>(){}\n\r\\]")


def choices(meta: dict) -> dict | None:
    """The launcher settings of a job's meta: `launcher_spec` whole and the launcher modes of the legacy
    `resource_spec`; None when it has none (an empty or null spec is none to NVFlare: `.get(...) or {}`)."""
    out = {}
    if meta.get(LAUNCHER_SPEC):
        out[LAUNCHER_SPEC] = meta[LAUNCHER_SPEC]
    legacy = meta.get(LEGACY_SPEC)
    modes = {site: {mode: v for mode, v in spec.items() if isinstance(mode, str) and _MODES.match(mode)}
             for site, spec in legacy.items() if isinstance(spec, dict)} if isinstance(legacy, dict) else {}
    if any(modes.values()):
        out[LEGACY_SPEC] = {site: m for site, m in modes.items() if m}
    return out or None


def settings(launcher: dict | None, site: str | None = None) -> Iterator[tuple[str, str, object]]:
    """(where, key, value) of each setting that chooses what runs: the ones NVFlare resolves for `site`, or
    without a site (a job before it is submitted), every site's. A part that is not a mapping where NVFlare
    reads one is a value of its own (key "")."""
    doc = launcher or {}
    return _everywhere(doc) if site is None else _at_site(doc, site)


def _everywhere(doc: dict) -> Iterator[tuple[str, str, object]]:
    for spec_key, spec in doc.items():
        for name, site_spec in spec.items() if isinstance(spec, dict) else [("", spec)]:
            if not isinstance(site_spec, dict):
                yield from _values(f"{spec_key}[{name}]", site_spec)  # not a mapping: shown as it is
                continue
            for mode, values in site_spec.items():
                if isinstance(mode, str) and _MODES.match(mode):
                    yield from _values(f"{spec_key}[{name}][{mode}]", values)


def _at_site(doc: dict, site: str) -> Iterator[tuple[str, str, object]]:
    spec, legacy = doc.get(LAUNCHER_SPEC) or {}, doc.get(LEGACY_SPEC) or {}
    bad = [(f"{LAUNCHER_SPEC}[{name}]", spec.get(name)) for name in (DEFAULT_SITE, site)] \
        if isinstance(spec, dict) else [(LAUNCHER_SPEC, spec)]
    bad = [(where, part) for where, part in bad if part and not isinstance(part, dict)]
    if bad:  # NVFlare's launcher fails on it (`.get` of a str): shown as it is
        yield bad[0][0], "", bad[0][1]
        return
    for mode in sorted(_MODES.names()):
        default, own = _mode(spec, DEFAULT_SITE, mode), _mode(spec, site, mode)
        if default or own is not None:  # get_job_launcher_spec: {**default, **own}
            own_keys = own.keys() if isinstance(own, dict) else ()
            yield from _values(f"{LAUNCHER_SPEC}[{DEFAULT_SITE}][{mode}]", default, skip=own_keys)
            yield from _values(f"{LAUNCHER_SPEC}[{site}][{mode}]", own)
        else:
            yield from _values(f"{LEGACY_SPEC}[{site}][{mode}]", _mode(legacy, site, mode))


def _mode(spec: dict, site: str, mode: str) -> object:
    return (spec.get(site) or {}).get(mode)  # job_launcher_utils.py get_job_launcher_spec


def _values(where: str, values: object, skip=()) -> Iterator[tuple[str, str, object]]:
    if values and not isinstance(values, dict):
        yield where, "", values
        return
    for key, value in (values or {}).items():
        if key not in skip and isinstance(key, str) and _CODE_KEYS.match(key) and value is not None:
            yield f"{where}[{key}]", key, value


def judge(launcher: dict | None, policy: Policy, site: str | None = None) -> list[Finding]:
    return [f for where, key, value in settings(launcher, site) if (f := _judged(where, key, value, policy))]


def _judged(where: str, key: str, value: object, policy: Policy) -> Finding | None:
    shown = repr(value)[:200]
    if key == "image":
        if isinstance(value, str) and value in policy.launcher_images:
            return None
        return _finding("config-attack.job-launcher-image", f"{where} = {shown}: an image the site's policy does not "
                        "list (launcher_images)", "A site's job launcher runs the job in the image its meta.json "
                        "names; nothing in it is code the gate read.",
                        "Leave the image to the site, or ask the site to list it in its policy's launcher_images.")
    if key == "python_path" and isinstance(value, str) and _PYTHONS.match(value):
        return None
    words = [value] if isinstance(value, str) else value
    text = " ".join(words) if isinstance(words, list) and all(isinstance(w, str) for w in words) else ""
    risk = shell_risk(text)
    syntax = _SHELL_SYNTAX.search(text)
    if risk is not None or syntax is not None:
        what = risk[0] if risk is not None else f"shell syntax {syntax.group(0)!r}"
        return _finding("config-attack.job-launcher-shell", f"{where} = {shown}: {what}", "The command a job's "
                        "launcher settings give runs before or instead of the job's code; shell syntax or a "
                        "download and run there is not a training job's.", "Remove it: the site's launcher starts "
                        "NVFlare's worker itself.", severity="critical", kind="threat")
    what = "not a setting NVFlare reads" if not key or not text else "an interpreter or command the gate cannot vouch for"
    return _finding("config-attack.job-launcher-command", f"{where} = {shown}: {what}", "A job's launcher settings "
                    "choose the program the site starts for it (interpreter, Docker entrypoint, Slurm node command); "
                    "what that program runs is not code the gate read.",
                    "Leave python_path, entrypoint and additional_node_command to the site.")


def _finding(rule: str, message: str, why: str, fix: str, severity: str = "high", kind: str = "capability") -> Finding:
    # Never accepted, whatever a site's thresholds: a threat also rejects by its score.
    return Finding(rule=rule, category="config-attack", severity=severity, confidence="high", path="meta.json",
                   line=0, column=0, message=f"meta.json chooses what runs the job at a site: {message}",
                   engine="jobgate", why=why, fix=fix, never_accept=True, kind=kind)
