import type { CallFact, LoopFact, StmtFact, ValueFact } from '../model/facts';
import type { Scheduler } from '../model/training-model';
import { defineRule, type Report, type RuleContext } from '../rule';

export default defineRule({
  id: 'scheduler-step-placement',
  title: 'Learning-rate scheduler stepped in the wrong place',
  defaultSeverity: 'warning',
  fix: 'sometimes',
  docs: {
    whatItDoes:
      'Checks where `scheduler.step()` runs against the schedule it was built with: epoch schedules (`StepLR`, '
      + '`MultiStepLR`, `ExponentialLR`, `CosineAnnealingLR`, `PolynomialLR`) stepped inside the batch loop; '
      + 'per-batch schedules (`OneCycleLR`, `CyclicLR`, Hugging Face warm-up schedules built from a total step '
      + 'count) stepped once per epoch; `scheduler.step()` before `optimizer.step()` in iteration order, including at '
      + 'the top of the epoch loop before the call that trains; `ReduceLROnPlateau.step()` without the metric.',
    whyIsThisBad:
      'A schedule written in epochs but stepped every batch runs through its whole decay in the first epoch or '
      + 'two: `StepLR(step_size=30)` divides the learning rate by 10 every 30 batches, and training stalls early. '
      + 'A per-batch schedule stepped per epoch barely moves: warm-up never ends and one-cycle never anneals. '
      + 'Stepping the scheduler before the optimizer (the habit of PyTorch < 1.1, still copied from old posts) '
      + 'skips the first value of the schedule. `ReduceLROnPlateau` needs the monitored value; without it the call '
      + 'raises a TypeError.',
    example: [
      'scheduler = StepLR(optimizer, step_size=30, gamma=0.1)',
      'for epoch in range(epochs):',
      '    for inputs, labels in train_loader:',
      '        optimizer.zero_grad()',
      '        criterion(model(inputs), labels).backward()',
      '        optimizer.step()',
      '        scheduler.step()',
    ].join('\n'),
    useInstead: [
      'scheduler = StepLR(optimizer, step_size=30, gamma=0.1)',
      'for epoch in range(epochs):',
      '    for inputs, labels in train_loader:',
      '        optimizer.zero_grad()',
      '        criterion(model(inputs), labels).backward()',
      '        optimizer.step()',
      '    scheduler.step()',
    ].join('\n'),
    knownProblems:
      'Schedulers used either way (`LambdaLR`, `LinearLR`, `SequentialLR`, `CosineAnnealingWarmRestarts`) are only '
      + 'checked for the order against `optimizer.step()`. An epoch schedule whose period is written in steps '
      + '(`CosineAnnealingLR(opt, T_max=len(loader) * epochs)`, `MultiStepLR(milestones=[60000, 80000])`) is taken '
      + 'as per-step on purpose, and a loop with no epoch loop around it as iteration-based training. With '
      + 'mixed precision, `scaler.step(optimizer)` counts as the optimizer step, and the warning PyTorch prints '
      + 'when GradScaler skips a step is not a misplacement.',
    fixSafety:
      'Safe when offered: the fix moves the `scheduler.step()` line to the loop or position where the schedule '
      + 'expects it, re-indented; nothing else changes. No fix when the right place is in another function. The '
      + '`ReduceLROnPlateau` fix, which passes a validation-loss variable found in the same loop, is unsafe: check '
      + 'that it is the value the scheduler should watch.',
    symptoms: 'Learning rate that collapses within the first epoch(s) and a loss that stalls early; or a learning rate that never warms up or anneals.',
  },
  check(ctx) {
    const { py, training: t } = ctx;
    for (const c of py.callsNamed('step')) {
      if (!t.isSchedulerStep(c)) continue;
      const scheds = t.schedulersStepped(c);
      const kinds = new Set(scheds.map(s => s.kind));
      const sched = kinds.size === 1 ? scheds[0]! : null;
      let r: Report | null = null;
      if (sched?.kind === 'plateau') r = plateauWithoutMetric(ctx, c);
      else {
        if (sched?.kind === 'epoch') r = epochScheduleInBatchLoop(ctx, c, sched);
        else if (sched?.kind === 'batch') r = batchScheduleOncePerEpoch(ctx, c, sched);
        r ??= beforeOptimizerStep(ctx, c);
      }
      if (r) ctx.report(r);
    }
  },
});

function receiverOf(c: CallFact): string {
  return c.receiver ?? 'scheduler';
}

