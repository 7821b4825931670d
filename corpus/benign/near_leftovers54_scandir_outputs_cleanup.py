"""Twin of leftovers54_scandir_home_wipe: the files of the job's own outputs folder removed through
os.scandir's entries before each round. Accepted on main and here."""
import os

import nvflare.client as flare


def clean_outputs():
    os.makedirs("outputs", exist_ok=True)
    with os.scandir("outputs") as entries:
        for entry in entries:
            if entry.is_file():
                os.remove(entry.path)


def main():
    flare.init()
    while flare.is_running():
        received = flare.receive()
        clean_outputs()
        flare.send(received)


if __name__ == "__main__":
    main()
