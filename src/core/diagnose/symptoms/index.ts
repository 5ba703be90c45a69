import type { Symptom, SymptomId } from '../symptom';
import { SYMPTOM_IDS } from '../symptom';
import { bothRising } from './both-rising';
import { collapseToChance } from './collapse-to-chance';
import { doubleActivationFloor } from './double-activation-floor';
import { generalizationGap } from './generalization-gap';
import { healthy } from './healthy';
import { learningReversed } from './learning-reversed';
import { lossAtChance } from './loss-at-chance';
import { lossClamped } from './loss-clamped';
import { lossDiverging } from './loss-diverging';
import { lrCollapsed } from './lr-collapsed';
import { lrScheduleEffect } from './lr-schedule-effect';
import { nanLoss } from './nan-loss';
import { noisyValidation } from './noisy-validation';
import { oscillating } from './oscillating';
import { overfitting } from './overfitting';
import { plateau } from './plateau';
import { slowStart } from './slow-start';
import { trainStalledValImproving } from './train-stalled-val-improving';
import { valAccuracyAtChance } from './val-accuracy-at-chance';
import { valBelowTrain } from './val-below-train';

const ALL: Record<SymptomId, Symptom> = {
  'nan-loss': nanLoss,
  'loss-clamped': lossClamped,
  'loss-at-chance': lossAtChance,
  'collapse-to-chance': collapseToChance,
  'val-accuracy-at-chance': valAccuracyAtChance,
  'double-activation-floor': doubleActivationFloor,
  'loss-diverging': lossDiverging,
  'both-rising': bothRising,
  'learning-reversed': learningReversed,
  overfitting,
  'generalization-gap': generalizationGap,
  'val-below-train': valBelowTrain,
  'train-stalled-val-improving': trainStalledValImproving,
  'noisy-validation': noisyValidation,
  oscillating,
  'lr-collapsed': lrCollapsed,
  plateau,
  'slow-start': slowStart,
  'lr-schedule-effect': lrScheduleEffect,
  healthy,
};

/**
 * Every symptom, in the order they run: later detectors may read what earlier ones found (the accuracy at
 * chance uses the K a loss at ln K revealed; healthy runs last).
 */
export const SYMPTOMS: readonly Symptom[] = SYMPTOM_IDS.map(id => ALL[id]);

export function symptomById(id: string): Symptom | undefined {
  return (ALL as Record<string, Symptom | undefined>)[id];
}