/** `ReduceLROnPlateau.step()` needs the metric it watches. */
function plateauWithoutMetric(ctx: RuleContext, c: CallFact): Report | null {
  const { py, fixes } = ctx;
  if (py.args(c).length > 0) return null;
  // a validation loss computed earlier in the same loop (or function) is the likely metric
  const d = py.enclosingDef(c);
  const candidates = py.assigns.filter(a => py.enclosingDef(a) === d && a.span.end < c.span.start && a.targets.length === 1
    && /^(val|valid|validation|test|eval)_?(loss|acc|accuracy|metric|score)$|^(loss|acc)_?(val|valid)$/i.test(a.targets[0]!));
  const metric = candidates.at(-1)?.targets[0];
  const close = c.argsSpan.end - 1;
  return {
    span: c.span,
    message: `\`${receiverOf(c)}\` is a ReduceLROnPlateau: \`step()\` needs the metric it watches (e.g. the validation loss); without it the call raises a TypeError.`,
    fix: metric ? { title: `Pass \`${metric}\` to \`${receiverOf(c)}.step()\``, safe: false, edits: [fixes.insertAt(close, metric)] } : null,
  };
}

/** Epoch schedules written in epochs but stepped inside the batch loop. */
function epochScheduleInBatchLoop(ctx: RuleContext, c: CallFact, s: Scheduler): Report | null {
  const { py, training: t, fixes } = ctx;
  if (periodInSteps(ctx, s)) return null;
  const loops = py.loopsAround(c);
  const batch = loops.find(l => t.isBatchLoop(l));
  let perBatch = false;
  let viaHelper = false;
  if (batch) {
    if (py.isConditional(c, batch)) return null;
    // a loop over a DataLoader, or one inside an epoch loop; a bare `for it in range(max_iter)` is iteration-based
    perBatch = t.iteratesLoader(batch) || loops.some(l => l !== batch && t.isEpochLoop(l)) || calledInEpochLoop(ctx, c);
  } else if (loops.length === 0) {
    const d = py.enclosingDef(c);
    if (d && !py.isConditional(c, null)) {
      perBatch = py.callersOf(d).some(site => py.loopsAround(site).some(l => t.isBatchLoop(l) && t.iteratesLoader(l)));
      viaHelper = perBatch;
    }
  }
  if (!perBatch) return null;
  const stmt = fixes.simpleStatement(c.stmt);
  let fix: Report['fix'] = null;
  if (batch && stmt && stmt.parent === batch) {
    const edits = fixes.move(stmt.span, batch.span, 'after', fixes.indentOf(batch.span));
    if (edits) fix = { title: `Move \`${c.callee}()\` after the batch loop (once per epoch)`, safe: true, edits };
  }
  return {
    span: c.span,
    message: `\`${s.cls}\` counts epochs, but \`${c.callee}()\` runs ${viaHelper ? 'in a function called ' : ''}once per batch: the learning rate follows its schedule once per batch instead of once per epoch and decays far too early.`,
    related: [
      { span: s.call.span, message: `${s.cls} is built here with a period in epochs` },
      ...(batch ? [{ span: fixes.headerSpan(batch), message: 'the batch loop' }] : []),
    ],
    fix,
  };
}

/** Per-batch schedules (one-cycle, cyclic, warm-up from a step count) stepped once per epoch. */
function batchScheduleOncePerEpoch(ctx: RuleContext, c: CallFact, s: Scheduler): Report | null {
  const { py, training: t, fixes } = ctx;
  if (periodInEpochs(ctx, s)) return null;
  const loops = py.loopsAround(c);
  if (loops.some(l => t.isBatchLoop(l))) return null;
  const d = py.enclosingDef(c);
  const epoch = loops.find(l => t.isEpochLoop(l)) ?? null;
  let batch: LoopFact | null = null;
  if (epoch) batch = py.loops.find(l => py.inBody(l, epoch) && t.isBatchLoop(l)) ?? null;
  else if (loops.length === 0 && d && t.defHas(d, 'train-loop')) {
    // stepped in train_one_epoch() after its batch loop
    batch = py.loops.find(l => py.enclosingDef(l) === d && t.isBatchLoop(l) && l.span.end <= c.span.start) ?? null;
    if (!batch) return null;
  } else return null;
  let fix: Report['fix'] = null;
  const stmt = fixes.simpleStatement(c.stmt);
  if (batch && stmt) {
    const steps = t.optimizerSteps().filter(o => py.loopsAround(o).includes(batch!));
    const o = steps.at(-1);
    const oStmt = o ? fixes.simpleStatement(o.stmt) : null;
    if (oStmt) {
      const edits = fixes.move(stmt.span, oStmt.span, 'after');
      if (edits) fix = { title: `Move \`${c.callee}()\` into the batch loop, after \`${o!.callee}()\``, safe: true, edits };
    }
  }
  return {
    span: c.span,
    message: `\`${s.cls}\` is a per-batch schedule, but \`${c.callee}()\` runs once per epoch: the learning rate barely moves along its schedule.`,
    related: [
      { span: s.call.span, message: `${s.cls} is built here with a length in optimizer steps` },
      ...(batch ? [{ span: fixes.headerSpan(batch), message: 'the batch loop where it belongs' }] : []),
    ],
    fix,
  };
}

