import type { CallFact, LoopFact, StmtFact } from '../model/facts';
import { defineRule, type RuleContext } from '../rule';

export default defineRule({
  id: 'missing-zero-grad',
  title: 'Gradients are never cleared between optimizer steps',
  defaultSeverity: 'warning',
  fix: 'always',
  docs: {
    whatItDoes:
      'Finds training loops that run `backward()` and an optimizer `step()` every iteration but never clear the '
      + 'gradients (`optimizer.zero_grad()`, `model.zero_grad()`, `p.grad = None`), directly or in a function of the '
      + 'same file that the loop calls. Also finds `zero_grad()` placed between `backward()` and `step()`.',
    whyIsThisBad:
      'PyTorch adds every `backward()` into `.grad`. Without clearing, step *n* uses the sum of all gradients since '
      + 'the start of training: the effective learning rate grows with every batch, the loss falls briefly, then '
      + 'oscillates or explodes. A `zero_grad()` between `backward()` and `step()` does the opposite: the optimizer '
      + 'steps with zero gradients and the model never learns (only weight decay and momentum move it).',
    example: [
      'for inputs, labels in train_loader:',
      '    loss = criterion(model(inputs), labels)',
      '    loss.backward()',
      '    optimizer.step()',
    ].join('\n'),
    useInstead: [
      'for inputs, labels in train_loader:',
      '    loss = criterion(model(inputs), labels)',
      '    optimizer.zero_grad()',
      '    loss.backward()',
      '    optimizer.step()',
    ].join('\n'),
    knownProblems:
      'Silent when the gradients are cleared by a function the file does not define (`utils.train_step(...)`), '
      + 'when the loop is run by a library (Lightning `training_step`, Hugging Face `Trainer`), and for gradient '
      + 'accumulation (`zero_grad()` under `if step % k == 0`). A loop that accumulates on purpose across all its '
      + 'iterations (very rare) is flagged.',
    fixSafety:
      'Safe. The fix inserts `<optimizer>.zero_grad()` right before the `backward()` of the same block, or right '
      + 'after the `step()` when the step is conditional (gradient accumulation); a misplaced `zero_grad()` is moved '
      + 'before `backward()`. Nothing else changes.',
    symptoms: 'Loss that drops then oscillates or explodes (missing); flat loss, no learning at all (misplaced).',
  },
  check(ctx) {
    const { training: t } = ctx;
    const reported = new Set<string>();
    for (const step of t.optimizerSteps()) {
      const loop = t.trainingLoopFor(step);
      if (!loop) continue;
      const opt = t.steppedOptimizer(step)!;
      if (t.loopHas(loop, 'clear')) {
        misplaced(ctx, step);
        continue;
      }
      const key = `${loop.span.start}:${opt}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const backward = nearestBackward(ctx, step);
      const related = backward ? [{ span: backward.span, message: 'gradients are added into .grad here on every iteration' }] : [];
      related.push({ span: ctx.fixes.headerSpan(loop), message: 'the training loop' });
      ctx.report({
        span: step.span,
        message: `\`${opt}.step()\` runs every iteration of this loop but the gradients are never cleared (no \`${opt}.zero_grad()\`), so each step uses the sum of all gradients so far.`,
        related,
        fix: insertZeroGrad(ctx, step, opt, backward, loop),
      });
    }
  },
});

/** The backward() that feeds a step: the nearest one before it in the same function. */
function nearestBackward(ctx: RuleContext, step: CallFact): CallFact | null {
  const d = ctx.py.enclosingDef(step);
  let best: CallFact | null = null;
  for (const c of ctx.py.callsIn(d)) {
    if (ctx.training.isBackward(c) && c.span.start < step.span.start && (!best || c.span.start > best.span.start)) best = c;
  }
  return best;
}

function insertZeroGrad(ctx: RuleContext, step: CallFact, opt: string, backward: CallFact | null, loop: LoopFact) {
  const { fixes, py } = ctx;
  const code = `${opt}.zero_grad()`;
  const stepStmt = fixes.simpleStatement(step.stmt);
  const backStmt = backward ? fixes.simpleStatement(backward.stmt) : null;
  // a step under a condition the backward() is not under is gradient accumulation: clear after stepping
  const accumulating = backward !== null && py.isConditional(step, loop) && !py.isConditional(backward, loop);
  if (backStmt && !accumulating && py.enclosingDef(backward!) === py.enclosingDef(step)) {
    const edit = fixes.insertBefore(backStmt.span, code);
    if (edit) return { title: `Insert \`${code}\` before \`${backward!.callee}()\``, safe: true, edits: [edit] };
  }
  if (stepStmt) {
    const edit = fixes.insertAfter(stepStmt.span, code);
    if (edit) return { title: `Insert \`${code}\` after \`${step.callee}()\``, safe: true, edits: [edit] };
  }
  return null;
}

/** `loss.backward(); opt.zero_grad(); opt.step()` in one block: the gradients are cleared before they are used. */
function misplaced(ctx: RuleContext, step: CallFact): void {
  const { py, training: t, fixes } = ctx;
  const stepStmt = step.stmt;
  if (!stepStmt) return;
  const block = py.blockStmts(stepStmt.blockStart);
  const i = block.indexOf(stepStmt);
  if (i < 0) return;
  const d = py.enclosingDef(step);
  const callsOf = (s: StmtFact) => py.callsWithin(s.span).filter(c => py.enclosingDef(c) === d);
  let zero: { stmt: StmtFact; call: CallFact } | null = null;
  for (let j = i - 1; j >= 0; j--) {
    const s = block[j]!;
    const cs = callsOf(s);
    if (cs.some(c => t.isBackward(c))) {
      if (!zero) return;
      const backward = cs.find(c => t.isBackward(c))!;
      const edits = fixes.simpleStatement(zero.stmt) && fixes.simpleStatement(s) ? fixes.move(zero.stmt.span, s.span, 'before') : null;
      ctx.report({
        span: zero.call.span,
        message: `\`${zero.call.callee}()\` clears the gradients that \`${backward.callee}()\` just computed, so \`${step.callee}()\` steps with zero gradients.`,
        related: [
          { span: backward.span, message: 'gradients computed here' },
          { span: step.span, message: 'and used here, after they were cleared' },
        ],
        fix: edits ? { title: `Move \`${zero.call.callee}()\` before \`${backward.callee}()\``, safe: true, edits } : null,
      });
      return;
    }
    if (!zero && s.kind === 'expr') {
      const z = cs.find(c => t.clearsGrads(c));
      if (z) zero = { stmt: s, call: z };
    }
  }
}
