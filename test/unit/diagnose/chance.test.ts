import assert from 'node:assert/strict';
import { binaryEntropy, chanceLoss, classesFromFloor, classesFromLoss, softmaxFloor } from '../../../src/core/diagnose/chance';
import { kendallTau, median, median3, noiseSigma, signFlipRate } from '../../../src/core/diagnose/stats';
import { examplesFromAccuracy, roughness } from '../../../src/core/diagnose/symptoms/noisy-validation';

describe('numeric fingerprints (research/domain.md §3)', () => {
  const table: [number, number, number][] = [
    // K, ln K, ln(1 + (K−1)/e)
    [2, 0.6931, 0.3133],
    [10, 2.3026, 1.4612],
    [100, 4.6052, 3.6222],
    [1000, 6.9078, 5.9095],
  ];
  for (const [k, ln, floor] of table) {
    it(`K=${k}: chance ${ln}, double-softmax floor ${floor}`, () => {
      assert.equal(Math.round(chanceLoss(k) * 1e4) / 1e4, ln);
      assert.equal(Math.round(softmaxFloor(k) * 1e4) / 1e4, floor);
    });
  }

  const guesses: [number, number | null][] = [
    [0.6931, 2], [0.6995, 2], [0.72, null], [1.0986, 3], [2.3026, 10], [2.318, 10], [2.36, null], [4.6052, 100], [4.62, null], [6.9078, 1000], [0.3, null], [1.9887, null],
  ];
  for (const [level, k] of guesses) it(`a flat loss at ${level} reads as K=${k}`, () => assert.equal(classesFromLoss(level), k));

  it('K from a loss that floors just above ln(1 + (K−1)/e)', () => {
    assert.equal(classesFromFloor(1.4639), 10);
    assert.equal(classesFromFloor(0.315), 2);
    assert.equal(classesFromFloor(1.52), null); // between the floors of 10 and 11
    assert.equal(classesFromFloor(0.2), null); // below every floor
  });

  it('binary entropy: the loss of always predicting the prior', () => {
    assert.equal(Math.round(binaryEntropy(0.5) * 1e4) / 1e4, 0.6931);
    assert.equal(Math.round(binaryEntropy(0.6274) * 1e4) / 1e4, 0.6603);
    assert.equal(binaryEntropy(1), 0);
  });
});

describe('robust statistics', () => {
  it('median, 3-point median filter', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.deepEqual(median3([1, 9, 2, 3, 4]), [1, 2, 3, 3, 4]);
  });
  it('Kendall tau: +1 rising, −1 falling, 0 for ties', () => {
    assert.equal(kendallTau([1, 2, 3, 4]), 1);
    assert.equal(kendallTau([4, 3, 2, 1]), -1);
    assert.equal(kendallTau([1, 1, 1]), 0);
  });
  it('noise of a straight line is 0; of a zigzag it is large', () => {
    assert.equal(noiseSigma([1, 2, 3, 4, 5, 6]), 0);
    assert.equal(roughness([1, 2, 3, 4, 5, 6]), 0);
    assert.ok(roughness([1, 2, 1, 2, 1, 2]) > 0.5);
    assert.equal(signFlipRate([1, 2, 1, 2, 1]), 1);
  });
  it('the validation set size from the accuracy grid', () => {
    assert.equal(examplesFromAccuracy([0.9167, 0.9333, 0.95, 0.9667, 0.9833, 1]), 60);
    assert.equal(examplesFromAccuracy([0.8244, 0.8178, 0.82, 0.8156]), 450);
    assert.equal(examplesFromAccuracy([0.5, 0.5, 0.5]), null);
  });
});
