import type { LogFormat, SniffInput } from './log-format';
import { pytorchTutorial } from './formats/pytorch-tutorial';

/**
 * Every format Train Doctor reads, most specific first: on equal confidence the earlier one wins, so the
 * generic readers come last.
 */
export const FORMATS: readonly LogFormat[] = [
  pytorchTutorial,
];

/** Confidence below which a format's claim is ignored. */
const MIN_CONFIDENCE = 0.3;

export function formatById(id: string): LogFormat | undefined {
  return FORMATS.find(f => f.id === id);
}

/** The format that claims the file most confidently, or null when none does. */
export function sniffFormat(input: SniffInput, _headBytes?: Uint8Array): LogFormat | null {
  let best: LogFormat | null = null;
  let bestScore = MIN_CONFIDENCE;
  for (const f of FORMATS) {
    let score: number;
    try {
      score = f.sniff(input);
    } catch {
      score = 0; // a sniffer that throws does not claim the file
    }
    if (score > bestScore) {
      best = f;
      bestScore = score;
    }
  }
  return best;
}
