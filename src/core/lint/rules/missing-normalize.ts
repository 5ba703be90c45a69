import {
  COMPOSE, CONVERT_IMAGE_DTYPE, KNOWN_DATASETS, NORMALIZE, PIL_TO_TENSOR, READ_IMAGE, TO_DTYPE, TO_IMAGE, TO_TENSOR,
} from '../model/api';
import type { CallFact, Placed, ValueFact } from '../model/facts';
import type { Span } from '../parser/python-document';
import { defineRule, type OffsetEdit, type Report, type RuleContext } from '../rule';

export default defineRule({
  id: 'missing-normalize',
  title: 'Image pixels reach the model without normalization',
  defaultSeverity: 'warning',
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Finds image transform pipelines (`transforms.Compose` / `v2.Compose` with `ToTensor`, or `ToImage` + '
      + '`ToDtype`) that never `Normalize`, and raw 0–255 pixels that reach the model unscaled: `PILToTensor()` or '
      + '`v2.ToImage()` without `ToDtype(..., scale=True)`, `torchvision.io.read_image` / `decode_image` with no '
      + 'scaling in the file, and `torch.from_numpy(x).float()` / `torch.tensor(x, dtype=torch.float32)` on an array '
      + 'the file built with `astype(np.uint8)` or read as an 8-bit image, with no division by 255.',
    whyIsThisBad:
      'Networks train best on inputs centred near 0 with unit spread. Raw pixels in 0–255 make the first layer\'s '
      + 'pre-activations hundreds of times too large: the loss starts huge or becomes NaN, or ReLUs saturate and '
      + 'training stalls. Pixels in [0, 1] without normalization train, but slower and worse; and pretrained '
      + 'weights were trained on ImageNet-normalized inputs, so without the same normalization they see '
      + 'shifted data and fine-tuning starts far from where it should.',
    example: [
      'train_tf = transforms.Compose([',
      '    transforms.RandomHorizontalFlip(),',
      '    transforms.ToTensor(),',
      '])',
      'train_set = datasets.CIFAR10("data", train=True, transform=train_tf)',
    ].join('\n'),
    useInstead: [
      'train_tf = transforms.Compose([',
      '    transforms.RandomHorizontalFlip(),',
      '    transforms.ToTensor(),',
      '    transforms.Normalize((0.4914, 0.4822, 0.4465), (0.2470, 0.2435, 0.2616)),',
      '])',
      'train_set = datasets.CIFAR10("data", train=True, transform=train_tf)',
    ].join('\n'),
    knownProblems:
      'Autoencoders, VAEs and GANs often keep pixels in [0, 1] on purpose (their outputs go through a sigmoid and '
      + 'are compared with the input): the rule is silent in files that define such models or save images. '
      + 'Pipelines named for display (`vis_transform`, `denorm`...) are skipped. Normalization done by a function '
      + 'the file does not define is not seen.',
    fixSafety:
      'Unsafe, so never applied by fix-all: normalizing changes what the model sees, and a checkpoint trained on '
      + 'the old inputs no longer matches. The statistics come from the dataset the file loads (ImageNet values '
      + 'for pretrained weights and ImageFolder data; CIFAR-10/100, MNIST, Fashion-MNIST values for those '
      + 'datasets); otherwise ImageNet values with a comment asking to compute the dataset\'s own.',
    symptoms: 'Loss that starts very high or turns NaN; slow training; fine-tuning that starts from poor accuracy.',
  },
  check(ctx) {
    const { py } = ctx;
    if (generativeFile(ctx)) return;
    for (const c of py.callsNamed('Compose')) if (py.api(c, COMPOSE)) checkCompose(ctx, c);
    const readers = READ_IMAGE_NAMES.flatMap(n => py.callsNamed(n)).filter(c => py.api(c, READ_IMAGE));
    const converters = [...TENSOR_FROM_ARRAY].flatMap(n => py.callsNamed(n)).filter(c => c.receiver !== null && py.qualify(c.receiver).q === 'torch');
    if (readers.length === 0 && converters.length === 0) return;
    // any scaling or normalization in the file may apply to these pixels: stay silent then
    const normalizesSomewhere = ['Normalize', 'normalize', 'convert_image_dtype', 'ConvertImageDtype'].some(n => py.callsNamed(n).length > 0);
    if (normalizesSomewhere || py.scalings.length > 0) return;
    for (const c of readers) checkReadImage(ctx, c);
    for (const c of converters) checkArray(ctx, c);
  },
});

