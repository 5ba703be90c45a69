import { fixture, py, ruleTester } from '../rule-tester';

const tutorial = fixture('scripts/tutorial-transfer-learning.py');
const research = fixture('scripts/research-cifar-argparse.py');

ruleTester('activation-after-final-linear', {
  valid: [
    {
      name: 'logits out of the last Linear, CrossEntropyLoss',
      code: py`
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
        criterion = nn.CrossEntropyLoss()
      `,
    },
    {
      name: 'LogSoftmax with NLLLoss',
      code: py`
        model = nn.Sequential(nn.Linear(784, 10), nn.LogSoftmax(dim=1))
        criterion = nn.NLLLoss()
      `,
    },
    {
      name: 'pytorch/examples MNIST: forward returns log_softmax, F.nll_loss',
      code: fixture('scripts/examples-mnist-clean.py'),
    },
    {
      // silent on purpose: no loss in sight that applies softmax itself
      name: 'Softmax output and no loss in the file',
      code: py`
        classifier = nn.Sequential(nn.Linear(512, 10), nn.Softmax(dim=1))
        probs = classifier(features)
      `,
    },
    {
      name: 'Sigmoid with BCELoss is the right pairing',
      code: py`
        model = nn.Sequential(nn.Linear(32, 1), nn.Sigmoid())
        criterion = nn.BCELoss()
      `,
    },
    {
      name: 'softmax only at inference, the loss gets logits',
      code: py`
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(128, 10)

            def forward(self, x):
                return self.fc(x)

        criterion = nn.CrossEntropyLoss()
        loss = criterion(net(x), y)

        def predict(x):
            return F.softmax(net(x), dim=1)
      `,
    },
    {
      name: 'ReLU between hidden layers',
      code: py`
        head = nn.Sequential(nn.Linear(512, 256), nn.ReLU(inplace=True), nn.Dropout(0.5), nn.Linear(256, num_classes))
        criterion = nn.CrossEntropyLoss()
      `,
    },
    {
      name: 'a block ending in ReLU is not the output: forward returns the classifier',
      code: py`
        class MLP(nn.Module):
            def __init__(self, num_classes=10):
                super().__init__()
                self.features = nn.Sequential(nn.Linear(784, 256), nn.ReLU())
                self.classifier = nn.Linear(256, num_classes)

            def forward(self, x):
                x = self.features(x)
                return self.classifier(x)

        criterion = nn.CrossEntropyLoss()
      `,
    },
    {
      name: 'regression head with ReLU (non-negative target) and MSELoss',
      code: py`
        model = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 1), nn.ReLU())
        criterion = nn.MSELoss()
      `,
    },
    {
      name: 'Keras softmax with categorical cross-entropy is the right pairing',
      code: py`
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
      `,
    },
    {
      name: 'distillation: log_softmax and softmax into kl_div',
      code: py`
        T = 4.0
        loss_kd = F.kl_div(F.log_softmax(student(x) / T, dim=1), F.softmax(teacher(x) / T, dim=1), reduction="batchmean")
        loss = F.cross_entropy(student(x), y) + loss_kd
      `,
    },
    {
      name: 'a ReLU block reused inside a bigger Sequential',
      code: py`
        block = nn.Sequential(nn.Linear(512, 128), nn.ReLU())
        model = nn.Sequential(backbone, block, nn.Linear(128, 10))
        criterion = nn.CrossEntropyLoss()
      `,
    },
    {
      name: 'LogSoftmax before CrossEntropyLoss is redundant but harmless (log_softmax is idempotent)',
      code: py`
        model = nn.Sequential(nn.Linear(64, 5), nn.LogSoftmax(dim=1))
        criterion = nn.CrossEntropyLoss()
      `,
    },
    {
      name: 'Lightning module with a Sequential backbone ending in Linear',
      code: fixture('scripts/lightning-module.py'),
    },
    {
      name: 'Kaggle notebook: forward returns self.fc2(x)',
      code: fixture('scripts/kaggle-notebook-export.py'),
    },
  ],
  invalid: [
    {
      name: 'Softmax after the final Linear of a head, CrossEntropyLoss',
      code: py`
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.backbone = resnet18()
                self.head = nn.Sequential(nn.Linear(512, 10), nn.Softmax(dim=1))

            def forward(self, x):
                return self.head(self.backbone(x))

        criterion = nn.CrossEntropyLoss()
      `,
      errors: [{ line: 5, column: 55, endColumn: 72, message: 'applies log-softmax itself' }],
      output: py`
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.backbone = resnet18()
                self.head = nn.Sequential(nn.Linear(512, 10))

            def forward(self, x):
                return self.head(self.backbone(x))

        criterion = nn.CrossEntropyLoss()
      `,
      safe: false,
    },
    {
      name: 'transfer-learning tutorial: model_ft.fc = Sequential(Linear, Softmax) (whole file)',
      code: tutorial,
      errors: [{ line: 103, column: 5 }],
      output: tutorial.replace('    nn.Softmax(dim=1),\n', ''),
    },
    {
      name: 'research repo: F.relu on the final logits',
      code: research,
      errors: [{ line: 64, column: 15, message: 'final logits' }],
      output: research.replace('out = F.relu(self.fc2(out))', 'out = self.fc2(out)'),
    },
    {
      name: 'forward returns F.softmax(self.fc(x))',
      code: py`
        class Classifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(256, 3)

            def forward(self, x):
                return F.softmax(self.fc(x), dim=1)

        loss_fn = nn.CrossEntropyLoss()
      `,
      errors: [{ line: 7, column: 16 }],
      output: py`
        class Classifier(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(256, 3)

            def forward(self, x):
                return self.fc(x)

        loss_fn = nn.CrossEntropyLoss()
      `,
    },
    {
      name: 'x = F.softmax(x, dim=1) as the last step of forward: the line goes',
      code: py`
        class Net(nn.Module):
            def forward(self, x):
                x = F.relu(self.fc1(x))
                x = self.fc2(x)
                x = F.softmax(x, dim=1)
                return x

        criterion = torch.nn.CrossEntropyLoss()
      `,
      errors: [{ line: 5, column: 13 }],
      output: py`
        class Net(nn.Module):
            def forward(self, x):
                x = F.relu(self.fc1(x))
                x = self.fc2(x)
                return x

        criterion = torch.nn.CrossEntropyLoss()
      `,
    },
    {
      name: 'torch.sigmoid before BCEWithLogitsLoss',
      code: py`
        class Detector(nn.Module):
            def __init__(self):
                super().__init__()
                self.out = nn.Linear(64, 1)

            def forward(self, x):
                return torch.sigmoid(self.out(x))

        criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))
      `,
      errors: [{ line: 7, column: 16, message: 'applies the sigmoid itself' }],
      output: py`
        class Detector(nn.Module):
            def __init__(self):
                super().__init__()
                self.out = nn.Linear(64, 1)

            def forward(self, x):
                return self.out(x)

        criterion = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))
      `,
    },
    {
      name: 'self.softmax module before NLLLoss: becomes LogSoftmax where it is built',
      code: py`
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(128, 10)
                self.softmax = nn.Softmax(dim=1)

            def forward(self, x):
                return self.softmax(self.fc(x))

        criterion = nn.NLLLoss()
      `,
      errors: [{ line: 8, column: 16, message: 'use LogSoftmax' }],
      output: py`
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(128, 10)
                self.softmax = nn.LogSoftmax(dim=1)

            def forward(self, x):
                return self.softmax(self.fc(x))

        criterion = nn.NLLLoss()
      `,
    },
    {
      name: 'F.softmax before F.nll_loss: becomes F.log_softmax',
      code: py`
        class Net(nn.Module):
            def forward(self, x):
                x = self.fc2(F.relu(self.fc1(x)))
                return F.softmax(x, dim=1)

        def train(model, loader, optimizer):
            for data, target in loader:
                optimizer.zero_grad()
                loss = F.nll_loss(model(data), target)
                loss.backward()
                optimizer.step()
      `,
      errors: [{ line: 4, column: 16 }],
      output: py`
        class Net(nn.Module):
            def forward(self, x):
                x = self.fc2(F.relu(self.fc1(x)))
                return F.log_softmax(x, dim=1)

        def train(model, loader, optimizer):
            for data, target in loader:
                optimizer.zero_grad()
                loss = F.nll_loss(model(data), target)
                loss.backward()
                optimizer.step()
      `,
    },
    {
      name: 'softmax applied to the outputs right before the loss call',
      code: py`
        criterion = nn.CrossEntropyLoss()
        for inputs, labels in train_loader:
            optimizer.zero_grad()
            outputs = model(inputs)
            loss = criterion(F.softmax(outputs, dim=1), labels)
            loss.backward()
            optimizer.step()
      `,
      errors: [{ line: 5, column: 22 }],
      output: py`
        criterion = nn.CrossEntropyLoss()
        for inputs, labels in train_loader:
            optimizer.zero_grad()
            outputs = model(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
      `,
    },
    {
      name: 'probabilities computed into a variable, then F.cross_entropy',
      code: py`
        logits = model(x)
        probs = torch.softmax(logits, dim=-1)
        loss = F.cross_entropy(probs, y)
      `,
      errors: [{ line: 2, column: 9 }],
      output: py`
        logits = model(x)
        probs = logits
        loss = F.cross_entropy(probs, y)
      `,
    },
    {
      name: 'tensor method: self.fc(x).softmax(dim=1)',
      code: py`
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(32, 4)

            def forward(self, x):
                return self.fc(x).softmax(dim=1)

        criterion = nn.CrossEntropyLoss()
      `,
      errors: [{ line: 7, column: 16 }],
      output: py`
        class Net(nn.Module):
            def __init__(self):
                super().__init__()
                self.fc = nn.Linear(32, 4)

            def forward(self, x):
                return self.fc(x)

        criterion = nn.CrossEntropyLoss()
      `,
    },
    {
      name: 'bare names from torch.nn: LogSoftmax is imported beside Softmax',
      code: py`
        from torch.nn import Linear, NLLLoss, Sequential, Softmax
        model = Sequential(Linear(784, 10), Softmax(dim=1))
        criterion = NLLLoss()
      `,
      errors: [{ line: 2, column: 37 }],
      output: py`
        from torch.nn import Linear, NLLLoss, Sequential, Softmax, LogSoftmax
        model = Sequential(Linear(784, 10), LogSoftmax(dim=1))
        criterion = NLLLoss()
      `,
    },
    {
      name: 'ReLU at the end of a classifier head, no loss in the file',
      code: py`
        head = nn.Sequential(
            nn.Linear(512, 256),
            nn.ReLU(),
            nn.Linear(256, num_classes),
            nn.ReLU(),
        )
      `,
      errors: [{ line: 5, column: 5 }],
      output: py`
        head = nn.Sequential(
            nn.Linear(512, 256),
            nn.ReLU(),
            nn.Linear(256, num_classes),
        )
      `,
    },
    {
      name: 'nn.Sigmoid last in a Sequential, BCEWithLogitsLoss',
      code: py`
        model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1), nn.Sigmoid())
        criterion = nn.BCEWithLogitsLoss()
      `,
      errors: [{ line: 1, column: 71 }],
      output: py`
        model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 1))
        criterion = nn.BCEWithLogitsLoss()
      `,
    },
    {
      name: 'VGG transfer learning: model.classifier[6] replaced by Linear + Softmax',
      code: py`
        model = models.vgg16(weights=models.VGG16_Weights.DEFAULT)
        model.classifier[6] = nn.Sequential(nn.Linear(4096, 2), nn.Softmax(dim=1))
        criterion = nn.CrossEntropyLoss()
      `,
      errors: [{ line: 2, column: 57 }],
      output: py`
        model = models.vgg16(weights=models.VGG16_Weights.DEFAULT)
        model.classifier[6] = nn.Sequential(nn.Linear(4096, 2))
        criterion = nn.CrossEntropyLoss()
      `,
    },
    {
      name: 'dropout between the final Linear and the Softmax',
      code: py`
        model = nn.Sequential(
            nn.Linear(128, 10),
            nn.Dropout(0.2),
            nn.Softmax(dim=1)
        )
        criterion = nn.CrossEntropyLoss()
      `,
      errors: [{ line: 4, column: 5 }],
      output: py`
        model = nn.Sequential(
            nn.Linear(128, 10),
            nn.Dropout(0.2),
        )
        criterion = nn.CrossEntropyLoss()
      `,
    },
  ],
});
