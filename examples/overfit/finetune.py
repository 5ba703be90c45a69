"""A 256-unit MLP on 100 digit images: a quick experiment on how far a tiny training set goes.

Run:  /usr/bin/python3 finetune.py > train.out
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(3)
torch.set_num_threads(1)
NUM_EPOCHS = 80

digits = load_digits()
x = torch.tensor(digits.data / 16.0, dtype=torch.float32)  # pixel values 0..16 → 0..1
y = torch.tensor(digits.target)
x_train, x_val, y_train, y_val = train_test_split(x, y, train_size=100, test_size=500, random_state=3, stratify=y)
train_loader = DataLoader(TensorDataset(x_train, y_train), batch_size=20, shuffle=True)
val_loader = DataLoader(TensorDataset(x_val, y_val), batch_size=500)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(64, 256)
        self.fc2 = nn.Linear(256, 256)
        self.out = nn.Linear(256, 10)

    def forward(self, inp):
        h = F.relu(self.fc1(inp))
        h = F.relu(self.fc2(h))
        return self.out(h)


model = MLP()
optimizer = torch.optim.Adam(model.parameters(), lr=2e-3)

for epoch in range(1, NUM_EPOCHS + 1):
    model.train()
    tl, tc, tn = 0.0, 0, 0
    for xb, yb in train_loader:
        optimizer.zero_grad()
        logits = model(xb)
        loss = F.cross_entropy(logits, yb)
        loss.backward()
        optimizer.step()
        tl += loss.item() * len(yb)
        tc += (logits.argmax(1) == yb).sum().item()
        tn += len(yb)
    model.eval()
    with torch.no_grad():
        xb, yb = next(iter(val_loader))
        logits = model(xb)
        vl = F.cross_entropy(logits, yb).item()
        va = (logits.argmax(1) == yb).float().mean().item()
    print(f'Epoch [{epoch}/{NUM_EPOCHS}] | Train Loss: {tl / tn:.4f} | Train Acc: {100 * tc / tn:.2f}% | Val Loss: {vl:.4f} | Val Acc: {100 * va:.2f}%')