type PyContext = Pick<RuleContext, 'py'>;

/**
 * For the script facts: whether the image pipelines normalize. False (at the Compose) when one that makes
 * tensors has no Normalize, the training one first; true (at the Normalize) when they all do; null without any.
 */
export function composeNormalization(ctx: PyContext): { value: boolean; span: Span } | null {
  const { py } = ctx;
  let normalized: Span | null = null;
  const missing: CallFact[] = [];
  for (const c of py.callsNamed('Compose')) {
    if (!py.api(c, COMPOSE)) continue;
    const list = listOf(ctx, c);
    if (!list) continue;
    const els = list.map(v => classify(ctx, v, c));
    const norm = els.find(e => e?.kind === 'normalize');
    if (norm) normalized ??= norm.value.span;
    else if (els.some(e => e && (e.kind === 'to-tensor' || e.kind === 'pil-to-tensor' || e.kind === 'to-image'))) missing.push(c);
  }
  const train = missing.find(c => /train/i.test(py.binding(c).target ?? '') || /train/i.test(py.binding(c).key ?? '')) ?? missing[0];
  if (train) return { value: false, span: train.calleeSpan };
  return normalized ? { value: true, span: normalized } : null;
}

const TENSOR_FROM_ARRAY = new Set(['from_numpy', 'tensor', 'as_tensor', 'Tensor', 'FloatTensor']);
const READ_IMAGE_NAMES = [...READ_IMAGE.names];

interface Stats {
  label: string;
  mean: string;
  std: string;
  /** Known statistics; false for the ImageNet fallback, which gets a comment. */
  known: boolean;
}

const IMAGENET = { label: 'ImageNet', mean: '(0.485, 0.456, 0.406)', std: '(0.229, 0.224, 0.225)' };
const DATASET_STATS: Record<string, Omit<Stats, 'known'>> = {
  CIFAR10: { label: 'CIFAR-10', mean: '(0.4914, 0.4822, 0.4465)', std: '(0.2470, 0.2435, 0.2616)' },
  CIFAR100: { label: 'CIFAR-100', mean: '(0.5071, 0.4865, 0.4409)', std: '(0.2673, 0.2564, 0.2762)' },
  MNIST: { label: 'MNIST', mean: '(0.1307,)', std: '(0.3081,)' },
  FashionMNIST: { label: 'Fashion-MNIST', mean: '(0.2860,)', std: '(0.3530,)' },
  ImageFolder: IMAGENET,
  DatasetFolder: IMAGENET,
  ImageNet: IMAGENET,
};

type ElementKind = 'to-tensor' | 'pil-to-tensor' | 'to-image' | 'to-dtype' | 'to-dtype-scaled' | 'normalize' | 'other';

interface Element {
  value: ValueFact;
  call: CallFact | null;
  kind: ElementKind;
}

