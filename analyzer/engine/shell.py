"""Risky constructs in shell text (a network client, `| sh`, inline interpreter code, a decoder, an
installer): one scanner for shell files, config command lines, notebook magics and a job's launcher
commands. Light on purpose: the site's own process judges launcher choices with it (launchers.py),
where no detector is loaded."""

from __future__ import annotations

import re
import shlex

from .lists import matcher

# An interpreter's options before its `-c`/`-m`: plain flags, and `-W`/`-X` with their value (`-W ignore`, `-X
# utf8`), which Python takes as a separate word too (red team 55b: `python3 -W ignore -m http.server` was missed).
# A value never starts with `-`, and a `-W`/`-X` word is read one way only, so the match stays linear.
_PY_OPTIONS = r"(?:-(?:[WX](?:\s+[^\s-]\S*|\S*)|[A-VYZa-z0-9_]\w*)\s+)*"
# Network clients (rules/lists/commands.yaml `network-tools`).
_NET_TOOLS = matcher("commands", "network-tools").alternation()
RISKY = re.compile(
    r"(?<![\w./\\-])(?P<tool>" + _NET_TOOLS + r")(?![\w.-])"  # network clients
    r"|(?P<dev>/dev/(?:tcp|udp)/)"  # bash network redirection
    r"|(?P<install>\b(?:pip3?|pip3\.\d+|uv\s+pip|conda|mamba|micromamba|npm|apt(?:-get)?|yum|dnf|apk|gem|cargo)"
    r"\s+(?:-\S+\s+)*(?:install|add|download)\b|\bpython[\d.]*\s+-m\s+pip\b|\bgit\s+(?:clone|fetch|pull|push|submodule)\b)"
    r"|(?P<decode>\bbase64\s+(?:-\w*d\w*|--decode)\b|\bxxd\s+-r\b|\bopenssl\s+(?:enc|base64)\b)"
    r"|(?P<pipe>\|\s*(?:sudo\s+)?(?:ba|z|da|k)?sh\b|\|\s*python[\d.]*\b|\beval\s+[\"']?\$\()"
    r"|(?P<inline>\b(?:python[\d.]*|perl|ruby|node|php)\s+" + _PY_OPTIONS + r"-(?:c|e)\s)"
    r"|(?P<persist>\b(?:crontab|systemctl|launchctl|schtasks)\b|\bat\s+now\b)"
    # Servers started from Python's standard library and friends: they hand files to whoever connects.
    r"|(?P<server>\b(?:python[\d.]*|pypy3?)\s+" + _PY_OPTIONS + r"-\w*m\s*(?:http\.server|SimpleHTTPServer|CGIHTTPServer|pyftpdlib|"
    r"smtpd|aiosmtpd|xmlrpc\.server|uploadserver|wsgiref\.simple_server)\b)"
)


# `echo y | bash ./script.sh`: answers typed into a script of the job's (a relative path). A shell given a file
# runs the file and reads the pipe as the script's input, not as code (bash(1): "If arguments remain after
# option processing ... the first argument is assumed to be the name of a file containing shell commands"); the
# file is the job's, judged as such. An absolute path (`/dev/stdin`), an option, or anything but plain words
# piped in stays `| sh`. Only ever a fullmatch of one line (linear: its words and blanks are disjoint classes).
_ANSWERED = re.compile(r"\s*(?:echo|yes|printf)(?:\s+[\w.-]+)*\s*\|\s*(?:ba|z|da|k)?sh\s+(?![-/])[\w.][\w./-]*"
                       r"(?:\s+[\w.=-]+)*\s*")


def shell_risk(text: str) -> tuple[str, int] | None:
    """The first risky construct in shell text: (what, offset), or None."""
    for m in RISKY.finditer(text):
        if m.group("tool") == "aws" and not re.match(r"\s+(s3|ec2|sts|ssm|secretsmanager|lambda|sqs|sns)\b",
                                                      text[m.end():]):
            continue
        if m.group("pipe") and _ANSWERED.fullmatch(text):
            continue
        return m.group(0).strip(), m.start()
    return None



