"""The seed notebook's PyTorch pipeline (MyLeNet, torchvision MNIST from the same IDX files, DataLoader
batch 64 shuffled, Adam 1e-3, CrossEntropyLoss on log_softmax outputs as in the notebook), timed for the
benchmark. Prints one JSON line: images/s over the timed steps, peak RSS.

usage: python3 seed_pytorch.py <mnist idx dir> <steps> <warmup> <threads>
"""
import json
import os
import resource
import sys
import tempfile
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, random_split
from torchvision import datasets, transforms


class MyLeNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5, padding=2)
        self.pool1 = nn.AvgPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.pool2 = nn.AvgPool2d(2, 2)
        self.conv3 = nn.Conv2d(16, 120, 5)
        self.fc1 = nn.Linear(120, 84)
        self.fc2 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = F.relu(self.conv3(x)).view(-1, 120)
        x = F.relu(self.fc1(x))
        return F.log_softmax(self.fc2(x), dim=1)


# The notebook's transform: ToTensor, then Normalize((0.05,), (0.5,)).
SEED_TRANSFORM = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.05,), (0.5,))])


def seed_mnist(idx_dir):
    """The training and test sets as the notebook loads them, from the IDX files in idx_dir."""
    # torchvision reads <root>/MNIST/raw/<idx names>: link the very files the TF.js side reads.
    root = tempfile.mkdtemp(prefix="lenet-bench-")
    raw = os.path.join(root, "MNIST", "raw")
    os.makedirs(raw)
    for name in os.listdir(idx_dir):
        os.symlink(os.path.join(os.path.abspath(idx_dir), name), os.path.join(raw, name))
    return tuple(datasets.MNIST(root=root, train=train, download=False, transform=SEED_TRANSFORM) for train in (True, False))


def seed_split(full):
    """The notebook's 8:2 random_split of the training set (seeded by torch.manual_seed)."""
    train_size = int(0.8 * len(full))
    return random_split(full, [train_size, len(full) - train_size])


def seed_training():
    """The notebook's model, loss and optimizer: MyLeNet, CrossEntropyLoss, Adam 1e-3; in training mode."""
    model = MyLeNet()
    model.train()
    return model, nn.CrossEntropyLoss(), torch.optim.Adam(model.parameters(), lr=1e-3)


def train_step(model, criterion, optimizer, inputs, labels):
    """One step of the notebook's train_model, with its per-batch read-backs of the loss and the correct count."""
    outputs = model(inputs)
    loss = criterion(outputs, labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    _, predicted = torch.max(outputs.data, 1)
    (predicted == labels).sum().item()
    loss.item()


def main():
    idx_dir, steps, warmup, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    train_set, _ = seed_split(seed_mnist(idx_dir)[0])
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    model, criterion, optimizer = seed_training()
    done = 0
    start = None
    images = 0
    while done < warmup + steps:
        for inputs, labels in loader:
            if done == warmup:
                start = time.perf_counter()
            train_step(model, criterion, optimizer, inputs, labels)
            if done >= warmup:
                images += labels.size(0)
            done += 1
            if done >= warmup + steps:
                break
    seconds = time.perf_counter() - start
    print(json.dumps({
        "variant": "pytorch",
        "imagesPerSecond": images / seconds,
        "steps": steps,
        "seconds": seconds,
        "peakRssMb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    main()