function checkCompose(ctx: RuleContext, compose: CallFact): void {
  const { py } = ctx;
  const target = py.binding(compose).target ?? '';
  if (/vis|show|plot|display|denorm|inverse|unnorm|raw|orig|preview|save/i.test(target)) return;
  const list = listOf(ctx, compose);
  if (!list) return;
  const els: Element[] = [];
  for (const v of list) {
    const e = classify(ctx, v, compose);
    if (!e) return;
    els.push(e);
  }
  if (els.some(e => e.kind === 'normalize')) return;
  const first = els.findIndex(e => e.kind === 'to-tensor' || e.kind === 'pil-to-tensor' || e.kind === 'to-image');
  if (first < 0) return;
  const tensorize = els[first]!;
  const later = els.slice(first + 1);
  const scaled = tensorize.kind === 'to-tensor' || later.some(e => e.kind === 'to-dtype-scaled');
  const unscaledDtype = tensorize.kind === 'to-image' ? later.find(e => e.kind === 'to-dtype') : undefined;
  const stats = statsFor(ctx);
  const pretrained = pretrainedCall(ctx);
  const related = pretrained ? [{ span: pretrained.span, message: 'pretrained weights that expect ImageNet-normalized inputs' }] : [];
  if (scaled) {
    const anchor = [...els].reverse().find(e => e.kind === 'to-tensor' || e.kind === 'to-dtype-scaled')!;
    const norm = normalizeText(ctx, anchor);
    ctx.report({
      span: compose.calleeSpan,
      message: `This image pipeline turns images into tensors in [0, 1] but never normalizes them${pretrained ? ' (the pretrained weights expect ImageNet-normalized inputs)' : ' with the dataset\'s mean and std'}.`,
      related,
      fix: norm ? insertAfter(ctx, anchor, [norm.code], stats, norm.imports, `Insert \`${norm.code}\` after \`${anchor.value.text}\` (${stats.known ? `${stats.label} statistics` : 'ImageNet statistics: compute your dataset\'s own'})`) : null,
    });
    return;
  }
  // raw 0–255 pixels
  const raw = unscaledDtype ?? tensorize;
  const norm = normalizeText(ctx, raw);
  let fix: Report['fix'] = null;
  if (norm && py.importOf('torch')) {
    if (unscaledDtype && unscaledDtype.call) {
      const addScale = ctx.fixes.insertAt(unscaledDtype.call.argsSpan.end - 1, py.args(unscaledDtype.call).length > 0 ? ', scale=True' : 'scale=True');
      const rest = insertAfter(ctx, unscaledDtype, [norm.code], stats, norm.imports, '');
      if (rest) fix = { title: `Add \`scale=True\` to \`${unscaledDtype.value.text}\` and insert \`${norm.code}\``, safe: false, edits: [addScale, ...rest.edits] };
    } else {
      const scaleName = tensorize.kind === 'pil-to-tensor' ? 'ConvertImageDtype' : 'ToDtype';
      const scale = `${norm.prefix}${scaleName}(${scaleName === 'ToDtype' ? 'torch.float32, scale=True' : 'torch.float'})`;
      fix = insertAfter(ctx, raw, [scale, norm.code], stats, norm.prefix === '' ? [...norm.imports, scaleName] : [], `Insert \`${scale}\` and \`${norm.code}\` after \`${raw.value.text}\``);
    }
  }
  ctx.report({
    span: raw.value.span,
    message: `\`${raw.value.text}\` gives pixels in 0–255 and nothing after it scales or normalizes them: the model sees inputs 255 times too large.`,
    related,
    fix,
  });
}

/** The transform list of a Compose: a literal, or a name bound to one that is never appended to. */
function listOf(ctx: PyContext, compose: CallFact): ValueFact[] | null {
  const { py } = ctx;
  const a = py.arg(compose, 'transforms', 0);
  if (!a) return null;
  if (a.value.elements) return a.value.elements;
  if (a.value.kind !== 'name') return null;
  const name = a.value.text;
  if (['append', 'extend', 'insert'].some(m => py.callsNamed(m).some(c => c.receiver === name))) return null;
  const vs = py.valuesOf(name, compose);
  return vs.length === 1 && vs[0]!.elements ? vs[0]!.elements : null;
}

