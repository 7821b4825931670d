def tag(obj, value):
    obj.global_step = value
    return obj
