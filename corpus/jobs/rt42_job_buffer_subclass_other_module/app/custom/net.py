"""Tabular model with a reference row buffer (red team 42): net.py's Net derives from model.py's Base, which
registers the `ref` buffer; Net.calibrate rebinds it to the first row, and client.py (importing Net under an
alias) sends net.state_dict().
"""

from model import Base


class Net(Base):
    def calibrate(self, x):
        self.ref = x[:1].clone()