function classify(ctx: PyContext, v: ValueFact, at: CallFact): Element | null {
  const { py } = ctx;
  let call = py.callOf(v);
  if (!call && (v.kind === 'name' || v.kind === 'attribute')) {
    const built = py.constructions(v, at);
    if (built.length === 1) call = built[0]!.call;
    else return /norm/i.test(v.text) ? { value: v, call: null, kind: 'normalize' } : { value: v, call: null, kind: 'other' };
  }
  if (!call) return v.kind === 'splat' ? null : { value: v, call: null, kind: 'other' };
  let kind: ElementKind = 'other';
  if (py.api(call, NORMALIZE) || /Normali[sz]e|Standardi[sz]e/.test(call.name)) kind = 'normalize';
  else if (py.api(call, TO_TENSOR)) kind = 'to-tensor';
  else if (py.api(call, PIL_TO_TENSOR)) kind = 'pil-to-tensor';
  else if (py.api(call, TO_IMAGE)) kind = 'to-image';
  else if (py.api(call, CONVERT_IMAGE_DTYPE)) kind = 'to-dtype-scaled';
  else if (py.api(call, TO_DTYPE)) kind = py.arg(call, 'scale', 1)?.value.kind === 'true' ? 'to-dtype-scaled' : 'to-dtype';
  else if (call.name === 'Lambda' && /mean|std|norm|255/i.test(v.text)) kind = 'normalize';
  return { value: v, call, kind };
}

/** `transforms.Normalize(mean, std)` written with the same qualifier as the element it follows. */
function normalizeText(ctx: RuleContext, anchor: Element): { code: string; prefix: string; imports: string[] } | null {
  if (!anchor.call) return null;
  const prefix = anchor.call.callee.slice(0, anchor.call.callee.length - anchor.call.name.length).replace(/\s+/g, '');
  const s = statsFor(ctx);
  const code = `${prefix}Normalize(${s.mean}, ${s.std})`;
  if (prefix !== '') return { code, prefix, imports: [] };
  // a bare `ToTensor()`: Normalize must be imported the same way
  return { code, prefix, imports: ['Normalize'] };
}