# A plain download (rules/lists/commands.yaml `download-options`): `wget URL`, `curl -o FILE URL` with only options
# that send nothing. {tool: {option: None (takes no value), "<out>" or "<n>" (its value)}}; "beside": the commands
# a download's line may also run.
_DOWNLOADS: dict[str, dict[str, str | None]] = {}
for _entry in sorted(matcher("commands", "download-options").names()):
    _tool, _option, *_value = _entry.split()
    _DOWNLOADS.setdefault(_tool, {})[_option] = _value[0] if _value else None
_NAMED_VARIABLE = re.compile(r"\$(?:\{[A-Za-z_]\w*\}|[A-Za-z_]\w*)")  # `$DIR`, `${DIR}`: a value, never code
_URL = re.compile(r"(?:https?|ftp)://[\w.:/?&=%+~,#-]+")  # a URL spelled out: no expansion, no `@file`, no userinfo
_OUTPUTS = frozenset({"-o", "--output", "-O", "--remote-name"})  # curl writes a file only when told to
_WRITES = frozenset({"-o", "--output", "-O", "--output-document"})  # the option that names the file written
_CODE = matcher("commands", "downloaded-code")
# short options of a `beside` command: never tar's `-I PROGRAM` nor a long option (`--to-command=sh`,
# `--use-compress-program`, `--checkpoint-action=exec`), which run programs, nor tar's `-F SCRIPT` (run between
# volumes) or `-P` (members' absolute names kept: an archive unpacked over ~/.bashrc; red team 55b)
_BESIDE_OPTIONS = re.compile(r"-[A-EGHJ-OQ-Za-z]+")
# Where a download may write and what its `beside` commands may name (a folder made, entered or unpacked into):
# the job's folders as written (a relative path), /tmp, or a folder a variable names (`${DATASET_DIR}/x.zip`:
# the site's or the script's, as NVFlare's prepare_data.sh). Never a home (`~`, $HOME: start-up files, keys,
# the user's site-packages) nor any other absolute path (/etc/cron.d, the site's data), nor a climb: a file
# written there is run or replaces what the site keeps, whatever the download was (red team 55b).
_PLACE = re.compile(r"(?!\$\{?HOME\b)(?:/tmp/|\$\{?[A-Za-z_]\w*\}?(?:/|$)|[^/~$-])")
# What makes wget or curl send or write what no option on the line says: their configuration files and the
# variables that choose them (a `post_file =` in a WGETRC, an `upload-file` in a .curlrc under CURL_HOME),
# wherever in the job they are named (as shell.PIP_SETTINGS for pip). Every alternative starts with a literal
# (`H(?<!\wH)` is `\bH`) so that `re` skips to the bytes they may start at: a search of a large tree's bytes took
# a quarter of the time (session 59).
DOWNLOAD_SETTINGS = re.compile(rb"WGETRC|CURL_HOME|XDG_CONFIG_HOME|\.(?:wget|curl)rc\b|H(?<!\wH)OME\b['\"]?\]?\s*=")


def _place_ok(word: str) -> bool:
    """Whether a download's line may write or go to `word` (_PLACE), never climbing out of it (`..`)."""
    return _PLACE.match(word) is not None and ".." not in word.split("/")


def _value_ok(kind: str, value: str | None) -> bool:
    """A download option's value: where it writes (a variable naming a folder allowed, never stdout) or a plain word."""
    if value is None or value == "-" or value.startswith("-") or (kind == "<out>" and not _place_ok(value)):
        return False
    return not re.search(r"[$`{}\\]", _NAMED_VARIABLE.sub("x", value) if kind == "<out>" else value)


