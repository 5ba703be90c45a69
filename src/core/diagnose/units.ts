import type { Curve } from './curves';

/**
 * Words that go into messages through parameters are message ids prefixed with `@` and are looked up in
 * the report's language when the message is rendered (`{unit} {at}` → "epoch 3" / "Epoche 3").
 */
export const UNIT_TEXTS: Record<string, string> = {
  'ui.epoch': 'epoch',
  'ui.epochs': 'epochs',
  'ui.step': 'step',
  'ui.steps': 'steps',
  'ui.point': 'point',
};

/** `@ui.epoch` or `@ui.step`: what the curve's x counts. */
export function xUnit(c: Curve): string {
  return c.axis === 'epoch' ? '@ui.epoch' : '@ui.step';
}

/** Plural form of xUnit. */
export function xUnits(c: Curve): string {
  return c.axis === 'epoch' ? '@ui.epochs' : '@ui.steps';
}
