import { fixture, py, ruleTester } from '../rule-tester';

const tutorial = fixture('scripts/tutorial-transfer-learning.py');
const kaggle = fixture('scripts/kaggle-notebook-export.py');

ruleTester('missing-normalize', {
  valid: [
    { name: 'research repo: ToTensor then Normalize with CIFAR statistics', code: fixture('scripts/research-cifar-argparse.py') },
    { name: 'pytorch/examples MNIST', code: fixture('scripts/examples-mnist-clean.py') },
    {
      name: 'Normalize held in a variable (pytorch/examples ImageNet style)',
      code: py`
        normalize = transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
        train_tf = transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor(), normalize])
      `,
    },
    {
      name: 'a Compose of non-image transforms',
      code: py`
        audio_tf = torchvision.transforms.Compose([TrimSilence(), RandomGain(6.0), MelSpectrogram()])
      `,
    },
    {
      // silent on purpose: VAEs compare sigmoid outputs with pixels in [0, 1]
      name: 'a VAE keeps pixels in [0, 1] on purpose',
      code: py`
        class VAE(nn.Module):
            pass

        train_set = datasets.MNIST("data", train=True, transform=transforms.ToTensor())
        tf = transforms.Compose([transforms.ToTensor()])
      `,
    },
    { name: 'a pipeline for display', code: py`vis_transform = transforms.Compose([transforms.Resize(256), transforms.ToTensor()])` },
    {
      name: 'v2: ToImage, ToDtype(scale=True), Normalize',
      code: py`
        from torchvision.transforms import v2
        tf = v2.Compose([v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize(mean=[0.5], std=[0.5])])
      `,
    },
    {
      name: 'PILToTensor, ConvertImageDtype, Normalize',
      code: py`tf = T.Compose([T.PILToTensor(), T.ConvertImageDtype(torch.float), T.Normalize((0.5,), (0.5,))])`,
    },
    {
      name: 'read_image with a division by 255 in the file',
      code: py`
        from torchvision.io import read_image
        img = read_image(path).float() / 255.0
      `,
    },
    {
      name: 'uint8 array divided by 255 before the model',
      code: py`
        X = df.values.reshape(-1, 28, 28).astype(np.uint8)
        xb = torch.from_numpy(X).float() / 255.
      `,
    },
    {
      name: 'a float feature array is not pixels',
      code: py`
        X = np.load("features.npy")
        xb = torch.from_numpy(X).float()
      `,
    },
    {
      name: 'labels from train_test_split are not pixels',
      code: py`
        X = images.astype(np.uint8)
        X_train, X_test, y_train, y_test = train_test_split(X, labels)
        targets = torch.from_numpy(y_train)
      `,
    },
    {
      // torch/_tensor.py: bool arrays go through uint8 and back into a tensor that stays uint8
      name: 'a uint8 array that stays a uint8 tensor is not model input',
      code: py`
        if array.dtype == bool:
            array = array.astype("uint8")
        t = torch.from_numpy(array)
      `,
    },
    {
      name: 'a list built with append() may hold anything',
      code: py`
        tfs = [transforms.ToTensor()]
        tfs.append(make_normalizer(cfg))
        tf = transforms.Compose(tfs)
      `,
    },
    {
      name: 'albumentations is not torchvision',
      code: py`
        import albumentations as A
        from albumentations.pytorch import ToTensorV2
        tf = A.Compose([A.HorizontalFlip(), ToTensorV2()])
      `,
    },
    { name: 'Lightning data module with Normalize', code: fixture('scripts/lightning-module.py') },
    {
      name: 'read_image followed by the dataset transform',
      code: py`
        class Images(Dataset):
            def __getitem__(self, i):
                image = read_image(self.paths[i])
                return self.transform(image), self.labels[i]
      `,
    },
  ],
  invalid: [
    {
      name: 'CIFAR-10 pipeline without Normalize: CIFAR-10 statistics',
      code: py`
        train_tf = transforms.Compose([
            transforms.RandomHorizontalFlip(),
            transforms.ToTensor(),
        ])
        train_set = datasets.CIFAR10("data", train=True, transform=train_tf)
      `,
      errors: [{ line: 1, column: 12, endColumn: 30, message: 'never normalizes' }],
      output: py`
        train_tf = transforms.Compose([
            transforms.RandomHorizontalFlip(),
            transforms.ToTensor(),
            transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),
        ])
        train_set = datasets.CIFAR10("data", train=True, transform=train_tf)
      `,
      safe: false,
    },
    {
      name: 'transfer-learning tutorial: pretrained ResNet, train pipeline without Normalize (whole file)',
      code: tutorial,
      errors: [{ line: 21, column: 14, message: 'pretrained weights' }],
      output: tutorial.replace('        transforms.ToTensor(),\n    ]),', '        transforms.ToTensor(),\n        transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),\n    ]),'),
    },
    {
      name: 'Kaggle notebook: uint8 arrays become float tensors unscaled (whole file)',
      code: kaggle,
      errors: [{ line: 38, column: 26 }, { line: 39, column: 26 }, { line: 99, column: 19 }],
      output: kaggle
        .replace('torch.from_numpy(X_train).float()', 'torch.from_numpy(X_train).float() / 255.0')
        .replace('torch.from_numpy(X_valid).float()', 'torch.from_numpy(X_valid).float() / 255.0')
        .replace('model(torch.from_numpy(X_test).float().to(device))', 'model((torch.from_numpy(X_test).float() / 255.0).to(device))'),
    },
    {
      name: 'one-line MNIST pipeline',
      code: py`
        ds = datasets.MNIST("../data", train=True, download=True, transform=transforms.Compose([transforms.ToTensor()]))
      `,
      errors: [{ line: 1, column: 69 }],
      output: py`
        ds = datasets.MNIST("../data", train=True, download=True, transform=transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]))
      `,
    },
    {
      name: 'unknown dataset: ImageNet values and a comment',
      code: py`
        tf = transforms.Compose([
            transforms.Resize((128, 128)),
            transforms.ToTensor(),
        ])
        ds = LeafDataset(df, transform=tf)
      `,
      errors: [{ line: 1, column: 6 }],
      output: py`
        tf = transforms.Compose([
            transforms.Resize((128, 128)),
            transforms.ToTensor(),
            transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),  # ImageNet statistics: compute your dataset's own mean and std
        ])
        ds = LeafDataset(df, transform=tf)
      `,
    },
    {
      name: 'bare names: Normalize is imported beside ToTensor',
      code: py`
        from torchvision.transforms import Compose, RandomCrop, ToTensor
        from torchvision.datasets import CIFAR100
        tf = Compose([RandomCrop(32, padding=4), ToTensor()])
        train = CIFAR100("data", train=True, transform=tf)
      `,
      errors: [{ line: 3, column: 6 }],
      output: py`
        from torchvision.transforms import Compose, RandomCrop, ToTensor, Normalize
        from torchvision.datasets import CIFAR100
        tf = Compose([RandomCrop(32, padding=4), ToTensor(), Normalize((0.5071, 0.4865, 0.4409), (0.2673, 0.2564, 0.2762))])
        train = CIFAR100("data", train=True, transform=tf)
      `,
    },
    {
      name: 'v2.ToImage() with no ToDtype: raw 0-255 pixels',
      code: py`
        import torch
        from torchvision.transforms import v2
        tf = v2.Compose([v2.RandomResizedCrop(224), v2.ToImage()])
        ds = datasets.ImageFolder("data/train", transform=tf)
      `,
      errors: [{ line: 3, column: 45, message: '0–255' }],
      output: py`
        import torch
        from torchvision.transforms import v2
        tf = v2.Compose([v2.RandomResizedCrop(224), v2.ToImage(), v2.ToDtype(torch.float32, scale=True), v2.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
        ds = datasets.ImageFolder("data/train", transform=tf)
      `,
    },
    {
      name: 'v2.ToDtype without scale=True keeps 0-255',
      code: py`
        import torch
        from torchvision.transforms import v2
        tf = v2.Compose([
            v2.ToImage(),
            v2.ToDtype(torch.float32),
        ])
      `,
      errors: [{ line: 5, column: 5 }],
      output: py`
        import torch
        from torchvision.transforms import v2
        tf = v2.Compose([
            v2.ToImage(),
            v2.ToDtype(torch.float32, scale=True),
            v2.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225)),  # ImageNet statistics: compute your dataset's own mean and std
        ])
      `,
    },
    {
      name: 'PILToTensor alone',
      code: py`
        import torch
        import torchvision.transforms as T
        tf = T.Compose([T.Resize(64), T.PILToTensor()])
        fmnist = torchvision.datasets.FashionMNIST("data", transform=tf)
      `,
      errors: [{ line: 3, column: 31 }],
      output: py`
        import torch
        import torchvision.transforms as T
        tf = T.Compose([T.Resize(64), T.PILToTensor(), T.ConvertImageDtype(torch.float), T.Normalize((0.2860,), (0.3530,))])
        fmnist = torchvision.datasets.FashionMNIST("data", transform=tf)
      `,
    },
    {
      name: 'read_image in a Dataset with no scaling anywhere',
      code: py`
        from torchvision.io import read_image

        class Images(Dataset):
            def __getitem__(self, i):
                image = read_image(self.paths[i])
                return image, self.labels[i]
      `,
      errors: [{ line: 5, column: 17 }],
      output: py`
        from torchvision.io import read_image

        class Images(Dataset):
            def __getitem__(self, i):
                image = read_image(self.paths[i]).float() / 255
                return image, self.labels[i]
      `,
    },
    {
      name: 'cv2.imread pixels into torch.tensor(..., dtype=torch.float32)',
      code: py`
        img = cv2.imread(path)
        x = torch.tensor(img, dtype=torch.float32).permute(2, 0, 1)
      `,
      errors: [{ line: 2, column: 5 }],
      output: py`
        img = cv2.imread(path)
        x = (torch.tensor(img, dtype=torch.float32) / 255.0).permute(2, 0, 1)
      `,
    },
    {
      name: 'np.array(Image.open(...)) into torch.from_numpy(...).float()',
      code: py`
        arr = np.array(Image.open(path).convert("RGB"))
        tensor = torch.from_numpy(arr).float()
      `,
      errors: [{ line: 2, column: 10 }],
      output: py`
        arr = np.array(Image.open(path).convert("RGB"))
        tensor = torch.from_numpy(arr).float() / 255.0
      `,
    },
    {
      name: 'ImageFolder data, both phases without Normalize: ImageNet statistics',
      code: py`
        data_transforms = {
            "train": transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor()]),
            "val": transforms.Compose([transforms.CenterCrop(224), transforms.ToTensor()]),
        }
        image_datasets = {x: datasets.ImageFolder(os.path.join(root, x), data_transforms[x]) for x in ["train", "val"]}
      `,
      errors: [{ line: 2, column: 14 }, { line: 3, column: 12 }],
      output: py`
        data_transforms = {
            "train": transforms.Compose([transforms.RandomResizedCrop(224), transforms.ToTensor(), transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))]),
            "val": transforms.Compose([transforms.CenterCrop(224), transforms.ToTensor(), transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))]),
        }
        image_datasets = {x: datasets.ImageFolder(os.path.join(root, x), data_transforms[x]) for x in ["train", "val"]}
      `,
    },
    {
      name: 'the transform list is a variable: the element goes into its definition',
      code: py`
        tfms = [
            transforms.Resize(64),
            transforms.ToTensor()
        ]
        transform = transforms.Compose(tfms)
        data = datasets.CIFAR10("data", transform=transform)
      `,
      errors: [{ line: 5, column: 13 }],
      output: py`
        tfms = [
            transforms.Resize(64),
            transforms.ToTensor(),
            transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616))
        ]
        transform = transforms.Compose(tfms)
        data = datasets.CIFAR10("data", transform=transform)
      `,
    },
    {
      name: 'a pretrained timm model on CIFAR-10: the weights want ImageNet statistics',
      code: py`
        model = timm.create_model("resnet50", pretrained=True, num_classes=10)
        tf = transforms.Compose([transforms.Resize(224), transforms.ToTensor()])
        train_set = datasets.CIFAR10("data", train=True, transform=tf)
      `,
      errors: [{ line: 2, column: 6 }],
      output: py`
        model = timm.create_model("resnet50", pretrained=True, num_classes=10)
        tf = transforms.Compose([transforms.Resize(224), transforms.ToTensor(), transforms.Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))])
        train_set = datasets.CIFAR10("data", train=True, transform=tf)
      `,
    },
  ],
});
