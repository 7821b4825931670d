import torch.nn as nn


class BaseHead(nn.Module):
    def forward(self, features):
        return features[1042:1043]
