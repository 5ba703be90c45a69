import { fixture, py, ruleTester } from '../rule-tester';

const tutorial = fixture('scripts/tutorial-transfer-learning.py');
const kaggle = fixture('scripts/kaggle-notebook-export.py');

ruleTester('missing-zero-grad', {
  valid: [
    {
      name: 'zero_grad at the top of the batch loop',
      code: py`
        for inputs, labels in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
      `,
    },
    {
      name: 'zero_grad(set_to_none=True) after the step',
      code: py`
        for x, y in loader:
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            opt.zero_grad(set_to_none=True)
      `,
    },
    {
      name: 'model.zero_grad() clears the same gradients',
      code: py`
        for x, y in loader:
            model.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
      `,
    },
    {
      name: 'p.grad = None for every parameter',
      code: py`
        for x, y in loader:
            for p in model.parameters():
                p.grad = None
            loss_fn(model(x), y).backward()
            optimizer.step()
      `,
    },
    {
      // silent on purpose: gradient accumulation clears only every k steps
      name: 'gradient accumulation: zero_grad under if step % k == 0',
      code: py`
        for step, (x, y) in enumerate(loader):
            loss = criterion(model(x), y) / accum_steps
            loss.backward()
            if (step + 1) % accum_steps == 0:
                optimizer.step()
                optimizer.zero_grad()
      `,
    },
    {
      name: 'a same-file helper does the whole step, zero_grad included',
      code: py`
        def train_step(model, optimizer, batch):
            optimizer.zero_grad()
            loss = model(**batch).loss
            loss.backward()
            optimizer.step()
            return loss.item()

        for epoch in range(3):
            for batch in loader:
                train_step(model, optimizer, batch)
      `,
    },
    {
      // silent on purpose: the helper lives in another module, we cannot see inside it
      name: 'the step happens in a helper of another module',
      code: py`
        from engine import train_step
        for batch in loader:
            train_step(model, opt, batch)
      `,
    },
    {
      name: 'Lightning runs the loop (training_step returns the loss)',
      code: fixture('scripts/lightning-module.py'),
    },
    {
      name: 'Hugging Face Trainer runs the loop',
      code: fixture('scripts/hf-trainer.py'),
    },
    {
      name: 'AMP with accumulation and zero_grad(set_to_none=True)',
      code: fixture('scripts/amp-accumulation-clean.py'),
    },
    {
      name: 'pytorch/examples MNIST layout: train() per epoch',
      code: fixture('scripts/examples-mnist-clean.py'),
    },
    {
      name: 'an RL loop: env.step() is not an optimizer step',
      code: py`
        obs = env.reset()
        for t in range(1000):
            action = policy(obs)
            obs, reward, done, info = env.step(action)
            if done:
                obs = env.reset()
      `,
    },
    {
      name: 'GAN: each network zeroes its own gradients',
      code: py`
        for real, _ in dataloader:
            netD.zero_grad()
            errD = criterion(netD(real), ones)
            errD.backward()
            optimizerD.step()
            netG.zero_grad()
            errG = criterion(netD(netG(noise)), ones)
            errG.backward()
            optimizerG.step()
      `,
    },
    {
      name: 'zero_grad and step after backward, in that order, in a Trainer class',
      code: py`
        class Trainer:
            def fit(self, loader):
                for batch in loader:
                    loss = self.compute_loss(batch)
                    loss.backward()
                    self.optimizer.step()
                    self.optimizer.zero_grad()
      `,
    },
    {
      name: 'a syntax error elsewhere does not make a correct loop noisy',
      code: py`
        def broken(:
            pass

        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
      `,
    },
  ],
  invalid: [
    {
      name: 'the classic loop',
      code: py`
        for x, y in loader:
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
      `,
      errors: [{ line: 4, column: 5, endLine: 4, endColumn: 15, message: 'gradients are never cleared' }],
      output: py`
        for x, y in loader:
            loss = loss_fn(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
      `,
      safe: true,
    },
    {
      name: 'transfer-learning tutorial style script (whole file)',
      code: tutorial,
      errors: [{ line: 61, column: 13 }],
      output: tutorial.replace('            loss.backward()\n', '            optimizer.zero_grad()\n            loss.backward()\n'),
    },
    {
      name: 'Kaggle notebook export: zero_grad() between backward() and step()',
      code: kaggle,
      errors: [{ line: 82, column: 9, message: 'clears the gradients that `loss.backward()` just computed' }],
      output: kaggle.replace('        loss.backward()\n        optimizer.zero_grad()\n', '        optimizer.zero_grad()\n        loss.backward()\n'),
      safe: true,
    },
    {
      name: 'zero_grad once per epoch, outside the batch loop',
      code: py`
        for epoch in range(10):
            optimizer.zero_grad()
            for x, y in train_loader:
                out = model(x)
                loss = criterion(out, y)
                loss.backward()
                optimizer.step()
      `,
      errors: [{ line: 7, column: 9 }],
      output: py`
        for epoch in range(10):
            optimizer.zero_grad()
            for x, y in train_loader:
                out = model(x)
                loss = criterion(out, y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
      `,
    },
    {
      name: 'accumulation with no zero_grad at all: clear after the conditional step',
      code: py`
        for i, (x, y) in enumerate(loader):
            (criterion(model(x), y) / 4).backward()
            if (i + 1) % 4 == 0:
                optimizer.step()
      `,
      errors: [{ line: 4, column: 9 }],
      output: py`
        for i, (x, y) in enumerate(loader):
            (criterion(model(x), y) / 4).backward()
            if (i + 1) % 4 == 0:
                optimizer.step()
                optimizer.zero_grad()
      `,
    },
    {
      name: 'AMP: scaler.step(optimizer) is the optimizer step',
      code: py`
        scaler = torch.cuda.amp.GradScaler()
        for images, labels in train_loader:
            with torch.autocast("cuda"):
                loss = criterion(model(images), labels)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
      `,
      errors: [{ line: 6, column: 5, endColumn: 27 }],
      output: py`
        scaler = torch.cuda.amp.GradScaler()
        for images, labels in train_loader:
            with torch.autocast("cuda"):
                loss = criterion(model(images), labels)
            optimizer.zero_grad()
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
      `,
    },
    {
      name: 'the step lives in a same-file helper called once per batch',
      code: py`
        def train_step(model, optimizer, x, y):
            loss = F.nll_loss(model(x), y)
            loss.backward()
            optimizer.step()
            return loss

        for epoch in range(5):
            for x, y in train_loader:
                train_step(model, optimizer, x, y)
      `,
      errors: [{ line: 4, column: 5 }],
      output: py`
        def train_step(model, optimizer, x, y):
            loss = F.nll_loss(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            return loss

        for epoch in range(5):
            for x, y in train_loader:
                train_step(model, optimizer, x, y)
      `,
    },
    {
      name: 'backward() in a helper, step() in the loop: clear after the step',
      code: py`
        def backward_pass(model, batch):
            loss = model(batch).mean()
            loss.backward()
            return loss

        for batch in loader:
            backward_pass(model, batch)
            optim.step()
      `,
      errors: [{ line: 8, column: 5 }],
      output: py`
        def backward_pass(model, batch):
            loss = model(batch).mean()
            loss.backward()
            return loss

        for batch in loader:
            backward_pass(model, batch)
            optim.step()
            optim.zero_grad()
      `,
    },
    {
      name: 'a trainer class: self.optimizer',
      code: py`
        class Trainer:
            def __init__(self, model):
                self.model = model
                self.optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)

            def train_epoch(self, loader):
                for batch in loader:
                    loss = self.model(**batch).loss
                    loss.backward()
                    self.optimizer.step()
      `,
      errors: [{ line: 10, column: 13 }],
      output: py`
        class Trainer:
            def __init__(self, model):
                self.model = model
                self.optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)

            def train_epoch(self, loader):
                for batch in loader:
                    loss = self.model(**batch).loss
                    self.optimizer.zero_grad()
                    loss.backward()
                    self.optimizer.step()
      `,
    },
    {
      name: 'iteration-based while loop',
      code: py`
        it = iter(loader)
        step = 0
        while step < max_steps:
            x, y = next(it)
            criterion(net(x), y).backward()
            solver.step()
            step += 1
        solver = torch.optim.SGD(net.parameters(), lr=0.1)
      `,
      errors: [{ line: 6, column: 5 }],
      output: py`
        it = iter(loader)
        step = 0
        while step < max_steps:
            x, y = next(it)
            solver.zero_grad()
            criterion(net(x), y).backward()
            solver.step()
            step += 1
        solver = torch.optim.SGD(net.parameters(), lr=0.1)
      `,
    },
    {
      name: 'GAN with neither network zeroing its gradients: one finding per optimizer',
      code: py`
        for real, _ in dataloader:
            errD = criterion(netD(real), ones)
            errD.backward()
            optimizerD.step()
            errG = criterion(netD(netG(noise)), ones)
            errG.backward()
            optimizerG.step()
      `,
      errors: [{ line: 4, column: 5 }, { line: 7, column: 5 }],
      output: py`
        for real, _ in dataloader:
            errD = criterion(netD(real), ones)
            optimizerD.zero_grad()
            errD.backward()
            optimizerD.step()
            errG = criterion(netD(netG(noise)), ones)
            optimizerG.zero_grad()
            errG.backward()
            optimizerG.step()
      `,
    },
    {
      name: 'an optimizer built from model.parameters() by a third-party class',
      code: py`
        from lion_pytorch import Lion
        o = Lion(model.parameters(), lr=1e-4)
        for x in loader:
            model(x).sum().backward()
            o.step()
      `,
      errors: [{ line: 5, column: 5 }],
      output: py`
        from lion_pytorch import Lion
        o = Lion(model.parameters(), lr=1e-4)
        for x in loader:
            o.zero_grad()
            model(x).sum().backward()
            o.step()
      `,
    },
    {
      name: 'statements on one line: reported without a fix',
      code: py`
        for x, y in loader: loss = f(model(x), y); loss.backward(); optimizer.step()
      `,
      errors: [{ line: 1, column: 61 }],
      output: null,
    },
    {
      name: 'model.zero_grad() between backward() and step()',
      code: py`
        for x, y in loader:
            loss = criterion(model(x), y)
            loss.backward()
            model.zero_grad()
            optimizer.step()
      `,
      errors: [{ line: 4, column: 5, endColumn: 22 }],
      output: py`
        for x, y in loader:
            loss = criterion(model(x), y)
            model.zero_grad()
            loss.backward()
            optimizer.step()
      `,
    },
    {
      name: 'research layout: train(epoch) holds the batch loop, called from the epoch loop',
      code: py`
        def train(epoch):
            net.train()
            for batch_idx, (inputs, targets) in enumerate(trainloader):
                inputs, targets = inputs.to(device), targets.to(device)
                outputs = net(inputs)
                loss = criterion(outputs, targets)
                loss.backward()
                optimizer.step()

        for epoch in range(start_epoch, start_epoch + 200):
            train(epoch)
            test(epoch)
      `,
      errors: [{ line: 8, column: 9 }],
      output: py`
        def train(epoch):
            net.train()
            for batch_idx, (inputs, targets) in enumerate(trainloader):
                inputs, targets = inputs.to(device), targets.to(device)
                outputs = net(inputs)
                loss = criterion(outputs, targets)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()

        for epoch in range(start_epoch, start_epoch + 200):
            train(epoch)
            test(epoch)
      `,
    },
    {
      name: 'a syntax error elsewhere in the file does not silence the rule',
      code: py`
        model.train(
        def broken(:
            pass

        for x, y in loader:
            criterion(model(x), y).backward()
            optimizer.step()
      `,
      errors: [{ line: 7, column: 5 }],
      output: py`
        model.train(
        def broken(:
            pass

        for x, y in loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
      `,
      variants: false,
    },
  ],
});
