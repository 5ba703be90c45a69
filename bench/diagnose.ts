import { RunBuilder } from '../src/core/run/run-builder';
import type { Run } from '../src/core/run/model';
import { diagnose } from '../src/core/diagnose/diagnose';
import { median, type Measure } from './measure';

/**
 * A live run is re-diagnosed on every append (debounced to once a second), on the extension host's thread: a
 * Hugging Face-style run of one million logged steps (loss, learning rate, an evaluation every 1000 steps).
 */
function millionSteps(): Run {
  const n = 1_000_000;
  const b = new RunBuilder('bench.log', 'bench');
  const loss = b.series('loss', { x: 'step', withEpoch: true });
  const lr = b.series('learning_rate', { x: 'step', withEpoch: true });
  const evalLoss = b.series('eval_loss', { x: 'step', withEpoch: true });
  let seed = 1;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 1; i <= n; i++) {
    const epoch = i / 100_000;
    b.add(loss, i, 2 * Math.exp(-i / 200_000) + 0.05 * rand(), i, epoch);
    b.add(lr, i, 1e-3 * Math.min(1, i / 10_000), i, epoch);
    if (i % 1000 === 0) b.add(evalLoss, i, 0.5 + 0.5 * Math.exp(-i / 300_000) + 0.02 * rand(), i, epoch);
  }
  return b.result();
}

export const diagnoseMeasures: Measure[] = [
  {
    key: 'diagnose-1m-steps-ms',
    unit: 'ms',
    goal: '< 500',
    async run() {
      const run = millionSteps();
      diagnose(run); // warm-up
      const times: number[] = [];
      for (let k = 0; k < 5; k++) {
        const t0 = performance.now();
        diagnose(run);
        times.push(performance.now() - t0);
      }
      return median(times);
    },
  },
];