def _download(words: list[str]) -> str | None:
    """The URL of one command of plain words that is a plain download, or None."""
    tool, rest = words[0], words[1:]
    options = _DOWNLOADS.get(tool) if tool != "beside" else None
    if options is None:
        return None
    given, positional, todo, names = set(), [], iter(rest), []
    for word in todo:
        if word.startswith("--"):
            name, eq, value = word.partition("=")
            pairs = [(name, value if eq else None)]
        elif word in options:  # wget's `-nc`, `-nv`
            pairs = [(word, None)]
        elif word.startswith("-") and len(word) > 1:  # a cluster (`-qO`, `-sSLo FILE`): the last may take a value
            pairs = [("-" + c, None) for c in word[1:]]
            taking = next((i for i, (o, _) in enumerate(pairs) if options.get(o)), None)
            if taking is not None:
                pairs = pairs[:taking] + [(pairs[taking][0], word[taking + 2:] or None)]
        else:
            positional.append(word)
            continue
        for option, value in pairs:
            if option not in options:
                return None
            kind = options[option]
            if kind is not None:
                value = value if value is not None else next(todo, None)
                if not _value_ok(kind, value):
                    return None
                if option in _WRITES:
                    names.append(value)
            elif value is not None:
                return None
            given.add(option)
    if not positional or any(not _URL.fullmatch(p) for p in positional) or (tool == "curl" and not given & _OUTPUTS):
        return None
    # the files written: as named, else as the URLs' paths end (wget, curl -O); a program or code is fetched code
    names += [re.split(r"[?#]", p, 1)[0].rstrip("/").rsplit("/", 1)[-1] for p in positional]
    return positional[0] if not any(_CODE.match(n) for n in names) else None


