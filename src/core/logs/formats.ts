import type { LogFormat, SniffInput } from './log-format';
import { cleanHead } from './line-splitter';
import { ChunkDecoder, detectEncoding } from './text-decoder';
import { pytorchTutorial } from './formats/pytorch-tutorial';
import { detectron2Metrics } from './formats/detectron2-metrics';
import { mmengineScalars } from './formats/mmengine-scalars';
import { mmdetLogJson } from './formats/mmdet-log-json';
import { deitLogTxt } from './formats/deit-log-txt';
import { hfTrainerState } from './formats/hf-trainer-state';
import { hfTrainerConsole } from './formats/hf-trainer-console';
import { jsonLines } from './formats/json-lines';
import { kerasCsvLogger } from './formats/keras-csvlogger';
import { lightningMetricsCsv } from './formats/lightning-metrics-csv';
import { yoloResultsCsv } from './formats/yolo-results-csv';
import { timmSummaryCsv } from './formats/timm-summary-csv';
import { genericCsv } from './formats/generic-csv';
import { yolov5ResultsTxt } from './formats/yolov5-results-txt';
import { mlflowMetric } from './formats/mlflow-metric';
import { kerasConsole } from './formats/keras-console';
import { printLines } from './formats/print-lines';
import { wordLanguageModel } from './formats/word-language-model';
import { fairseq } from './formats/fairseq';
import { mmdetTextLog } from './formats/mmdet-text-log';
import { pytorchCifar } from './formats/pytorch-cifar';
import { keyValue } from './formats/key-value';
import { tensorboardEvents } from './formats/tensorboard-events';

/**
 * Every format Train Doctor reads, most specific first: on equal confidence the earlier one wins, so the
 * generic readers come last.
 */
export const FORMATS: readonly LogFormat[] = [
  tensorboardEvents,
  hfTrainerState,
  detectron2Metrics,
  mmengineScalars,
  mmdetLogJson,
  deitLogTxt,
  yoloResultsCsv,
  lightningMetricsCsv,
  timmSummaryCsv,
  kerasCsvLogger,
  yolov5ResultsTxt,
  mlflowMetric,
  hfTrainerConsole,
  kerasConsole,
  mmdetTextLog,
  fairseq,
  wordLanguageModel,
  pytorchCifar,
  pytorchTutorial,
  printLines,
  jsonLines,
  genericCsv,
  keyValue,
];

/** Confidence below which a format's claim is ignored. */
export const MIN_CONFIDENCE = 0.3;
/** Confidence that settles the format from the first 4 KiB without reading further. */
export const CLEAR_CONFIDENCE = 0.5;

export function formatById(id: string): LogFormat | undefined {
  return FORMATS.find(f => f.id === id);
}

/** The format that claims the file most confidently (at least `minConfidence`), or null when none does. */
export function sniffFormat(input: SniffInput, minConfidence = MIN_CONFIDENCE): LogFormat | null {
  let best: LogFormat | null = null;
  let bestScore = minConfidence;
  for (const f of FORMATS) {
    let score: number;
    try {
      score = f.sniff(input);
    } catch {
      score = 0; // a sniffer that throws does not claim the file
    }
    if (score > bestScore || (score === bestScore && best === null && score >= minConfidence)) {
      best = f;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Sniffs the first bytes of a file: detects the encoding (BOM, UTF-16), decodes, cleans the lines as the parser
 * will see them, and asks every format. What `LogSession` and the editor's log detection both use.
 */
export function sniffBytes(head: Uint8Array, fileName: string, minConfidence = MIN_CONFIDENCE): LogFormat | null {
  if (head.length === 0) return null;
  const { encoding, bomLength } = detectEncoding(head);
  const text = cleanHead(new ChunkDecoder(encoding).write(head.subarray(bomLength)));
  return sniffFormat({ head: text, fileName, bytes: head }, minConfidence);
}
