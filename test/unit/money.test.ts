import { bigintMinorUnits, formatMoney, minorUnitDigits, taxOf, toSafeInteger } from '../../src/common/money';

describe('money', () => {
  it('reads bigint columns as safe integers from strings (mysql2) and numbers (SQLite)', () => {
    expect(bigintMinorUnits.from('123456')).toBe(123456);
    expect(bigintMinorUnits.from('-42')).toBe(-42);
    expect(bigintMinorUnits.from(9007199254740991)).toBe(9007199254740991);
    expect(bigintMinorUnits.from(null)).toBeNull();
    expect(() => bigintMinorUnits.from('9007199254740993')).toThrow(RangeError);
    expect(() => bigintMinorUnits.from('12.5')).toThrow(RangeError);
    expect(() => bigintMinorUnits.to(0.1 + 0.2)).toThrow(RangeError);
    expect(toSafeInteger(10n)).toBe(10);
  });

  it('knows minor units per currency and formats for people', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(formatMoney(123456, 'USD', 'en-US')).toBe('$1,234.56');
    expect(formatMoney(123456, 'EUR', 'it-IT')).toBe('1234,56\u00a0€');
    expect(formatMoney(500, 'JPY', 'en-US')).toBe('¥500');
  });
});

describe('tax per line', () => {
  it('rounds half to even in minor units', () => {
    expect(taxOf(1005, 2200)).toBe(221); // 221.1
    expect(taxOf(250, 1000)).toBe(25); // exact
    expect(taxOf(25, 1000)).toBe(2); // 2.5 -> 2 (even)
    expect(taxOf(35, 1000)).toBe(4); // 3.5 -> 4 (even)
    expect(taxOf(-35, 1000)).toBe(-4);
    expect(taxOf(1, 5000)).toBe(0); // 0.5 -> 0
    expect(taxOf(3, 5000)).toBe(2); // 1.5 -> 2
    expect(taxOf(9_007_199_254_740, 2200)).toBe(1_981_583_836_043); // exact beyond float precision of the product
  });
});
