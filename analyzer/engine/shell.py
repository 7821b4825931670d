"""Risky constructs in shell text (a network client, `| sh`, inline interpreter code, a decoder, an
installer): one scanner for shell files, config command lines, notebook magics and a job's launcher
commands. Light on purpose: the site's own process judges launcher choices with it (launchers.py),
where no detector is loaded."""

from __future__ import annotations

import re

from .lists import matcher

# Network clients (rules/lists/commands.yaml `network-tools`).
_NET_TOOLS = matcher("commands", "network-tools").alternation()
RISKY = re.compile(
    r"(?<![\w./\\-])(?P<tool>" + _NET_TOOLS + r")(?![\w.-])"  # network clients
    r"|(?P<dev>/dev/(?:tcp|udp)/)"  # bash network redirection
    r"|(?P<install>\b(?:pip3?|pip3\.\d+|uv\s+pip|conda|mamba|micromamba|npm|apt(?:-get)?|yum|dnf|apk|gem|cargo)"
    r"\s+(?:-\S+\s+)*(?:install|add|download)\b|\bpython[\d.]*\s+-m\s+pip\b|\bgit\s+(?:clone|fetch|pull|push|submodule)\b)"
    r"|(?P<decode>\bbase64\s+(?:-\w*d\w*|--decode)\b|\bxxd\s+-r\b|\bopenssl\s+(?:enc|base64)\b)"
    r"|(?P<pipe>\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\|\s*python[\d.]*\b|\beval\s+[\"']?\$\()"
    r"|(?P<inline>\b(?:python[\d.]*|perl|ruby|node|php)\s+(?:-\w+\s+)*-(?:c|e)\s)"
    r"|(?P<persist>\b(?:crontab|systemctl|launchctl|schtasks)\b|\bat\s+now\b)"
    # Servers started from Python's standard library and friends: they hand files to whoever connects.
    r"|(?P<server>\b(?:python[\d.]*|pypy3?)\s+(?:-\w+\s+)*-m\s+(?:http\.server|SimpleHTTPServer|CGIHTTPServer|pyftpdlib|"
    r"smtpd|aiosmtpd|xmlrpc\.server|uploadserver|wsgiref\.simple_server)\b)"
)


def shell_risk(text: str) -> tuple[str, int] | None:
    """The first risky construct in shell text: (what, offset), or None."""
    for m in RISKY.finditer(text):
        if m.group("tool") == "aws" and not re.match(r"\s+(s3|ec2|sts|ssm|secretsmanager|lambda|sqs|sns)\b",
                                                      text[m.end():]):
            continue
        return m.group(0).strip(), m.start()
    return None