/** Inserts transform elements after `anchor` in the list, in the list's layout. */
function insertAfter(ctx: RuleContext, anchor: Element, codes: string[], stats: Stats, imports: string[], title: string): NonNullable<Report['fix']> | null {
  const { py, fixes } = ctx;
  const lines = py.lines;
  const edits: OffsetEdit[] = [];
  const comment = stats.known ? '' : "  # ImageNet statistics: compute your dataset's own mean and std";
  const el = anchor.value.span;
  const line = lines.lineOf(el.end);
  const rest = py.text.slice(el.end, lines.lineEnd(line));
  const restTrim = rest.trim();
  if (lines.startsLine(el.start) && (restTrim === '' || restTrim === ',' || /^,?\s*#/.test(restTrim))) {
    const indent = lines.indentation(lines.lineOf(el.start));
    if (restTrim.startsWith(',')) {
      const text = codes.map((c, i) => `${indent}${c},${i === codes.length - 1 ? comment : ''}${fixes.eol}`).join('');
      edits.push(fixes.insertAt(lines.lineEndWithBreak(line), text));
      if (lines.lineEndWithBreak(line) === py.text.length && lines.lineEnd(line) === py.text.length) return null;
    } else {
      const text = codes.map(c => `,${fixes.eol}${indent}${c}`).join('');
      edits.push(fixes.insertAt(el.end, text));
    }
  } else {
    edits.push(fixes.insertAt(el.end, codes.map(c => `, ${c}`).join('')));
  }
  if (imports.length > 0) {
    const imp = anchor.call ? py.importOf(anchor.call.name) : undefined;
    const needed = imports.filter(n => !py.importOf(n));
    if (imp && imp.fromModule !== null) {
      if (needed.length > 0) edits.push(fixes.insertAt(imp.span.end, needed.map(n => `, ${n}`).join('')));
    } else if (!py.imports.some(i => i.local === '*')) return null;
  }
  return { title: title || `Insert ${codes.map(c => `\`${c}\``).join(' and ')}`, safe: false, edits };
}

/** Statistics and the pretrained-weights call are the same for every pipeline of a file: worked out once per lint. */
const memo = new WeakMap<RuleContext['py'], { stats?: Stats; pretrained?: CallFact | null }>();

function memoOf(ctx: Pick<RuleContext, 'py'>) {
  let m = memo.get(ctx.py);
  if (!m) memo.set(ctx.py, (m = {}));
  return m;
}

function statsFor(ctx: RuleContext): Stats {
  const m = memoOf(ctx);
  return (m.stats ??= computeStats(ctx));
}

function computeStats(ctx: RuleContext): Stats {
  if (pretrainedCall(ctx)) return { ...IMAGENET, known: true };
  const found = new Set<string>();
  for (const n of Object.keys(DATASET_STATS)) {
    for (const c of ctx.py.callsNamed(n)) {
      const name = ctx.py.api(c, KNOWN_DATASETS);
      if (name && DATASET_STATS[name]) found.add(DATASET_STATS[name]!.label);
    }
  }
  if (found.size === 1) {
    const label = [...found][0]!;
    const s = Object.values(DATASET_STATS).find(x => x.label === label)!;
    return { ...s, known: true };
  }
  return { ...IMAGENET, known: false };
}

/** A call that loads pretrained ImageNet weights: `models.resnet18(weights=...)`, `pretrained=True`. */
function pretrainedCall(ctx: RuleContext): CallFact | null {
  const m = memoOf(ctx);
  if (m.pretrained === undefined) m.pretrained = findPretrainedCall(ctx);
  return m.pretrained;
}

function findPretrainedCall(ctx: RuleContext): CallFact | null {
  const { py } = ctx;
  // only calls whose argument text mentions them: found from the words in the text, up the calls around them
  for (const c of callsMentioning(py, ['pretrained', 'weights'])) {
    if (!c.dotted) continue;
    const p = py.arg(c, 'pretrained');
    if (p?.value.kind === 'true') return c;
    const w = py.arg(c, 'weights');
    if (w && w.value.kind !== 'none' && w.value.kind !== 'false') {
      const { q } = py.qualify(c.callee);
      if (q.startsWith('torchvision.models') || /(^|\.)models$/.test(c.receiver ?? '')) return c;
    }
  }
  return null;
}

/** Calls whose argument list contains one of the words, in document order. */
function callsMentioning(py: RuleContext['py'], words: string[]): CallFact[] {
  const found = new Set<CallFact>();
  const text = py.text;
  for (const w of words) {
    for (let i = text.indexOf(w); i >= 0; i = text.indexOf(w, i + w.length)) {
      for (let c = py.callAround(i); c; c = c.chained ?? c.outer) {
        if (c.argsSpan.start <= i && i + w.length <= c.argsSpan.end) found.add(c);
      }
    }
  }
  return [...found].sort((a, b) => a.span.start - b.span.start);
}

/** Autoencoders, VAEs and GANs keep pixels in [0, 1] on purpose. */
function generativeFile(ctx: RuleContext): boolean {
  const { py } = ctx;
  return py.classes.some(c => /VAE|Auto[eE]ncoder|Generator|Decoder|GAN|Diffusion|UNet/.test(c.name)) || py.callsNamed('save_image').length > 0;
}

function checkReadImage(ctx: RuleContext, c: CallFact): void {
  const { py } = ctx;
  // an image that goes through a transform may be scaled there
  if (py.calls.some(x => /transforms?$/i.test(x.name))) return;
  ctx.report({
    span: c.span,
    message: `\`${c.callee}()\` returns uint8 pixels in 0–255 and nothing in this file scales or normalizes them before the model.`,
    fix: { title: `Scale to [0, 1]: \`${c.callee}(...).float() / 255\``, safe: false, edits: [ctx.fixes.replace(c.span, wrapScaled(ctx, c, `${ctx.fixes.slice(c.span)}.float() / 255`))] },
  });
}