/** `scheduler.step()` before the optimizer step of the same iteration, or before the training of the epoch. */
function beforeOptimizerStep(ctx: RuleContext, c: CallFact): Report | null {
  const { py, training: t, fixes } = ctx;
  const loops = py.loopsAround(c);
  const loop = loops[0];
  if (!loop) return null;
  const stmt = c.stmt;
  if (!stmt) return null;
  const inLoop = py.callsInBody(loop);
  const stepsHere = (x: CallFact) => t.steppedOptimizer(x) !== null || (py.resolveFunction(x) !== null && t.defHas(py.resolveFunction(x)!, 'step'));
  const stepSites = inLoop.filter(stepsHere);
  if (stepSites.length === 0) return null;
  if (stepSites.some(x => x.span.start < c.span.start)) return null;
  const first = stepSites[0]!;
  const trainsHere = t.isEpochLoop(loop) && !t.isBatchLoop(loop);
  // anchor: the statement of c's block that holds the first step site (the step itself, or the training call/loop)
  const anchor = py.stmtInBlock(stmt.blockStart, first.span);
  let fix: Report['fix'] = null;
  const own = fixes.simpleStatement(stmt);
  if (own && anchor && anchor !== stmt) {
    const edits = fixes.move(own.span, anchor.span, 'after', fixes.indentOf(own.span));
    if (edits) fix = { title: `Move \`${c.callee}()\` after ${describe(ctx, anchor, first)}`, safe: true, edits };
  }
  return {
    span: c.span,
    message: trainsHere
      ? `\`${c.callee}()\` runs at the start of each epoch, before the epoch's optimizer steps: the first epoch already trains with the second learning rate of the schedule (PyTorch ≥ 1.1 expects it after training).`
      : `\`${c.callee}()\` runs before \`${first.callee}()\` in each iteration: the schedule is one step ahead and skips its first value.`,
    related: [{ span: first.span, message: trainsHere ? 'the epoch trains here' : 'the optimizer steps here' }],
    fix,
  };
}

function describe(ctx: RuleContext, anchor: StmtFact, first: CallFact): string {
  if (anchor.kind === 'for' || anchor.kind === 'while') return 'the batch loop';
  const text = ctx.fixes.slice(ctx.fixes.headerSpan(anchor)).trim();
  return text.length <= 60 ? `\`${text}\`` : `\`${first.callee}()\``;
}

/** The epoch-scheduler's period is written in steps: per-step use is intended. */
function periodInSteps(ctx: RuleContext, s: Scheduler): boolean {
  const { py } = ctx;
  const arg = (kw: string, pos: number) => py.arg(s.call, kw, pos)?.value ?? null;
  const steps = (v: ValueFact | null): boolean => {
    if (!v) return false;
    if (/len\(|step|iter|batch/i.test(v.text)) return true;
    if (v.num !== undefined) return v.num >= 1000;
    return (v.elements ?? []).some(e => e.num !== undefined && e.num >= 1000);
  };
  switch (s.cls) {
    case 'StepLR':
      return steps(arg('step_size', 1));
    case 'MultiStepLR':
      return steps(arg('milestones', 1));
    case 'CosineAnnealingLR':
      return steps(arg('T_max', 1));
    case 'PolynomialLR':
      return steps(arg('total_iters', 1));
    case 'ExponentialLR': {
      const g = arg('gamma', 1);
      return g?.num !== undefined && g.num >= 0.999;
    }
    default:
      return false;
  }
}

/** The per-batch scheduler's length is written in epochs: per-epoch use is intended. */
function periodInEpochs(ctx: RuleContext, s: Scheduler): boolean {
  const { py } = ctx;
  const epochsOnly = (v: ValueFact | null | undefined) => !!v && /epoch/i.test(v.text) && !/len\(|step|iter|batch/i.test(v.text);
  if (s.cls === 'OneCycleLR') return epochsOnly(py.arg(s.call, 'total_steps', 2)?.value);
  if (s.cls === 'CyclicLR') return false;
  return epochsOnly(py.arg(s.call, 'num_training_steps', 2)?.value);
}

function calledInEpochLoop(ctx: RuleContext, c: CallFact): boolean {
  const { py } = ctx;
  const d = py.enclosingDef(c);
  return !!d && py.callersOf(d).some(site => py.loopsAround(site).length > 0);
}
