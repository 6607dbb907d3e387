"""The seed notebook's whole protocol in PyTorch, one run: MyLeNet, torchvision MNIST from the same IDX
files, 8:2 random_split, DataLoader batch 64 shuffled, Adam 1e-3, `epochs` passes each followed by the
validation pass, then the test set. Prints one JSON line: wall seconds (process start excluded), test
accuracy (%). The benchmark runs it once per seed, one after another, against `lenet experiment`.

usage: python3 seed_protocol_pytorch.py <mnist idx dir> <epochs> <threads> <seed>
"""
import json
import os
import sys
import time

import torch
from torch.utils.data import DataLoader

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seed_pytorch import seed_mnist, seed_split, seed_training, train_step  # noqa: E402


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
    full, test = seed_mnist(idx_dir)
    train_set, val_set = seed_split(full)
    loader = DataLoader(train_set, batch_size=64, shuffle=True)
    model, criterion, optimizer = seed_training()
    for _ in range(epochs):
        for inputs, labels in loader:
            train_step(model, criterion, optimizer, inputs, labels)
        accuracy(model, DataLoader(val_set, batch_size=64))
    test_accuracy = accuracy(model, DataLoader(test, batch_size=64))
    print(json.dumps({"seconds": time.perf_counter() - start, "testAccuracy": test_accuracy, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
