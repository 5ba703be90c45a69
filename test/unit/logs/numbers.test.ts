import assert from 'node:assert/strict';
import { parseNumber, scanEnd, scanNumber } from '../../../src/core/logs/numbers';

describe('scanNumber', () => {
  const cases: [string, number][] = [
    ['0.6931', 0.6931], ['12', 12], ['-0.5', -0.5], ['.5', 0.5], ['1e-05', 1e-5], ['7.1277e-04', 7.1277e-4],
    ['87.3365', 87.3365], ['0.199588847701996561', Number('0.199588847701996561')], ['123456789012345678', Number('123456789012345678')],
    ['5e-324', 5e-324], ['1.7976931348623157e308', 1.7976931348623157e308], ['+3', 3], ['0.0001', 0.0001],
    ['2.3025850929940455', 2.3025850929940455], ['1.', 1], ['00012.5000', 12.5],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${text} exactly as Number() does`, () => {
      assert.equal(scanNumber(text, 0), expected);
      assert.equal(scanNumber(text, 0), Number(text));
      assert.equal(scanEnd, text.length);
    });
  }

  it('agrees with Number() on random decimal strings', () => {
    let seed = 42;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 20000; k++) {
      const digits = 1 + Math.floor(rnd() * 19);
      let s = '';
      for (let i = 0; i < digits; i++) s += Math.floor(rnd() * 10);
      const dot = Math.floor(rnd() * (digits + 1));
      s = s.slice(0, dot) + '.' + s.slice(dot);
      if (rnd() < 0.3) s += `e${rnd() < 0.5 ? '-' : ''}${Math.floor(rnd() * 40)}`;
      if (s.startsWith('.') && s.length === 1) continue;
      assert.equal(scanNumber(s, 0), Number(s), s);
    }
  });

  it('agrees with Number() on the 17-19 digit reprs Python writes for floats, and on exact ties', () => {
    // the long-mantissa path (exact double-double division) must round like Number() everywhere, including
    // values exactly halfway between two doubles, where it hands over to Number()
    let seed = 7;
    const rnd = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const f64 = new Float64Array(1);
    const u32 = new Uint32Array(f64.buffer);
    const check = (s: string): void => {
      assert.ok(Object.is(scanNumber(s, 0), Number(s)), s);
      assert.equal(scanEnd, s.length, s);
    };
    for (let k = 0; k < 20000; k++) {
      u32[0] = (rnd() * 2 ** 32) >>> 0;
      u32[1] = ((rnd() * 2 ** 20) >>> 0) | ((993 + Math.floor(rnd() * 40)) << 20);
      const x = f64[0]!;
      for (const s of [String(x), x.toPrecision(17), x.toPrecision(18), x.toPrecision(19), x.toExponential(16), String(-x)]) check(s);
    }
    for (let e = 53n; e < 63n; e++) {
      for (let j = 0; j < 300; j++) {
        const tie = 2n ** e + BigInt(Math.floor(rnd() * 2 ** 30)) * 2n ** (e - 52n) + 2n ** (e - 53n);
        const s = tie.toString();
        if (s.length > 19) continue;
        for (const t of [s, `${s}.0`, `${s.slice(0, -1)}.${s.slice(-1)}e1`, (tie + 1n).toString(), (tie - 1n).toString()]) check(t);
      }
    }
  });

  it('reads non-finite spellings', () => {
    assert.ok(Number.isNaN(scanNumber('nan', 0)));
    assert.equal(scanEnd, 3);
    assert.ok(Number.isNaN(scanNumber('  NaN,', 0)));
    assert.equal(scanEnd, 5);
    assert.equal(scanNumber('inf', 0), Infinity);
    assert.equal(scanNumber('-inf', 0), -Infinity);
    assert.equal(scanNumber('Infinity', 0), Infinity);
  });

  it('stops at the end of the number and reports none when there is none', () => {
    assert.equal(scanNumber('loss: 0.25 acc', 6), 0.25);
    assert.equal(scanEnd, 10);
    scanNumber('abc', 0);
    assert.equal(scanEnd, -1);
    scanNumber('-', 0);
    assert.equal(scanEnd, -1);
    scanNumber('none', 0);
    assert.equal(scanEnd, -1);
  });

  it('parseNumber accepts a whole cell only', () => {
    assert.equal(parseNumber(' 0.5 '), 0.5);
    assert.equal(parseNumber('95.1%'), 95.1);
    assert.equal(parseNumber('0.5x'), undefined);
    assert.equal(parseNumber('NA'), undefined);
    assert.equal(parseNumber(''), undefined);
  });
});
