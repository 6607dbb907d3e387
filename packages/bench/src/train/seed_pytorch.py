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


def main():
    idx_dir, steps, warmup, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    # torchvision reads <root>/MNIST/raw/<idx names>: link the very files the TF.js side reads.
    root = tempfile.mkdtemp(prefix="lenet-bench-")
    raw = os.path.join(root, "MNIST", "raw")
    os.makedirs(raw)
    for name in os.listdir(idx_dir):
        os.symlink(os.path.join(os.path.abspath(idx_dir), name), os.path.join(raw, name))
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.05,), (0.5,))])
    train_dataset = datasets.MNIST(root=root, train=True, download=False, transform=transform)
    train_size = int(0.8 * len(train_dataset))
    train_dataset, _ = random_split(train_dataset, [train_size, len(train_dataset) - train_size])
    loader = DataLoader(train_dataset, batch_size=64, shuffle=True)
    model = MyLeNet()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    done = 0
    start = None
    images = 0
    while done < warmup + steps:
        for inputs, labels in loader:
            if done == warmup:
                start = time.perf_counter()
            outputs = model(inputs)
            loss = criterion(outputs, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            _, predicted = torch.max(outputs.data, 1)
            (predicted == labels).sum().item()
            loss.item()
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
