class Recorder:
    def __init__(self, sink):
        self.sink = sink
    def add(self, item):
        self.sink.append(item)