def _url_words(text: str) -> list[str] | None:
    """The words of a shell line, a URL one word (its `:` and `?` inside it), `;&|<>()` words of their own; None
    when the shell would not read it (an open quote)."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.commenters, lexer.whitespace_split = "", True
    try:
        return list(lexer)
    except ValueError:
        return None


def plain_download(text: str) -> str | None:
    """`tool URL` when a shell line only downloads data (wget, curl -o, with download-options only, a URL spelled
    out, no program or code written), beside the commands `beside` lists (`mkdir -p d && wget -P d URL`); None for
    anything else: a pipe, a redirection, a substitution, an upload, any other command."""
    if "`" in text or "$(" in text or "\\" in text:
        return None
    words = _url_words(text)
    if words is None:
        return None
    commands: list[list[str]] = [[]]
    for word in words:
        if word in ("&&", ";"):
            commands.append([])
        elif word and all(c in "();<>|&" for c in word):
            return None  # a pipe, a redirection, a subshell, a background job
        else:
            commands[-1].append(word)
    found = None
    for command in commands:
        url = _download(command) if command else None
        if url is not None:
            found = found or f"{command[0]} {url}"
        elif command and (command[0] not in _DOWNLOADS.get("beside", ()) or command == ["cd"] or  # cd: home
                          not all(_BESIDE_OPTIONS.fullmatch(w) if w.startswith("-") else _place_ok(w)
                                  for w in command[1:])):
            return None
    return found


_CLONE_FOLDER = re.compile(r"(?!-)[\w./-]*\w")  # a folder spelled out: no option, quote or expansion


def plain_clone(text: str) -> tuple[str, str] | None:
    """(URL, the folder written) of a line that is one `git clone URL [FOLDER]`, the URL spelled out, with only the
    `git` options of download-options (a depth, a branch, quiet): the repository's files land in FOLDER (else the
    URL's last part without `.git`) and none of them runs (git-clone(1): hooks come from git's own template, never
    from the remote). `-c`/`--config`, `--template`, `-u`/`--upload-pack` (the program run for the fetch),
    `--recurse-submodules`, a second command or an expansion: None. Whether the job then runs what it fetched is
    for the caller to say (detectors/notebooks.py `_clone_downloads`)."""
    words = _url_words(text) if not _EXPANDED.search(text) else None
    if words is None or words[:2] != ["git", "clone"]:
        return None
    options, positional, todo = _DOWNLOADS.get("git", {}), [], iter(words[2:])
    for word in todo:
        if not word.startswith("-"):
            positional.append(word)
            continue
        name, eq, value = word.partition("=")
        if name not in options:
            return None
        kind = options[name]
        if (eq and kind is None) or (kind is not None and not _value_ok(kind, value if eq else next(todo, None))):
            return None
    url, folder = (positional + [""])[:2] if len(positional) in (1, 2) else ("", "")
    if not _URL.fullmatch(url) or not url.startswith(("https://", "http://")):
        return None
    folder = folder or url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")
    return (url, folder) if _CLONE_FOLDER.fullmatch(folder) else None


# `pip install` from the index the site's pip is configured with (rules/lists/commands.yaml `pip-install-flags`):
# plain requirement specifiers (PEP 508 names, extras and version clauses, no URL or path) and the job's own
# requirements files. Shell syntax anywhere on the line (a second command, a redirection, an expansion) or
# IPython's `{expression}`/`$name` expansion makes it something else.
# What makes pip take packages from elsewhere than the site's configured index without saying so on the
# install line: its environment variables (PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, PIP_FIND_LINKS, PIP_CONFIG_FILE...)
# and a configuration file, wherever in the job they are named. Case-blind by classes, not re.IGNORECASE, which
# keeps `re` from skipping to the bytes a match may start at (DOWNLOAD_SETTINGS).
PIP_SETTINGS = re.compile(rb"[Pp][Ii][Pp](?:_|\.(?:[Cc][Oo][Nn][Ff]|[Ii][Nn][Ii])\b)")
_PIP_FLAGS = matcher("commands", "pip-install-flags").names()
_PIP_PROGRAM = re.compile(r"pip3?(?:\.\d+)?")
_PYTHON = re.compile(r"python[\d.]*")
_EXPANDED = re.compile(r"[$`{}\\\n]")  # expanded inside quotes too (by the shell, or by IPython)
_VERSION = r"(?:~=|===|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+"
_REQUIREMENT = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?(?:\[[A-Za-z0-9._,\s-]*\])?"
                          rf"(?:\s*{_VERSION}(?:\s*,\s*{_VERSION})*)?")


def _plain_words(text: str) -> list[str] | None:
    """The words the shell makes of a line that holds no expansion, or None (an expansion, an open quote)."""
    if _EXPANDED.search(text):
        return None
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)  # `;&|<>()` outside quotes: words of their own
    lexer.commenters = ""  # shlex ends a word at `#`, the shell does not (`numpy#; curl ... | sh` runs curl)
    try:
        return list(lexer)
    except ValueError:
        return None


def index_install(text: str) -> list[str] | None:
    """The requirements files (`-r FILE`, as written) of a line that is one `pip install` of plain package
    names from the configured index, or None when the line is anything else."""
    words = _plain_words(text)
    if words is None:
        return None
    if words[:1] and _PYTHON.fullmatch(words[0]) and words[1:3] == ["-m", "pip"]:
        words = words[3:]
    elif words[:1] and _PIP_PROGRAM.fullmatch(words[0]):
        words = words[1:]
    else:
        return None
    if words[:1] != ["install"]:
        return None
    files, wanted, rest = [], 0, iter(words[1:])
    for word in rest:
        if word in ("-r", "--requirement"):
            word = "--requirement=" + next(rest, "")
        if word.startswith("--requirement="):
            name = word.partition("=")[2]
            if not name or name.startswith(("/", "~", "-")) or ":" in name:
                return None
            files.append(name)
        elif word not in _PIP_FLAGS and (word.startswith("-") or not _REQUIREMENT.fullmatch(word)):
            return None
        wanted += not word.startswith("-") or word.startswith("--requirement=")
    return files if wanted else None


# An environment marker after a requirement (`; python_version < "3.12"`): names, comparisons and quoted words.
_MARKER = re.compile(r"""[\w\s"'<>=!.~()-]*""")


