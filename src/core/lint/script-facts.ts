/**
 * What the diagnosis needs to know about a training script, read from its parse tree by the lint layer's
 * semantic model. Lines and columns here are 1-based (they are shown to people and printed by the CLI).
 * Every fact says where in the script it was read, so a diagnosis can point at that line.
 */
export interface SourceRef {
  line: number;
  column: number;
  /** The source text of the statement or expression, trimmed to one line. */
  text: string;
}

export interface Located<T> {
  value: T;
  at: SourceRef;
}

export interface ScriptFacts {
  /** The script has a training loop (backward() / optimizer.step() in a loop) or calls Keras fit / HF Trainer. */
  hasTrainingLoop: boolean;
  /** Output size of the final Linear / Dense layer, or an explicit num_classes; null when unknown. */
  numClasses: Located<number> | null;
  /** Loss by its class or function name: CrossEntropyLoss, cross_entropy, BCEWithLogitsLoss, BCELoss, NLLLoss, MSELoss, ... */
  loss: Located<string> | null;
  /** Activation applied to the model's final output: Softmax, LogSoftmax, Sigmoid, ReLU, ... */
  finalActivation: Located<string> | null;
  optimizer: (Located<string> & { lr: number | null; weightDecay: number | null; momentum: number | null }) | null;
  /** Scheduler class (StepLR, OneCycleLR, ...), its numeric arguments, and where and how often it is stepped. */
  scheduler: (Located<string> & {
    params: Record<string, number | number[]>;
    steppedPer: 'batch' | 'epoch' | 'unknown';
    stepAt: SourceRef | null;
  }) | null;
  /** Dropout layers or calls, with their rate when written as a number. */
  dropout: Located<number | null>[];
  batchSize: Located<number> | null;
  /** `shuffle=` of the training DataLoader (false when omitted); null when no training loader was found. */
  trainShuffle: Located<boolean> | null;
  /** A Normalize transform (or an explicit /255 scaling) exists; `at` points at it or at the Compose call. */
  normalization: Located<boolean> | null;
  /** Epoch count when written as a number (range(25), num_epochs=25, epochs=25). */
  epochs: Located<number> | null;
  /** model.eval() is called somewhere (validation in eval mode). */
  evalMode: SourceRef | null;
  /** clip_grad_norm_ / clip_grad_value_ is called. */
  gradClipping: SourceRef | null;
  /** torch.cuda.amp / torch.amp autocast or GradScaler is used. */
  mixedPrecision: SourceRef | null;
}
