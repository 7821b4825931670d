"""Maps the site's ward codes to the federation's indices."""

WARDS = {"ICU": 0, "ER": 1, "GEN": 2}


def ward_index(code):
    try:
        return WARDS[code]
    except KeyError:
        raise ValueError("ward code not in the federation's table")