def requirement_line(line: str) -> bool:
    """Whether a line of a requirements file (its comment cut off) names only packages of the index: a plain
    specifier, with an environment marker or not, a no-value pip option, or nothing."""
    spec, _, marker = line.partition(";")
    spec = spec.strip()
    return (not spec or spec in _PIP_FLAGS or _REQUIREMENT.fullmatch(spec) is not None) and (
        _MARKER.fullmatch(marker) is not None)


# One `python -c CODE` command, CODE one quoted word (no glob, no word joined to it), nothing after it.
_INLINE = re.compile(r"""\s*python[\d.]*\s+-c\s+(?:'(?P<single>[^']*)'|"(?P<double>[^"]*)")\s*""")


# What a script's earlier lines may be for its constants to be known (with_constants): a constant assignment
# NAME=WORD of a plain word (no expansion, quote or tilde inside), an `echo` of plain or double-quoted words, or a
# `python -c "CODE"` line: a command sets no variable of the shell that runs it.
_PLAIN = r"[\w./:@%+,=-]*"
_ASSIGNED = re.compile(rf"""(?P<name>[A-Za-z_]\w*)=(?:"(?P<double>{_PLAIN})"|'(?P<single>{_PLAIN})'|(?P<bare>{_PLAIN}))""")
_ECHO = re.compile(r"""echo(?:\s+(?:"[^"`\\()]*"|[^\s"'`\\;&|<>(){}]+))*""")
_VARIABLE = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_]\w*)\}|(?P<name>[A-Za-z_]\w*))")
_OPERATOR = re.compile(r"\$\{[^}]*[^\w}]")  # ${X:=v}, ${X=v} assign; ${X:-v}, ${#X}... are not a plain value


def _constants(before: list[str]) -> dict[str, str] | None:
    """The variables a shell script's `before` lines set to constants, or None when a line could set one some
    other way or skip an assignment (a control structure, read, source, eval, declare, a function, `${X:=v}`, a
    line continued on the next)."""
    known: dict[str, str] = {}
    for raw in before:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        assigned = _ASSIGNED.fullmatch(line)
        if assigned is not None:
            known[assigned["name"]] = next(v for v in assigned.group("double", "single", "bare") if v is not None)
        elif raw.endswith("\\") or _OPERATOR.search(line) or not (_ECHO.fullmatch(line) or _INLINE.fullmatch(line)):
            return None
    return known


def with_constants(line: str, before: list[str]) -> str:
    """`python -c "CODE"` with each `$NAME`/`${NAME}` in CODE replaced by the constant the script's earlier lines
    (`before`, from its first line) assign it, when nothing else in them can set a variable (_constants):
    multi-gpu's `DATASET_ROOT="/tmp/nvflare/data"` then `python3 -c "...CIFAR10(root='${DATASET_ROOT}')"`. The
    line as it is otherwise (single-quoted code is not expanded; a variable the script does not set to a constant
    comes from the environment, unknown)."""
    m = _INLINE.fullmatch(line)
    if m is None or m["double"] is None or "$" not in line:
        return line
    known = _constants(before)
    names = [v["braced"] or v["name"] for v in _VARIABLE.finditer(line)]
    if known is None or not names or not set(names) <= known.keys():
        return line
    return _VARIABLE.sub(lambda v: known[v["braced"] or v["name"]], line)


def inline_python(text: str) -> str | None:
    """The code of a line that is one `python -c 'CODE'` command and nothing else, with no expansion anywhere
    (the shell's `$`, backquotes, backslashes; IPython's `{expr}`): Python the gate can read as a module of the
    job. None for anything else (`python -c "...${ROOT}..."`, a second command, a redirection, more arguments)."""
    m = _INLINE.fullmatch(text)
    if m is None or _EXPANDED.search(text):
        return None
    return m.group("single") if m.group("single") is not None else m.group("double")
