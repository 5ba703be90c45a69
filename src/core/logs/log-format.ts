import type { RunBuilder } from '../run/run-builder';

/** What a format gets to decide whether a file is its own: the first KB of text and the file's base name. */
export interface SniffInput {
  /** The first 1 KB or so of the file, decoded (BOM removed, line endings as written). */
  head: string;
  /** Base name of the file, e.g. `metrics.csv`, `trainer_state.json`. */
  fileName: string;
}

/** Receives a text log one line at a time; line numbers are 1-based source lines. */
export interface LineParser {
  line(text: string, lineNo: number): void;
  /** The input is complete (end of file, or a snapshot of a file that is no longer growing). */
  end?(): void;
}

/** Receives a binary log as it arrives, in chunks of any size. */
export interface ByteParser {
  push(bytes: Uint8Array): void;
  end?(): void;
}

/**
 * One log format. `sniff` says how sure it is that a file is in this format, from its first KB and name only
 * (0 = not this format, 1 = certain). A format reads the file one of three ways:
 * - line by line (`createLineParser`): most text logs; this is what makes tailing a growing file cheap;
 * - as a whole text (`parseText`): formats rewritten in place such as Hugging Face's trainer_state.json;
 * - as bytes (`createByteParser`): TensorBoard event files.
 */
export interface LogFormat {
  /** Short kebab-case id, shown as `format` by `train-doctor parse`. */
  id: string;
  /** Human-readable name. */
  title: string;
  sniff(input: SniffInput): number;
  createLineParser?(out: RunBuilder): LineParser;
  parseText?(text: string, out: RunBuilder): void;
  createByteParser?(out: RunBuilder): ByteParser;
}
