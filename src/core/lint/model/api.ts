/**
 * The library APIs the rules recognise, by the module that defines them. A call matches when its callee resolves
 * (through the file's imports) to one of these qualified names, or when it is written as a bare or dotted name
 * whose root is not defined in the file (star imports, notebooks that import in another cell).
 */

export interface ApiFamily {
  modules: readonly string[];
  names: ReadonlySet<string>;
}

const family = (modules: string[], names: string[]): ApiFamily => ({ modules, names: new Set(names) });

export const OPTIMIZERS = family(['torch.optim'], [
  'SGD', 'Adam', 'AdamW', 'Adamax', 'Adagrad', 'Adadelta', 'RMSprop', 'Rprop', 'ASGD', 'NAdam', 'RAdam', 'LBFGS',
  'SparseAdam', 'Adafactor',
]);

/** Schedulers whose schedule is written in epochs: stepped once per epoch. */
export const EPOCH_SCHEDULERS = family(['torch.optim.lr_scheduler'], [
  'StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'PolynomialLR',
]);

/** Schedulers whose schedule is written in optimizer steps: stepped once per batch. */
export const BATCH_SCHEDULERS = family(['torch.optim.lr_scheduler'], ['OneCycleLR', 'CyclicLR']);

/** Hugging Face warm-up schedules, built from a total number of training steps. */
export const WARMUP_SCHEDULES = family(['transformers', 'transformers.optimization'], [
  'get_linear_schedule_with_warmup', 'get_cosine_schedule_with_warmup',
  'get_cosine_with_hard_restarts_schedule_with_warmup', 'get_polynomial_decay_schedule_with_warmup',
  'get_constant_schedule_with_warmup', 'get_inverse_sqrt_schedule', 'get_wsd_schedule', 'get_scheduler',
  'get_cosine_with_min_lr_schedule_with_warmup',
]);

/** Schedulers used both per epoch and per step (the lambda or the sub-schedulers decide): never flagged. */
export const OTHER_SCHEDULERS = family(['torch.optim.lr_scheduler'], [
  'LambdaLR', 'MultiplicativeLR', 'ConstantLR', 'LinearLR', 'CosineAnnealingWarmRestarts', 'SequentialLR',
  'ChainedScheduler',
]);

export const PLATEAU_SCHEDULER = family(['torch.optim.lr_scheduler'], ['ReduceLROnPlateau']);

export const LOSS_CLASSES = family(['torch.nn', 'torch.nn.modules.loss'], [
  'CrossEntropyLoss', 'NLLLoss', 'BCEWithLogitsLoss', 'BCELoss', 'MSELoss', 'L1Loss', 'SmoothL1Loss', 'HuberLoss',
  'KLDivLoss', 'CTCLoss', 'MultiLabelSoftMarginLoss', 'MultiMarginLoss', 'PoissonNLLLoss', 'GaussianNLLLoss',
  'CosineEmbeddingLoss', 'MarginRankingLoss', 'TripletMarginLoss', 'SoftMarginLoss', 'HingeEmbeddingLoss',
  'MultiLabelMarginLoss',
]);

export const FUNCTIONAL_LOSSES = family(['torch.nn.functional'], [
  'cross_entropy', 'nll_loss', 'binary_cross_entropy_with_logits', 'binary_cross_entropy', 'mse_loss', 'l1_loss',
  'smooth_l1_loss', 'huber_loss', 'kl_div', 'ctc_loss',
]);

/** What each loss applies to its input itself, for the activation rule. */
export type LossKind = 'cross-entropy' | 'nll' | 'bce-with-logits' | 'bce' | 'regression' | 'other';

