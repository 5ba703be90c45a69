/** Output channel of one CLI run, so tests can capture what it prints. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** Bad command-line usage: exit code 2 with the usage text. */
export class UsageError extends Error {}
