"""Every entry under a folder, as os.walk(top-down, followlinks=False) lists it, with a list instead
of recursion: os.walk recurses once per folder level on Python 3.11 (iterative only from 3.12), and a
job of a thousand nested folders ended the gate in a RecursionError. Plain os on purpose: the handler's
job route uses it without loading the analysis."""

from __future__ import annotations

import os
from typing import Callable, Iterator


def walk(top: str | os.PathLike, onerror: Callable[[OSError], None] | None = None
         ) -> Iterator[tuple[str, list[str], list[str]]]:
    """(folder, sorted sub-folders, sorted other names) per folder, parents first, sub-folders in name
    order; a link to a folder is among the other names and never entered."""
    todo = [os.fspath(top)]
    while todo:
        folder = todo.pop()
        dirs: list[str] = []
        names: list[str] = []
        try:
            with os.scandir(folder) as entries:
                # names only, never the DirEntry objects: each holds its full path, and 50,000 files under
                # names near PATH_MAX held 200 MB in the site's process (hardening55)
                for entry in entries:
                    try:
                        is_dir = entry.is_dir(follow_symlinks=False)
                    except OSError:
                        is_dir = False
                    (dirs if is_dir else names).append(entry.name)
        except OSError as err:
            if onerror is not None:
                onerror(err)
            continue
        dirs.sort()
        names.sort()
        yield folder, dirs, names
        todo.extend(os.path.join(folder, d) for d in reversed(dirs))
