"""The seed notebook's whole protocol in PyTorch, one run: MyLeNet, torchvision MNIST from the same IDX
files, 8:2 random_split, DataLoader batch 64 shuffled, Adam 1e-3, `epochs` passes each followed by the
validation pass, then the test set. Prints one JSON line: wall seconds (process start excluded), test
accuracy (%). The benchmark runs it once per seed, one after another, against `lenet experiment`.

usage: python3 seed_protocol_pytorch.py <mnist idx dir> <epochs> <threads> <seed>
"""
import json
import os
import sys
import tempfile
import time

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, random_split
from torchvision import datasets, transforms

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seed_pytorch import MyLeNet  # noqa: E402


def accuracy(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for inputs, labels in loader:
            _, predicted = torch.max(model(inputs).data, 1)
            correct += (predicted == labels).sum().item()
            total += labels.size(0)
    model.train()
    return 100.0 * correct / total


def main():
    idx_dir, epochs, threads, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    start = time.perf_counter()
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    root = tempfile.mkdtemp(prefix="lenet-bench-")
    raw = os.path.join(root, "MNIST", "raw")
    os.makedirs(raw)
    for name in os.listdir(idx_dir):
        os.symlink(os.path.join(os.path.abspath(idx_dir), name), os.path.join(raw, name))
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.05,), (0.5,))])
    full = datasets.MNIST(root=root, train=True, download=False, transform=transform)
    test = datasets.MNIST(root=root, train=False, download=False, transform=transform)
    train_size = int(0.8 * len(full))
    train_set, val_set = random_split(full, [train_size, len(full) - train_size])
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    model = MyLeNet()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    model.train()
    for _ in range(epochs):
        for inputs, labels in loader:
            outputs = model(inputs)
            loss = criterion(outputs, labels)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            _, predicted = torch.max(outputs.data, 1)
            (predicted == labels).sum().item()
            loss.item()
        accuracy(model, DataLoader(val_set, batch_size=64))
    test_accuracy = accuracy(model, DataLoader(test, batch_size=64))
    print(json.dumps({"seconds": time.perf_counter() - start, "testAccuracy": test_accuracy, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
