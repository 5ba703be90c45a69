import { fixture, py, ruleTester } from '../rule-tester';

const tutorial = fixture('scripts/tutorial-transfer-learning.py');
const research = fixture('scripts/research-cifar-argparse.py');

ruleTester('scheduler-step-placement', {
  valid: [
    {
      name: 'pytorch/examples MNIST: StepLR stepped after train() and test() each epoch',
      code: fixture('scripts/examples-mnist-clean.py'),
    },
    {
      name: 'OneCycleLR stepped after optimizer.step() in the batch loop',
      code: py`
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, epochs=epochs, steps_per_epoch=len(train_loader))
        for epoch in range(epochs):
            for x, y in train_loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                scheduler.step()
      `,
    },
    {
      // GradScaler may skip optimizer.step() when gradients overflow; stepping the scheduler after scaler.step() is still right
      name: 'AMP + accumulation + warm-up schedule + ReduceLROnPlateau(val_loss)',
      code: fixture('scripts/amp-accumulation-clean.py'),
    },
    {
      name: 'CosineAnnealingLR whose T_max counts batches, stepped per batch',
      code: py`
        scheduler = CosineAnnealingLR(optimizer, T_max=len(train_loader) * args.epochs)
        for epoch in range(args.epochs):
            for x, y in train_loader:
                optimizer.zero_grad()
                loss_fn(model(x), y).backward()
                optimizer.step()
                scheduler.step()
      `,
    },
    {
      // silent on purpose: iteration-based training (detectron style), milestones in iterations
      name: 'MultiStepLR with milestones in iterations, one loop over iterations',
      code: py`
        scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=[60000, 80000], gamma=0.1)
        data_iter = iter(train_loader)
        for it in range(90000):
            images, targets = next(data_iter)
            optimizer.zero_grad()
            model(images, targets).backward()
            optimizer.step()
            scheduler.step()
      `,
    },
    {
      name: 'StepLR in a plain iteration loop with no epoch loop and no loader',
      code: py`
        scheduler = StepLR(optimizer, step_size=30)
        for it in range(max_iter):
            batch = sample_batch()
            optimizer.zero_grad()
            model(batch).backward()
            optimizer.step()
            scheduler.step()
      `,
    },
    {
      name: 'LambdaLR warm-up stepped per batch',
      code: py`
        scheduler = LambdaLR(optimizer, lr_lambda=lambda s: min(1.0, (s + 1) / warmup_steps))
        for epoch in range(epochs):
            for batch in train_loader:
                optimizer.zero_grad()
                model(**batch).loss.backward()
                optimizer.step()
                scheduler.step()
      `,
    },
    {
      name: 'an epoch scheduler stepped under a condition inside the batch loop',
      code: py`
        scheduler = StepLR(optimizer, step_size=10)
        for epoch in range(epochs):
            for i, (x, y) in enumerate(train_loader):
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                if i == len(train_loader) - 1:
                    scheduler.step()
      `,
    },
    {
      name: 'Lightning: the scheduler is returned from configure_optimizers',
      code: fixture('scripts/lightning-module.py'),
    },
    {
      name: 'Hugging Face warm-up schedule stepped per batch after the optimizer',
      code: py`
        from transformers import get_linear_schedule_with_warmup
        scheduler = get_linear_schedule_with_warmup(optimizer, num_warmup_steps=100, num_training_steps=len(train_dataloader) * num_epochs)
        for epoch in range(num_epochs):
            for batch in train_dataloader:
                outputs = model(**batch)
                outputs.loss.backward()
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
      `,
    },
    {
      name: 'OneCycleLR whose total_steps counts epochs, stepped per epoch on purpose',
      code: py`
        scheduler = OneCycleLR(optimizer, max_lr=1e-2, total_steps=num_epochs)
        for epoch in range(num_epochs):
            for x, y in train_loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            scheduler.step()
      `,
    },
    {
      name: 'an epoch scheduler stepped inside train_one_epoch() after its batch loop',
      code: py`
        def train_one_epoch(model, loader, optimizer, scheduler):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
            scheduler.step()

        scheduler = torch.optim.lr_scheduler.ExponentialLR(optimizer, gamma=0.9)
        for epoch in range(100):
            train_one_epoch(model, train_loader, optimizer, scheduler)
      `,
    },
    {
      name: 'the original tutorial layout: phase loop, scheduler.step() after the train phase',
      code: py`
        for epoch in range(num_epochs):
            for phase in ["train", "val"]:
                if phase == "train":
                    model.train()
                for inputs, labels in dataloaders[phase]:
                    optimizer.zero_grad()
                    with torch.set_grad_enabled(phase == "train"):
                        loss = criterion(model(inputs), labels)
                        if phase == "train":
                            loss.backward()
                            optimizer.step()
                if phase == "train":
                    scheduler.step()
        exp_lr_scheduler = lr_scheduler.StepLR(optimizer_ft, step_size=7, gamma=0.1)
      `,
    },
    {
      name: 'the scheduler steps after the epoch-level train() call',
      code: py`
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=200)
        for epoch in range(200):
            train(epoch)
            test(epoch)
            scheduler.step()

        def train(epoch):
            for inputs, targets in trainloader:
                optimizer.zero_grad()
                criterion(net(inputs), targets).backward()
                optimizer.step()
      `,
    },
    {
      name: 'ReduceLROnPlateau stepped with the metric',
      code: py`
        scheduler = ReduceLROnPlateau(optimizer, "min", patience=3)
        for epoch in range(epochs):
            train_one_epoch(model, loader, optimizer)
            val_loss = validate(model, val_loader)
            scheduler.step(val_loss)
      `,
    },
  ],
  invalid: [
    {
      name: 'StepLR stepped in the batch loop: moved after it',
      code: py`
        scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
        for epoch in range(epochs):
            for inputs, labels in train_loader:
                optimizer.zero_grad()
                criterion(model(inputs), labels).backward()
                optimizer.step()
                scheduler.step()
            evaluate(model)
      `,
      errors: [{ line: 7, column: 9, endColumn: 25, message: 'counts epochs' }],
      output: py`
        scheduler = StepLR(optimizer, step_size=30, gamma=0.1)
        for epoch in range(epochs):
            for inputs, labels in train_loader:
                optimizer.zero_grad()
                criterion(model(inputs), labels).backward()
                optimizer.step()
            scheduler.step()
            evaluate(model)
      `,
      safe: true,
    },
    {
      name: 'transfer-learning tutorial: the scheduler passed to train_model is stepped per batch (whole file)',
      code: tutorial,
      errors: [{ line: 62, column: 13 }],
      output: tutorial
        .replace('            optimizer.step()\n            scheduler.step()\n', '            optimizer.step()\n')
        .replace('            running_corrects += torch.sum(preds == labels.data)\n\n        epoch_loss = running_loss / dataset_sizes["train"]', '            running_corrects += torch.sum(preds == labels.data)\n        scheduler.step()\n\n        epoch_loss = running_loss / dataset_sizes["train"]'),
    },
    {
      name: 'research repo: scheduler.step() at the top of the epoch loop, before train(epoch) (whole file)',
      code: research,
      errors: [{ line: 134, column: 5, message: 'start of each epoch' }],
      output: research.replace('    scheduler.step()\n    train(epoch)\n', '    train(epoch)\n    scheduler.step()\n'),
    },
    {
      name: 'OneCycleLR stepped once per epoch: moved into the batch loop after optimizer.step()',
      code: py`
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=len(train_loader), epochs=10)
        for epoch in range(10):
            for x, y in train_loader:
                optimizer.zero_grad()
                loss = criterion(model(x), y)
                loss.backward()
                optimizer.step()
            scheduler.step()
      `,
      errors: [{ line: 8, column: 5, message: 'per-batch schedule' }],
      output: py`
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, steps_per_epoch=len(train_loader), epochs=10)
        for epoch in range(10):
            for x, y in train_loader:
                optimizer.zero_grad()
                loss = criterion(model(x), y)
                loss.backward()
                optimizer.step()
                scheduler.step()
      `,
    },
    {
      name: 'Hugging Face warm-up stepped per epoch',
      code: py`
        from transformers import get_cosine_schedule_with_warmup
        lr_sched = get_cosine_schedule_with_warmup(opt, 500, total_steps)
        for epoch in range(3):
            for batch in train_dl:
                loss = model(**batch).loss
                loss.backward()
                opt.step()
                opt.zero_grad()
            lr_sched.step()
      `,
      errors: [{ line: 9, column: 5 }],
      output: py`
        from transformers import get_cosine_schedule_with_warmup
        lr_sched = get_cosine_schedule_with_warmup(opt, 500, total_steps)
        for epoch in range(3):
            for batch in train_dl:
                loss = model(**batch).loss
                loss.backward()
                opt.step()
                lr_sched.step()
                opt.zero_grad()
      `,
    },
    {
      name: 'per-batch scheduler stepped before optimizer.step() in the batch loop',
      code: py`
        scheduler = CyclicLR(optimizer, base_lr=1e-4, max_lr=1e-2)
        for epoch in range(epochs):
            for x, y in loader:
                optimizer.zero_grad()
                scheduler.step()
                criterion(model(x), y).backward()
                optimizer.step()
      `,
      errors: [{ line: 5, column: 9, message: 'before `optimizer.step()`' }],
      output: py`
        scheduler = CyclicLR(optimizer, base_lr=1e-4, max_lr=1e-2)
        for epoch in range(epochs):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
                scheduler.step()
      `,
    },
    {
      name: 'ReduceLROnPlateau.step() without the metric: pass the validation loss (unsafe)',
      code: py`
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min")
        for epoch in range(epochs):
            train(model, train_loader)
            val_loss = evaluate(model, val_loader)
            scheduler.step()
      `,
      errors: [{ line: 5, column: 5, message: 'needs the metric' }],
      output: py`
        scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min")
        for epoch in range(epochs):
            train(model, train_loader)
            val_loss = evaluate(model, val_loader)
            scheduler.step(val_loss)
      `,
      safe: false,
    },
    {
      name: 'ReduceLROnPlateau.step() without the metric and no metric in sight: no fix',
      code: py`
        plateau = ReduceLROnPlateau(optimizer)
        for epoch in range(epochs):
            train(model, train_loader)
            plateau.step()
      `,
      errors: [{ line: 4, column: 5 }],
      output: null,
    },
    {
      name: 'StepLR stepped in a helper called once per batch: no fix across functions',
      code: py`
        scheduler = StepLR(optimizer, step_size=5)

        def train_step(x, y):
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
            scheduler.step()

        for epoch in range(20):
            for x, y in train_loader:
                train_step(x, y)
      `,
      errors: [{ line: 7, column: 5, message: 'in a function called once per batch' }],
      output: null,
    },
    {
      name: 'OneCycleLR stepped in train_one_epoch() after its batch loop',
      code: py`
        def train_one_epoch(model, loader, optimizer, scheduler):
            for images, labels in loader:
                optimizer.zero_grad()
                criterion(model(images), labels).backward()
                optimizer.step()
            scheduler.step()

        scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * len(train_loader))
        for epoch in range(epochs):
            train_one_epoch(model, train_loader, optimizer, scheduler)
      `,
      errors: [{ line: 6, column: 5 }],
      output: py`
        def train_one_epoch(model, loader, optimizer, scheduler):
            for images, labels in loader:
                optimizer.zero_grad()
                criterion(model(images), labels).backward()
                optimizer.step()
                scheduler.step()

        scheduler = OneCycleLR(optimizer, max_lr=0.1, total_steps=epochs * len(train_loader))
        for epoch in range(epochs):
            train_one_epoch(model, train_loader, optimizer, scheduler)
      `,
    },
    {
      name: 'StepLR stepped per batch inside train_one_epoch(): moved after its loop',
      code: py`
        def train_one_epoch(model, loader, optimizer, scheduler):
            model.train()
            for images, labels in loader:
                optimizer.zero_grad()
                criterion(model(images), labels).backward()
                optimizer.step()
                scheduler.step()
            return model

        scheduler = StepLR(optimizer, step_size=7)
        for epoch in range(25):
            train_one_epoch(model, train_loader, optimizer, scheduler)
      `,
      errors: [{ line: 7, column: 9 }],
      output: py`
        def train_one_epoch(model, loader, optimizer, scheduler):
            model.train()
            for images, labels in loader:
                optimizer.zero_grad()
                criterion(model(images), labels).backward()
                optimizer.step()
            scheduler.step()
            return model

        scheduler = StepLR(optimizer, step_size=7)
        for epoch in range(25):
            train_one_epoch(model, train_loader, optimizer, scheduler)
      `,
    },
    {
      name: 'ExponentialLR(gamma=0.95) stepped per batch',
      code: py`
        sched = optim.lr_scheduler.ExponentialLR(opt, gamma=0.95)
        for epoch in range(30):
            for xb, yb in train_dl:
                opt.zero_grad()
                loss_func(model(xb), yb).backward()
                opt.step()
                sched.step()
      `,
      errors: [{ line: 7, column: 9 }],
      output: py`
        sched = optim.lr_scheduler.ExponentialLR(opt, gamma=0.95)
        for epoch in range(30):
            for xb, yb in train_dl:
                opt.zero_grad()
                loss_func(model(xb), yb).backward()
                opt.step()
            sched.step()
      `,
    },
    {
      name: 'a trainer class: self.scheduler (CosineAnnealingLR over epochs) stepped per batch',
      code: py`
        class Trainer:
            def __init__(self, model, epochs):
                self.optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
                self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(self.optimizer, T_max=epochs)

            def train_epoch(self, loader):
                for x, y in loader:
                    self.optimizer.zero_grad()
                    self.criterion(self.model(x), y).backward()
                    self.optimizer.step()
                    self.scheduler.step()
      `,
      errors: [{ line: 11, column: 13 }],
      output: py`
        class Trainer:
            def __init__(self, model, epochs):
                self.optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
                self.scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(self.optimizer, T_max=epochs)

            def train_epoch(self, loader):
                for x, y in loader:
                    self.optimizer.zero_grad()
                    self.criterion(self.model(x), y).backward()
                    self.optimizer.step()
                self.scheduler.step()
      `,
    },
    {
      name: 'AMP: the scheduler steps before scaler.step(optimizer)',
      code: py`
        scheduler = OneCycleLR(optimizer, max_lr=3e-3, total_steps=len(loader) * epochs)
        for epoch in range(epochs):
            for x, y in loader:
                optimizer.zero_grad()
                with torch.autocast("cuda"):
                    loss = criterion(model(x), y)
                scaler.scale(loss).backward()
                scheduler.step()
                scaler.step(optimizer)
                scaler.update()
      `,
      errors: [{ line: 8, column: 9 }],
      output: py`
        scheduler = OneCycleLR(optimizer, max_lr=3e-3, total_steps=len(loader) * epochs)
        for epoch in range(epochs):
            for x, y in loader:
                optimizer.zero_grad()
                with torch.autocast("cuda"):
                    loss = criterion(model(x), y)
                scaler.scale(loss).backward()
                scaler.step(optimizer)
                scheduler.step()
                scaler.update()
      `,
    },
    {
      name: 'the pre-1.1 habit with an inline batch loop: moved after the batch loop',
      code: py`
        for epoch in range(num_epochs):
            exp_lr_scheduler.step()
            model.train()
            for inputs, labels in train_loader:
                optimizer.zero_grad()
                criterion(model(inputs), labels).backward()
                optimizer.step()
            validate(model)
        exp_lr_scheduler = lr_scheduler.LambdaLR(optimizer, lambda e: 0.95 ** e)
      `,
      errors: [{ line: 2, column: 5 }],
      output: py`
        for epoch in range(num_epochs):
            model.train()
            for inputs, labels in train_loader:
                optimizer.zero_grad()
                criterion(model(inputs), labels).backward()
                optimizer.step()
            exp_lr_scheduler.step()
            validate(model)
        exp_lr_scheduler = lr_scheduler.LambdaLR(optimizer, lambda e: 0.95 ** e)
      `,
    },
  ],
});
