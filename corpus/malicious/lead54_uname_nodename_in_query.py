"""Lead 54 attempt: the host's name through platform.uname()'s field, under an alias, in a request's params."""
import platform as plat

import requests

info = plat.uname()
requests.get("https://status.example.org/ping", params={"n": info.nodename}, timeout=5)
