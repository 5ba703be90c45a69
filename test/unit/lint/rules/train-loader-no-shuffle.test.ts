import { fixture, py, ruleTester } from '../rule-tester';

const tutorial = fixture('scripts/tutorial-transfer-learning.py');
const kaggle = fixture('scripts/kaggle-notebook-export.py');

ruleTester('train-loader-no-shuffle', {
  valid: [
    { name: 'training loader with shuffle=True', code: py`train_loader = DataLoader(train_set, batch_size=64, shuffle=True)` },
    { name: 'validation loader without shuffle', code: py`val_loader = DataLoader(val_set, batch_size=256)` },
    { name: 'test loader with shuffle=False', code: py`test_loader = torch.utils.data.DataLoader(test_set, batch_size=100, shuffle=False)` },
    {
      // silent on purpose: shuffle=True and a sampler are mutually exclusive; the sampler shuffles
      name: 'a DistributedSampler does the shuffling',
      code: py`train_loader = DataLoader(train_set, batch_size=64, shuffle=False, sampler=DistributedSampler(train_set))`,
    },
    { name: 'a batch_sampler decides the order', code: py`train_loader = DataLoader(train_set, batch_sampler=BucketBatchSampler(train_set, 32))` },
    {
      name: 'an IterableDataset defined in the file',
      code: py`
        class StreamingShards(torch.utils.data.IterableDataset):
            def __iter__(self):
                yield from read_shards()

        train_loader = DataLoader(StreamingShards(), batch_size=32)
      `,
    },
    {
      name: 'a streaming Hugging Face dataset is iterable',
      code: py`
        train_ds = load_dataset("c4", "en", split="train", streaming=True)
        train_loader = DataLoader(train_ds, batch_size=8)
      `,
    },
    { name: 'shuffle computed at run time', code: py`train_loader = DataLoader(train_set, batch_size=32, shuffle=args.shuffle)` },
    { name: 'pytorch/examples MNIST: options passed as **train_kwargs', code: fixture('scripts/examples-mnist-clean.py') },
    { name: 'Lightning data module: train_dataloader shuffles, the others do not', code: fixture('scripts/lightning-module.py') },
    { name: 'Keras fit shuffles by default', code: py`model.fit(x_train, y_train, batch_size=128, epochs=15, validation_split=0.1)` },
    {
      name: 'a loader of unknown role that only feeds evaluation',
      code: py`
        loader = DataLoader(dataset, batch_size=64)
        with torch.no_grad():
            for x, y in loader:
                correct += (model(x).argmax(1) == y).sum().item()
      `,
    },
    {
      name: 'dict comprehension over train and val with shuffle=True',
      code: py`dataloaders = {x: torch.utils.data.DataLoader(image_datasets[x], batch_size=4, shuffle=True, num_workers=4) for x in ["train", "val"]}`,
    },
    { name: 'shuffle passed by position', code: py`train_loader = DataLoader(train_set, 128, True)` },
    { name: 'AMP script: shuffle=True with drop_last', code: fixture('scripts/amp-accumulation-clean.py') },
  ],
  invalid: [
    {
      name: 'shuffle omitted',
      code: py`train_loader = DataLoader(train_set, batch_size=64)`,
      errors: [{ line: 1, column: 16, endColumn: 26, message: 'without `shuffle=True`' }],
      output: py`train_loader = DataLoader(train_set, batch_size=64, shuffle=True)`,
      safe: true,
    },
    {
      name: 'shuffle=False',
      code: py`trainloader = torch.utils.data.DataLoader(trainset, batch_size=128, shuffle=False, num_workers=2)`,
      errors: [{ line: 1, column: 69, endColumn: 82, message: 'with `shuffle=False`' }],
      output: py`trainloader = torch.utils.data.DataLoader(trainset, batch_size=128, shuffle=True, num_workers=2)`,
      safe: true,
    },
    {
      name: 'transfer-learning tutorial (whole file)',
      code: tutorial,
      errors: [{ line: 35, column: 16 }],
      output: tutorial.replace('batch_size=4, num_workers=4)\nval_loader', 'batch_size=4, num_workers=4, shuffle=True)\nval_loader'),
    },
    {
      name: 'Kaggle notebook export: train_dl = DataLoader(train_ds, batch_size=128) (whole file)',
      code: kaggle,
      errors: [{ line: 40, column: 12 }],
      output: kaggle.replace('train_dl = DataLoader(train_ds, batch_size=128)', 'train_dl = DataLoader(train_ds, batch_size=128, shuffle=True)'),
    },
    {
      name: 'a neutral name, but its batches reach backward()',
      code: py`
        loader = DataLoader(ds, batch_size=32)
        for epoch in range(10):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
      `,
      errors: [{ line: 1, column: 10 }],
      output: py`
        loader = DataLoader(ds, batch_size=32, shuffle=True)
        for epoch in range(10):
            for x, y in loader:
                optimizer.zero_grad()
                criterion(model(x), y).backward()
                optimizer.step()
      `,
    },
    {
      name: 'passed to a same-file train() whose loop trains',
      code: py`
        def train(model, data, optimizer):
            for x, y in tqdm(data):
                optimizer.zero_grad()
                F.cross_entropy(model(x), y).backward()
                optimizer.step()

        dl = DataLoader(dataset, 16)
        train(model, dl, opt)
      `,
      errors: [{ line: 7, column: 6 }],
      output: py`
        def train(model, data, optimizer):
            for x, y in tqdm(data):
                optimizer.zero_grad()
                F.cross_entropy(model(x), y).backward()
                optimizer.step()

        dl = DataLoader(dataset, 16, shuffle=True)
        train(model, dl, opt)
      `,
    },
    {
      name: 'one argument per line with a trailing comma',
      code: py`
        train_loader = DataLoader(
            train_dataset,
            batch_size=args.batch_size,
            num_workers=4,  # tuned for the cluster
            pin_memory=True,
        )
      `,
      errors: [{ line: 1, column: 16 }],
      output: py`
        train_loader = DataLoader(
            train_dataset,
            batch_size=args.batch_size,
            num_workers=4,  # tuned for the cluster
            pin_memory=True,
            shuffle=True,
        )
      `,
    },
    {
      name: 'one argument per line without a trailing comma',
      code: py`
        train_loader = DataLoader(
            train_dataset,
            batch_size=32
        )
      `,
      errors: [{ line: 1, column: 16 }],
      output: py`
        train_loader = DataLoader(
            train_dataset,
            batch_size=32,
            shuffle=True
        )
      `,
    },
    {
      name: 'dict comprehension over train and val without shuffle',
      code: py`dataloaders = {x: torch.utils.data.DataLoader(image_datasets[x], batch_size=4, num_workers=4) for x in ["train", "val"]}`,
      errors: [{ line: 1, column: 19 }],
      output: py`dataloaders = {x: torch.utils.data.DataLoader(image_datasets[x], batch_size=4, num_workers=4, shuffle=True) for x in ["train", "val"]}`,
    },
    {
      name: 'dict of loaders: only the train entry is flagged',
      code: py`
        loaders = {
            "train": DataLoader(train_ds, batch_size=32),
            "val": DataLoader(val_ds, batch_size=64),
        }
      `,
      errors: [{ line: 2, column: 14 }],
      output: py`
        loaders = {
            "train": DataLoader(train_ds, batch_size=32, shuffle=True),
            "val": DataLoader(val_ds, batch_size=64),
        }
      `,
    },
    {
      name: 'Lightning train_dataloader without shuffle',
      code: py`
        class DataModule(L.LightningDataModule):
            def train_dataloader(self):
                return DataLoader(self.train_set, batch_size=self.batch_size, num_workers=8)
      `,
      errors: [{ line: 3, column: 16 }],
      output: py`
        class DataModule(L.LightningDataModule):
            def train_dataloader(self):
                return DataLoader(self.train_set, batch_size=self.batch_size, num_workers=8, shuffle=True)
      `,
    },
    {
      name: 'Keras fit(..., shuffle=False)',
      code: py`history = model.fit(x_train, y_train, epochs=10, batch_size=32, shuffle=False, validation_data=(x_val, y_val))`,
      errors: [{ line: 1, column: 65, endColumn: 78 }],
      output: py`history = model.fit(x_train, y_train, epochs=10, batch_size=32, shuffle=True, validation_data=(x_val, y_val))`,
    },
    {
      name: 'shuffle=False passed by position',
      code: py`train_loader = DataLoader(train_set, 128, False)`,
      errors: [{ line: 1, column: 43, endColumn: 48 }],
      output: py`train_loader = DataLoader(train_set, 128, True)`,
    },
    {
      name: 'dataset passed by keyword',
      code: py`train_loader = torch.utils.data.DataLoader(dataset=train_data, batch_size=bs, num_workers=4)`,
      errors: [{ line: 1, column: 16 }],
      output: py`train_loader = torch.utils.data.DataLoader(dataset=train_data, batch_size=bs, num_workers=4, shuffle=True)`,
    },
    {
      name: 'accelerate-style script: tokenized["train"] with a collator',
      code: py`
        from torch.utils.data import DataLoader
        train_dataloader = DataLoader(tokenized["train"], collate_fn=collator, batch_size=8)
        eval_dataloader = DataLoader(tokenized["validation"], collate_fn=collator, batch_size=8)
      `,
      errors: [{ line: 2, column: 20 }],
      output: py`
        from torch.utils.data import DataLoader
        train_dataloader = DataLoader(tokenized["train"], collate_fn=collator, batch_size=8, shuffle=True)
        eval_dataloader = DataLoader(tokenized["validation"], collate_fn=collator, batch_size=8)
      `,
    },
    {
      name: 'sampler=None does not shuffle',
      code: py`train_loader = DataLoader(train_set, batch_size=64, sampler=None)`,
      errors: [{ line: 1, column: 16 }],
      output: py`train_loader = DataLoader(train_set, batch_size=64, sampler=None, shuffle=True)`,
    },
  ],
});
