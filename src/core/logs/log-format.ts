import type { RunBuilder } from '../run/run-builder';

/** What a format gets to decide whether a file is its own: the first KB of text and the file's base name. */
export interface SniffInput {
  /**
   * The first 4 KiB of the file (1 MiB when no format claimed the first 4 KiB clearly), decoded, BOM removed,
   * cleaned as the line splitter cleans lines (ANSI codes, `\b`, rank prefixes; `\r` redraws on lines of
   * their own), lines joined with `\n`.
   */
  head: string;
  /** Base name of the file, e.g. `metrics.csv`, `trainer_state.json`. */
  fileName: string;
  /** The same first bytes, undecoded: binary formats (TensorBoard event files) sniff these. */
  bytes?: Uint8Array;
}

/** Receives a text log one line at a time; line numbers are 1-based source lines. */
export interface LineParser {
  line(text: string, lineNo: number): void;
  /** The input is complete (end of file, or a snapshot of a file that is no longer growing). */
  end?(): void;
  /**
   * A snapshot of an input that is still growing is about to be taken: record what is held back waiting for
   * more lines (the running values of an unfinished Keras epoch). Later lines may replace what this records.
   */
  flush?(): void;
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