export function lossKind(name: string): LossKind {
  switch (name) {
    case 'CrossEntropyLoss':
    case 'cross_entropy':
      return 'cross-entropy';
    case 'NLLLoss':
    case 'nll_loss':
      return 'nll';
    case 'BCEWithLogitsLoss':
    case 'binary_cross_entropy_with_logits':
      return 'bce-with-logits';
    case 'BCELoss':
    case 'binary_cross_entropy':
      return 'bce';
    case 'MSELoss':
    case 'mse_loss':
    case 'L1Loss':
    case 'l1_loss':
    case 'SmoothL1Loss':
    case 'smooth_l1_loss':
    case 'HuberLoss':
    case 'huber_loss':
      return 'regression';
    default:
      return 'other';
  }
}

export const NN_MODULE = family(['torch.nn', 'torch.nn.modules.module'], ['Module']);
export const LIGHTNING_MODULE = family(['pytorch_lightning', 'lightning', 'lightning.pytorch', 'lightning.pytorch.core'], ['LightningModule']);
export const SEQUENTIAL = family(['torch.nn', 'torch.nn.modules.container'], ['Sequential']);
export const LINEAR = family(['torch.nn', 'torch.nn.modules.linear'], ['Linear', 'LazyLinear']);
export const DROPOUT = family(['torch.nn'], ['Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d', 'AlphaDropout', 'FeatureAlphaDropout']);
export const FUNCTIONAL_DROPOUT = family(['torch.nn.functional'], ['dropout', 'dropout1d', 'dropout2d', 'dropout3d', 'alpha_dropout']);

/** Activation modules and functions, by what they do. */
export type ActivationKind = 'softmax' | 'log-softmax' | 'sigmoid' | 'relu';

export const ACTIVATION_MODULES = family(['torch.nn', 'torch.nn.modules.activation'], ['Softmax', 'LogSoftmax', 'Sigmoid', 'ReLU']);
export const ACTIVATION_FUNCTIONS = family(['torch.nn.functional', 'torch'], ['softmax', 'log_softmax', 'sigmoid', 'relu']);
/** Tensor methods with the same effect: `x.softmax(dim=1)`. */
export const ACTIVATION_METHODS = new Set(['softmax', 'log_softmax', 'sigmoid', 'relu']);

export function activationKind(name: string): ActivationKind | null {
  switch (name) {
    case 'Softmax':
    case 'softmax':
      return 'softmax';
    case 'LogSoftmax':
    case 'log_softmax':
      return 'log-softmax';
    case 'Sigmoid':
    case 'sigmoid':
      return 'sigmoid';
    case 'ReLU':
    case 'relu':
      return 'relu';
    default:
      return null;
  }
}

export const DATA_LOADER = family(['torch.utils.data', 'torch.utils.data.dataloader'], ['DataLoader']);
export const ITERABLE_DATASET = family(['torch.utils.data', 'torch.utils.data.dataset'], ['IterableDataset']);

const TRANSFORM_MODULES = ['torchvision.transforms', 'torchvision.transforms.v2', 'torchvision.transforms.transforms'];
export const COMPOSE = family(TRANSFORM_MODULES, ['Compose']);
export const TO_TENSOR = family(TRANSFORM_MODULES, ['ToTensor']);
export const PIL_TO_TENSOR = family(TRANSFORM_MODULES, ['PILToTensor']);
export const TO_IMAGE = family(TRANSFORM_MODULES, ['ToImage', 'ToImageTensor']);
export const TO_DTYPE = family(TRANSFORM_MODULES, ['ToDtype', 'ConvertDtype']);
/** Scales integer images to [0, 1] as it converts. */
export const CONVERT_IMAGE_DTYPE = family(TRANSFORM_MODULES, ['ConvertImageDtype']);
export const NORMALIZE = family([...TRANSFORM_MODULES, 'albumentations'], ['Normalize']);
export const READ_IMAGE = family(['torchvision.io', 'torchvision.io.image'], ['read_image', 'decode_image', 'decode_jpeg', 'decode_png']);

export const KNOWN_DATASETS = family(['torchvision.datasets'], [
  'CIFAR10', 'CIFAR100', 'MNIST', 'FashionMNIST', 'KMNIST', 'EMNIST', 'ImageFolder', 'DatasetFolder', 'ImageNet',
  'STL10', 'SVHN',
]);

