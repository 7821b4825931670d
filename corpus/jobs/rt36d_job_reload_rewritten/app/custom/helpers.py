def describe(frame):
    return {"rows": int(len(frame))}
