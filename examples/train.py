"""Digit classifier on scikit-learn's 8x8 digits: a small MLP trained with Adam.

Run:  /usr/bin/python3 train.py | tee logs/train.log
"""
import argparse

import torch
import torch.nn as nn
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from torch.utils.data import DataLoader, TensorDataset


def get_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--epochs', type=int, default=30)
    parser.add_argument('--batch-size', type=int, default=32)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--seed', type=int, default=0)
    return parser.parse_args()


def load_data(batch_size):
    digits = load_digits()
    x_train, x_val, y_train, y_val = train_test_split(
        digits.data, digits.target, test_size=0.25, random_state=0, stratify=digits.target)
    scaler = StandardScaler().fit(x_train)
    train_ds = TensorDataset(torch.tensor(scaler.transform(x_train), dtype=torch.float32), torch.tensor(y_train))
    val_ds = TensorDataset(torch.tensor(scaler.transform(x_val), dtype=torch.float32), torch.tensor(y_val))
    train_loader = DataLoader(train_ds, batch_size=batch_size)
    val_loader = DataLoader(val_ds, batch_size=256)
    return train_loader, val_loader


class DigitNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(64, 128),
            nn.ReLU(),
            nn.Linear(128, 64),
            nn.ReLU(),
            nn.Linear(64, num_classes),
            nn.Softmax(dim=1),
        )

    def forward(self, x):
        return self.layers(x)


def run_epoch(model, loader, criterion, optimizer=None):
    training = optimizer is not None
    model.train(training)
    total_loss, correct, seen = 0.0, 0, 0
    for inputs, labels in loader:
        with torch.set_grad_enabled(training):
            outputs = model(inputs)
            loss = criterion(outputs, labels)
        if training:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        total_loss += loss.item() * inputs.size(0)
        correct += (outputs.argmax(1) == labels).sum().item()
        seen += inputs.size(0)
    return total_loss / seen, correct / seen


def main():
    args = get_args()
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    print(args)
    train_loader, val_loader = load_data(args.batch_size)
    model = DigitNet()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    for epoch in range(args.epochs):
        print(f'Epoch {epoch}/{args.epochs - 1}')
        print('-' * 10)
        loss, acc = run_epoch(model, train_loader, criterion, optimizer)
        print(f'train Loss: {loss:.4f} Acc: {acc:.4f}')
        loss, acc = run_epoch(model, val_loader, criterion)
        print(f'val Loss: {loss:.4f} Acc: {acc:.4f}')
        print()
    torch.save(model.state_dict(), 'digitnet.pt')


if __name__ == '__main__':
    main()