function checkArray(ctx: RuleContext, c: CallFact): void {
  const { py } = ctx;
  const a = py.arg(c, 'data', 0);
  if (!a) return;
  // include `.float()` / `.double()` / `.half()` that convert the tensor right away
  let end: CallFact = c;
  while (end.chained && ['float', 'double', 'half', 'type'].includes(end.chained.name)) end = end.chained;
  // only pixels made float unscaled: a uint8 tensor that stays uint8 (masks, labels, bool workarounds) is not input
  const dtype = py.arg(c, 'dtype')?.value.text ?? '';
  const becomesFloat = end !== c || c.name === 'FloatTensor' || c.name === 'Tensor' || /float|half|double/.test(dtype);
  if (!becomesFloat || !rawArray(ctx, a.value, c, 0)) return;
  const text = ctx.fixes.slice(end.span);
  ctx.report({
    span: end.span,
    message: `\`${a.value.text}\` holds 8-bit pixels (0–255) and becomes a float tensor here with no scaling: the model sees inputs 255 times too large.`,
    fix: { title: 'Scale to [0, 1]: divide by 255', safe: false, edits: [ctx.fixes.replace(end.span, wrapScaled(ctx, end, `${text} / 255.0`))] },
  });
}

/** `expr / 255`, parenthesised unless it is a whole assignment value, argument or return value. */
function wrapScaled(ctx: RuleContext, c: CallFact, scaled: string): string {
  const { py } = ctx;
  const same = (v: ValueFact | null | undefined) => !!v && v.span.start === c.span.start && v.span.end === c.span.end;
  const whole = py.assignmentOfValue(c.span) !== null || py.returnOfValue(c.span) !== null
    || (c.outer !== null && py.args(c.outer).some(x => same(x.value)));
  return whole ? scaled : `(${scaled})`;
}

const EIGHT_BIT_READERS = new Set(['imread', 'imdecode', 'open']);

/** The array holds 8-bit pixels: built with astype(uint8), read from image files, or derived from such an array. */
function rawArray(ctx: RuleContext, v: ValueFact, at: Placed, depth: number): boolean {
  const { py } = ctx;
  if (depth > 5) return false;
  const c = py.callOf(v);
  if (c) {
    if (c.name === 'astype' && py.args(c).some(a => /uint8/.test(a.value.text))) return true;
    if (EIGHT_BIT_READERS.has(c.name) && c.receiver !== null && /^(cv2|imageio(\.v[23])?|skimage\.io|io|Image|PIL\.Image)$/.test(c.receiver)) return true;
    if (['array', 'asarray', 'stack', 'concatenate', 'expand_dims', 'reshape', 'transpose', 'astype', 'squeeze', 'copy'].includes(c.name)) {
      if (c.name === 'array' || c.name === 'asarray') {
        const arg = py.arg(c, 'object', 0)?.value;
        // `Image.open(p).convert("RGB")`: look down the chain of calls for the reader
        let inner = arg ? py.callOf(arg) : null;
        for (let i = 0; inner && i < 6; i++) {
          if (EIGHT_BIT_READERS.has(inner.name)) return true;
          const cur: CallFact = inner;
          inner = py.calls.find(x => x.chained === cur) ?? null;
        }
      }
      if (c.receiver !== null && !/^(np|numpy)$/.test(c.receiver)) {
        const rv: ValueFact = { kind: 'name', span: { start: c.calleeSpan.start, end: c.calleeSpan.start + c.receiver.length }, text: c.receiver };
        if (/^[\w.]+$/.test(c.receiver) && rawArray(ctx, rv, c, depth + 1)) return true;
      }
      const first = py.arg(c, 'a', 0)?.value;
      if (first && (first.elements ?? [first]).some(e => rawArray(ctx, e, c, depth + 1))) return true;
    }
    return false;
  }
  if (v.kind === 'name') {
    const vs = py.valuesOf(v.text, at);
    if (vs.length === 1) return rawArray(ctx, vs[0]!, py.siteOf(vs[0]!) ?? at, depth + 1);
    // `X_train, X_valid, y_train, y_valid = train_test_split(X, y, ...)`: each input gives a train and a test part
    const a = py.assignmentsTo(v.text).find(x => x.targets.length > 1 && x.span.start < at.span.start);
    const split = a && py.callOf(a.value);
    if (a && split && split.name === 'train_test_split') {
      const i = a.targets.indexOf(v.text);
      const input = py.positionalArgs(split)[Math.floor(i / 2)];
      return !!input && rawArray(ctx, input.value, split, depth + 1);
    }
  }
  return false;
}
