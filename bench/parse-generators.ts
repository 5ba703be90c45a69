import { closeSync, existsSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';

/**
 * Writers of large realistic logs for the parse benchmarks: the layout of each main format, with values that
 * move like a training run's (a decaying, noisy loss; a rising accuracy; a stepped learning rate), written as
 * training code writes them. Deterministic (a fixed-seed generator), so every run measures the same bytes.
 */
export interface Generator {
  /** Format id the file must be read as. */
  format: string;
  /** File name in the scratch folder (the name matters to sniffing: it is the name the writer uses). */
  fileName: string;
  header?: string;
  /** Text of one epoch (or one block of lines), given a counter and a random source. */
  block(i: number, rnd: () => number): string;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const f4 = (v: number): string => v.toFixed(4);
/** Python's repr of a float: the shortest round-trip digits, in exponent form below 1e-4 with a two-digit exponent. */
const pyRepr = (v: number): string => (Math.abs(v) < 1e-4 && v !== 0 ? v.toExponential().replace(/e([-+])(\d)$/, 'e$10$2') : String(v));
/** Python's `{:.2e}`: two-digit exponent. */
const e2 = (v: number): string => v.toExponential(2).replace(/e([-+])(\d)$/, 'e$10$2');
const curve = (i: number, rnd: () => number, scale = 1): number => scale * (2.3 * Math.exp(-i / 4000) + 0.05 + rnd() * 0.02);

export const GENERATORS: Record<string, Generator> = {
  'pytorch-tutorial': {
    format: 'pytorch-tutorial',
    fileName: 'tutorial.log',
    block: (i, rnd) => `Epoch ${i}/999999\n----------\ntrain Loss: ${f4(curve(i, rnd))} Acc: ${f4(1 - curve(i, rnd) / 3)}\nval Loss: ${f4(curve(i, rnd, 1.1))} Acc: ${f4(1 - curve(i, rnd, 1.1) / 3)}\n\n`,
  },
  'print-lines': {
    format: 'print-lines',
    fileName: 'train.log',
    block: (i, rnd) => `Epoch [${i + 1}/999999] | Train Loss: ${f4(curve(i, rnd))} | Train Acc: ${f4(1 - curve(i, rnd) / 3)} | Val Loss: ${f4(curve(i, rnd, 1.1))} | Val Acc: ${f4(1 - curve(i, rnd, 1.1) / 3)} | lr: ${e2(0.1 * 0.5 ** Math.floor(i / 50000))}\n`,
  },
  'keras-console': {
    format: 'keras-console',
    fileName: 'fit.log',
    // Keras 2, verbose=1 redirected to a file: an update line every few batches, then the epoch's closing line
    block: (i, rnd) => {
      const n = 1563;
      let out = `Epoch ${i + 1}/999999\n`;
      for (const k of [160, 480, 800, 1120, 1440]) {
        const bar = '='.repeat(Math.floor((30 * k) / n) - 1) + '>' + '.'.repeat(30 - Math.floor((30 * k) / n));
        out += `${String(k).padStart(4)}/${n} [${bar}] - ETA: ${Math.round((n - k) / 130)}s - loss: ${f4(curve(i, rnd))} - accuracy: ${f4(1 - curve(i, rnd) / 3)}\n`;
      }
      out += `${n}/${n} [==============================] - 12s 7ms/step - loss: ${f4(curve(i, rnd))} - accuracy: ${f4(1 - curve(i, rnd) / 3)} - val_loss: ${f4(curve(i, rnd, 1.1))} - val_accuracy: ${f4(1 - curve(i, rnd, 1.1) / 3)}\n`;
      return out;
    },
  },
  'keras-csvlogger': {
    format: 'keras-csvlogger',
    fileName: 'training_log.csv',
    header: 'epoch,accuracy,learning_rate,loss,val_accuracy,val_loss\r\n',
    // full float precision, as Python's csv writes floats
    block: (i, rnd) => `${i},${1 - curve(i, rnd) / 3},${0.001 * 0.5 ** Math.floor(i / 100000)},${curve(i, rnd)},${1 - curve(i, rnd, 1.1) / 3},${curve(i, rnd, 1.1)}\r\n`,
  },
  'json-lines': {
    format: 'json-lines',
    fileName: 'metrics.jsonl',
    block: (i, rnd) => `{"step": ${i + 1}, "epoch": ${Math.floor(i / 500)}, "loss": ${curve(i, rnd)}, "accuracy": ${1 - curve(i, rnd) / 3}, "lr": ${0.0003 * 0.5 ** Math.floor(i / 200000)}, "grad_norm": ${1 + rnd()}}\n`,
  },
  'hf-trainer-console': {
    format: 'hf-trainer-console',
    fileName: 'train_log.txt',
    // as transformers 4.4x prints them: the loss rounded to 4 digits, grad_norm and learning_rate as Python float
    // reprs (`'learning_rate': 1.8562598821331036e-05`, as in the corpus logs), the epoch rounded to 2 digits
    block: (i, rnd) => {
      let out = `{'loss': ${f4(curve(i, rnd))}, 'grad_norm': ${pyRepr(1 + rnd() * 3)}, 'learning_rate': ${pyRepr(5e-5 * (1 - i / 3e6))}, 'epoch': ${(i / 1000).toFixed(2)}}\n`;
      if (i % 1000 === 999) out += `{'eval_loss': ${pyRepr(curve(i, rnd, 1.1))}, 'eval_runtime': 12.5, 'eval_samples_per_second': 81.2, 'eval_steps_per_second': 10.2, 'epoch': ${((i + 1) / 1000).toFixed(1)}}\n`;
      return out;
    },
  },
};

/**
 * Writes `bytes` of the generator's log to `file` (whole blocks, so it ends on a line end), unless the file is
 * already there at that size from an earlier run and starts with the bytes this generator writes (the scratch
 * folder outlives changes to the generators).
 */
export function generate(gen: Generator, file: string, bytes: number, log?: (m: string) => void): void {
  if (existsSync(file) && statSync(file).size >= bytes && statSync(file).size < bytes + 64 * 1024 && startsWith(file, head(gen))) return;
  log?.(`generating ${(bytes / 2 ** 20).toFixed(0)} MB ${gen.format} log at ${file}`);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const rnd = lcg(12345);
    let written = 0;
    if (gen.header) written += writeSync(fd, gen.header);
    let i = 0;
    while (written < bytes) {
      let chunk = '';
      while (chunk.length < 1 << 22 && written + chunk.length < bytes) chunk += gen.block(i++, rnd);
      written += writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** The first 16 KiB a generator writes. */
function head(gen: Generator): string {
  const rnd = lcg(12345);
  let text = gen.header ?? '';
  for (let i = 0; text.length < 16384; i++) text += gen.block(i, rnd);
  return text.slice(0, 16384);
}

function startsWith(file: string, text: string): boolean {
  const expected = Buffer.from(text, 'utf8');
  const buf = Buffer.alloc(expected.length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, 0);
  } finally {
    closeSync(fd);
  }
  return buf.equals(expected);
}
