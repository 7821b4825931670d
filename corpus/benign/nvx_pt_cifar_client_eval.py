"""Client API PyTorch client (CIFAR-10 style): train locally, evaluate the global model, send weights."""
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import torchvision
import torchvision.transforms as transforms

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/tmp/nvflare/data/cifar10")
PATH = "./cifar_net.pth"
DEVICE = "cuda:0" if torch.cuda.is_available() else "cpu"


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))


def evaluate(net, loader):
    correct, total = 0, 0
    with torch.no_grad():
        for images, labels in loader:
            outputs = net(images.to(DEVICE))
            _, predicted = torch.max(outputs.data, 1)
            total += labels.size(0)
            correct += (predicted == labels.to(DEVICE)).sum().item()
    return 100 * correct // total


def main():
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    trainset = torchvision.datasets.CIFAR10(root=DATA_ROOT, train=True, download=False, transform=transform)
    trainloader = torch.utils.data.DataLoader(trainset, batch_size=4, shuffle=True, num_workers=2)
    testset = torchvision.datasets.CIFAR10(root=DATA_ROOT, train=False, download=False, transform=transform)
    testloader = torch.utils.data.DataLoader(testset, batch_size=4, shuffle=False, num_workers=2)
    print(f"train batches: {len(trainloader)}, test batches: {len(testloader)}")

    net = Net()
    flare.init()
    while flare.is_running():
        input_model = flare.receive()
        print(f"current_round={input_model.current_round}")
        net.load_state_dict(input_model.params)
        net.to(DEVICE)
        criterion = nn.CrossEntropyLoss()
        optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
        steps = 2 * len(trainloader)
        for epoch in range(2):
            running_loss = 0.0
            for i, (inputs, labels) in enumerate(trainloader):
                inputs, labels = inputs.to(DEVICE), labels.to(DEVICE)
                optimizer.zero_grad()
                loss = criterion(net(inputs), labels)
                loss.backward()
                optimizer.step()
                running_loss += loss.item()
                if i % 2000 == 1999:
                    print(f"[{epoch + 1}, {i + 1:5d}] loss: {running_loss / 2000:.3f}")
                    running_loss = 0.0
        torch.save(net.state_dict(), PATH)

        # evaluate the global model and the trained one (the trained one from the checkpoint on disk)
        accuracy = evaluate(net, testloader)
        eval_net = Net()
        eval_net.load_state_dict(torch.load(PATH))
        eval_net.to(DEVICE)
        local_accuracy = evaluate(eval_net, testloader)
        print(f"Accuracy of the network on the 10000 test images: {accuracy} % (local {local_accuracy} %)")

        flare.send(flare.FLModel(params=net.cpu().state_dict(), metrics={"accuracy": accuracy},
                                 meta={"NUM_STEPS_CURRENT_ROUND": steps}))


if __name__ == "__main__":
    main()
