import { chanceLoss, classesFromLoss, mayGuessClasses } from '../chance';
import { factCause, lintCauses, scriptLr } from '../causes';
import { mainLoss, needMainLoss } from '../requirements';
import { median, round, tailMedian } from '../stats';
import { defineSymptom, type CauseCandidate } from '../symptom';
import { xUnit, xUnits } from '../units';

const MIN_POINTS = 6;
/** The flat start: at least 3 points within 2 % of its level, starting at one of the first 3 points. */
const FLAT = 0.02;
const MIN_FLAT = 3;
/** The drop: 15 % below the flat level within 5 points, and the run ends 30 % or more below it. */
const DROP = 0.15;
const END = 0.3;

export const slowStart = defineSymptom({
  id: 'slow-start',
  severity: 'warning',
  name: 'Flat start, then a sudden drop',
  requires: ctx => needMainLoss(ctx, MIN_POINTS),
  detect(ctx) {
    const c = mainLoss(ctx)!;
    const ys = c.ys;
    const n = ys.length;
    let best: { s: number; e: number; level: number } | null = null;
    for (let s = 0; s < 3 && s + MIN_FLAT <= n; s++) {
      const level = median(ys.slice(s, s + MIN_FLAT));
      let e = s;
      while (e + 1 < n && Math.abs(ys[e + 1]! - level) <= FLAT * Math.abs(level)) e++;
      // A flat *start*: anything before it is at most 10 % higher (a first-epoch bump), never already lower.
      const before = ys.slice(0, s);
      if (before.some(y => y > 1.1 * level || y < level * (1 - FLAT))) continue;
      if (e - s + 1 >= MIN_FLAT && (!best || e - s > best.e - best.s)) best = { s, e, level };
    }
    if (!best || best.e >= n - 2) return null;
    const { s, e } = best;
    const level = median(ys.slice(s, e + 1));
    const next = ys.slice(e + 1, e + 6);
    if (!next.some(y => y <= level * (1 - DROP))) return null;
    const end = tailMedian(ys, 3);
    if (end > level * (1 - END)) return null;
    // A learning-rate warm-up flattens the start on purpose: the LR at least doubles over the flat stretch.
    const lr = ctx.curves.lr;
    if (lr && lr.ys.length >= 2) {
      const during = lr.ys.filter((_, i) => lr.xs[i]! >= c.xs[s]! && lr.xs[i]! <= c.xs[e]!);
      if (during.length >= 2 && during[during.length - 1]! >= 2 * during[0]!) return null;
    }
    const k = ctx.scriptClasses?.k ?? (mayGuessClasses(ctx.run, c.name) ? classesFromLoss(level) : null);
    const atChance = k !== null && Math.abs(level - chanceLoss(k)) <= 0.03 * chanceLoss(k);
    return {
      variant: atChance ? 'chance' : 'main',
      params: { series: c.name, level: round(level), end: round(end), unit: xUnit(c), units: xUnits(c), from: c.xs[s]!, flatTo: c.xs[e]!, points: e - s + 1, k: k ?? NaN, lnK: k ? round(chanceLoss(k)) : NaN, dropAt: c.xs[e + 1]! },
      span: { curve: c, from: s, to: e },
      marks: [c.xs[e + 1]!],
      evidence: { series: c.name, flatLevel: round(level), flatFrom: c.xs[s]!, flatTo: c.xs[e]!, flatPoints: e - s + 1, dropStartsAt: c.xs[e + 1]!, final: round(end), atChance, classes: atChance ? k : null },
    };
  },
  causes(_ctx, _hit, script) {
    const out: CauseCandidate[] = [];
    const lr = scriptLr(script);
    if (lr && (lr.level === 'low' || lr.level === 'very-low')) {
      out.push(...factCause(script, lr.at, 0.55, 'slow-start.cause.lr-low', 'learning rate {lr} is low for {optimizer}: it takes many steps to leave the flat region around the initialisation', lr.params));
    }
    const s = script.facts.scheduler;
    if (s && /warm|onecycle|linear_schedule|cosine_schedule/i.test(s.value)) {
      out.push(...factCause(script, s.at, 0.5, 'slow-start.cause.warmup', '{scheduler} starts with a warm-up: a flat start while the learning rate ramps up is expected', { scheduler: s.value }));
    }
    out.push(...lintCauses(script, 'missing-normalize', 0.4, 'slow-start.cause.normalize', 'unnormalised inputs saturate the first layers, which slows the start'));
    out.push(...lintCauses(script, 'activation-after-final-linear', 0.35, 'slow-start.cause.activation', 'an activation on the output shrinks the first gradients'));
    return out;
  },
  texts: {
    title: '{series} flat at {level} for {points} {units}, then a sudden drop at {unit} {dropAt}',
    explanation: '{series} stayed at about {level} from {unit} {from} to {unit} {flatTo} before it started to fall (to {end} at the end). A long flat start followed by a sudden drop is the signature of a poor initialisation: the signal and the gradients are tiny until the weights happen to grow out of the flat region (vanishing gradients through saturating sigmoid/tanh layers, weights initialised too small), or of a learning rate too low at the start.',
    advice: [
      'Use the default (Kaiming / Xavier) initialisation, or one matched to the activation; avoid tiny normal initialisations.',
      'Prefer ReLU-family activations over sigmoid/tanh in deep stacks, or add normalisation layers (BatchNorm/LayerNorm).',
      'If this is a learning-rate warm-up, it is expected; otherwise try a larger learning rate.',
    ],
    variants: {
      chance: {
        title: '{series} stuck at chance ln({k}) = {lnK} for {points} {units}, then a sudden drop at {unit} {dropAt}',
        explanation: '{series} stayed at about {level}, the chance level ln({k}) = {lnK}, from {unit} {from} to {unit} {flatTo}: the network\'s output did not depend on its input. Then it started to learn (down to {end} at the end). A flat start at chance followed by a sudden drop is the signature of a poor initialisation: the signal and the gradients are tiny until the weights grow out of the flat region (vanishing gradients through saturating sigmoid/tanh layers, weights initialised too small).',
      },
    },
  },
  doc: {
    rule: 'The main loss (training, else validation), at least 6 points: a flat start of at least 3 points within 2 % of its level (beginning at one of the first 3 points, with the points before it at most 10 % higher and not lower), then within the next 5 points a value at least 15 % below that level, and a run that ends (median of the last 3) at least 30 % below it. Silent when the logged learning rate at least doubles over the flat stretch (a warm-up). Says "at chance" when the level is within 3 % of ln K.',
    see: 'The loss does not move for several epochs (often at ln K), then drops suddenly and training proceeds normally.',
    why: 'The gradients are tiny at the start: weights initialised too small shrink the signal through every layer, saturating activations (sigmoid, tanh) in deep stacks have near-zero derivatives, or the learning rate is too low. Eventually the weights grow enough for the gradients to carry signal, and learning starts suddenly. A learning-rate warm-up produces the same shape on purpose.',
    check: [
      'The initialisation (PyTorch\'s defaults are Kaiming-uniform for Linear/Conv).',
      'Activations and normalisation layers in deep stacks.',
      'The learning rate and warm-up.',
    ],
    falseAlarms: [
      'Learning-rate warm-up (linear or OneCycle schedules) starts slowly by design; the cause list says so when the script has such a scheduler.',
    ],
    examples: ['slow-start-deep-sigmoid', 'corpus: print-style-logging/pilot-j-deeplense-common-task-crlf.txt (accuracy stuck at 33.63 %, chance for 3 classes, for epochs 2-6, then learning)'],
  },
});