export const GRAD_SCALER = family(['torch.cuda.amp', 'torch.amp', 'torch.cpu.amp'], ['GradScaler']);
export const AUTOCAST = family(['torch.cuda.amp', 'torch.amp', 'torch.cpu.amp', 'torch'], ['autocast']);
export const CLIP_GRAD = family(['torch.nn.utils', 'torch.nn.utils.clip_grad'], ['clip_grad_norm_', 'clip_grad_value_', 'clip_grad_norm']);

/** Library training loops that run backward/step/zero_grad themselves. */
export const HF_TRAINER = family(['transformers'], ['Trainer', 'Seq2SeqTrainer']);
export const LIGHTNING_TRAINER = family(['pytorch_lightning', 'lightning', 'lightning.pytorch'], ['Trainer']);

/**
 * Calls whose arguments and binding the extractor reads eagerly, by the last name of the callee. Every other
 * call's arguments are read on demand.
 */
export const DETAILED_CALLS: ReadonlySet<string> = new Set([
  ...OPTIMIZERS.names, ...EPOCH_SCHEDULERS.names, ...BATCH_SCHEDULERS.names, ...WARMUP_SCHEDULES.names,
  ...OTHER_SCHEDULERS.names, ...PLATEAU_SCHEDULER.names, ...LOSS_CLASSES.names, ...FUNCTIONAL_LOSSES.names,
  ...SEQUENTIAL.names, ...LINEAR.names, ...DROPOUT.names, ...FUNCTIONAL_DROPOUT.names, ...ACTIVATION_MODULES.names,
  ...ACTIVATION_FUNCTIONS.names, ...DATA_LOADER.names, ...COMPOSE.names, ...TO_TENSOR.names, ...PIL_TO_TENSOR.names,
  ...TO_IMAGE.names, ...TO_DTYPE.names, ...CONVERT_IMAGE_DTYPE.names, ...NORMALIZE.names, ...READ_IMAGE.names, ...KNOWN_DATASETS.names,
  ...GRAD_SCALER.names, ...CLIP_GRAD.names, ...HF_TRAINER.names,
  'Dense', 'step', 'zero_grad', 'fit', 'compile', 'from_numpy', 'tensor', 'as_tensor', 'Tensor', 'FloatTensor',
  'astype', 'enumerate', 'tqdm', 'iter', 'zip', 'range', 'Lambda', 'create_model', 'from_pretrained',
  'TrainingArguments', 'add_argument', 'div', 'div_', 'true_divide', 'OrderedDict', 'imread', 'open',
]);

/** Qualified-name matching: `q` is what the callee resolved to, `rooted` whether its first name is defined here. */
export function matchesApi(q: string, rooted: boolean, f: ApiFamily): string | null {
  const dot = q.lastIndexOf('.');
  const name = q.slice(dot + 1);
  if (!f.names.has(name)) return null;
  if (dot < 0) return rooted ? null : name;
  const module = q.slice(0, dot);
  if (f.modules.includes(module)) return name;
  // an unresolved qualifier written with a conventional alias (`optim.SGD` in a notebook whose import cell was
  // not exported) still names the API; `self.dropout(x)` or `args.Adam` do not
  if (rooted) return null;
  const root = module.split('.')[0]!;
  return CONVENTIONAL_ALIASES.has(root) ? name : null;
}

/** How the libraries are usually imported; used only when the file does not show the import. */
const CONVENTIONAL_ALIASES = new Set([
  'torch', 'nn', 'F', 'functional', 'optim', 'lr_scheduler', 'data', 'utils', 'torchvision', 'tv', 'transforms', 'T',
  'v2', 'datasets', 'models', 'io', 'amp', 'transformers', 'pl', 'L', 'lightning', 'pytorch_lightning',
]);
