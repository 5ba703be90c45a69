"""Breast-cancer classifier with an exponential learning-rate decay, logging Keras-CSVLogger-style metrics.

Run:  /usr/bin/python3 fit.py      (writes history.csv next to this file)
"""
import csv
from pathlib import Path

import torch
from torch import nn
from torch.optim.lr_scheduler import ExponentialLR
from torch.utils.data import DataLoader, TensorDataset
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

EPOCHS = 25
torch.manual_seed(0)
torch.set_num_threads(1)

X, y = load_breast_cancer(return_X_y=True)
X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)
scaler = StandardScaler().fit(X_tr)
train_dl = DataLoader(TensorDataset(torch.tensor(scaler.transform(X_tr), dtype=torch.float32),
                                    torch.tensor(y_tr, dtype=torch.float32)), batch_size=16, shuffle=True)
val_dl = DataLoader(TensorDataset(torch.tensor(scaler.transform(X_va), dtype=torch.float32),
                                  torch.tensor(y_va, dtype=torch.float32)), batch_size=256)

model = nn.Sequential(nn.Linear(30, 16), nn.ReLU(), nn.Linear(16, 1))
loss_fn = nn.BCEWithLogitsLoss()
opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
sched = ExponentialLR(opt, gamma=0.9)


def evaluate(dl):
    model.eval()
    total, hits, n = 0.0, 0, 0
    with torch.no_grad():
        for xb, yb in dl:
            logits = model(xb).squeeze(1)
            total += loss_fn(logits, yb).item() * len(yb)
            hits += ((logits > 0).float() == yb).sum().item()
            n += len(yb)
    return total / n, hits / n


with open(Path(__file__).with_name('history.csv'), 'w', newline='') as f:
    log = csv.writer(f)
    log.writerow(['epoch', 'accuracy', 'loss', 'lr', 'val_accuracy', 'val_loss'])
    for epoch in range(EPOCHS):
        lr = opt.param_groups[0]['lr']
        model.train()
        total, hits, n = 0.0, 0, 0
        for xb, yb in train_dl:
            opt.zero_grad()
            logits = model(xb).squeeze(1)
            loss = loss_fn(logits, yb)
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(yb)
            hits += ((logits > 0).float() == yb).sum().item()
            n += len(yb)
        val_loss, val_acc = evaluate(val_dl)
        log.writerow([epoch, hits / n, total / n, lr, val_acc, val_loss])
