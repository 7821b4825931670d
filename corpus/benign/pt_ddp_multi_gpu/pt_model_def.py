"""Model definitions shared by the client trainer and the server persistor."""

import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvBlock(nn.Module):
    def __init__(self, c_in, c_out, stride=1):
        super().__init__()
        self.conv = nn.Conv2d(c_in, c_out, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(c_out)

    def forward(self, x):
        return F.relu(self.bn(self.conv(x)))


class ResidualBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.block1 = ConvBlock(channels, channels)
        self.conv = nn.Conv2d(channels, channels, kernel_size=3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(channels)

    def forward(self, x):
        out = self.bn(self.conv(self.block1(x)))
        return F.relu(out + x)


class SmallResNet(nn.Module):
    """A ResNet-ish network for 32x32 inputs, ~0.7M parameters."""

    def __init__(self, num_classes: int = 10, width: int = 32):
        super().__init__()
        self.stem = ConvBlock(3, width)
        self.layer1 = nn.Sequential(ResidualBlock(width), ResidualBlock(width))
        self.down1 = ConvBlock(width, width * 2, stride=2)
        self.layer2 = nn.Sequential(ResidualBlock(width * 2), ResidualBlock(width * 2))
        self.down2 = ConvBlock(width * 2, width * 4, stride=2)
        self.layer3 = ResidualBlock(width * 4)
        self.head = nn.Linear(width * 4, num_classes)

    def forward(self, x):
        x = self.stem(x)
        x = self.down1(self.layer1(x))
        x = self.down2(self.layer2(x))
        x = self.layer3(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return self.head(x)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


if __name__ == "__main__":
    net = SmallResNet()
    dummy = torch.randn(2, 3, 32, 32)
    assert net(dummy).shape == (2, 10)
    print(f"parameters: {count_parameters(net):,}")
