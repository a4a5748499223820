import { CurrencyResolver, SafeIntResolver } from 'graphql-scalars';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { Directive, Field, InputType, ObjectType } from 'type-graphql';
import type { ValueTransformer } from 'typeorm';

/**
 * Money is an integer count of minor units plus an ISO 4217 currency code.
 * Database columns are `bigint`; mysql2 returns them as strings and SQLite as
 * numbers, so every money column goes through this transformer.
 */
export function toSafeInteger(value: unknown, what = 'value'): number {
  const n = typeof value === 'bigint' ? Number(value) : typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || (typeof value === 'string' && !/^-?\d+$/.test(value.trim())))
    throw new RangeError(`${what} is not a safe integer: ${String(value)}`);
  return n;
}

export const bigintMinorUnits: ValueTransformer = {
  to: (value: unknown) => (value === null || value === undefined ? value : toSafeInteger(value, 'money amount')),
  from: (value: unknown) => (value === null || value === undefined ? value : toSafeInteger(value, 'money amount')),
};

/** Same conversion for counts read from raw SQL (`COUNT(*)` is a string on MySQL). */
export const toCount = (value: unknown): number => toSafeInteger(value ?? 0, 'count');

/** Number formats by locale and currency: building an Intl.NumberFormat costs far more than using one. */
const formats = new Map<string, Intl.NumberFormat>();

function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    const digits = minorUnitDigits(currency);
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    // Locales and currencies come from validated settings, so the cache stays small.
    formats.set(key, format);
  }
  return format;
}

const digitsOf = new Map<string, number>();

/** Number of minor-unit digits of a currency (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorUnitDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

/** Formats minor units for people, e.g. formatMoney(1234567, 'EUR', 'it') -> "12.345,67 €". */
export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  return currencyFormat(locale, currency).format(amountMinor / 10 ** minorUnitDigits(currency));
}

/** Money as clients see it: minor units, the currency, and a formatted string in the account's locale. */
@Directive('@shareable')
@ObjectType({ description: 'An amount of money: integer minor units of an ISO 4217 currency' })
export class Money {
  @Field(() => SafeIntResolver)
  amountMinor!: number;

  @Field(() => CurrencyResolver)
  currency!: string;

  /** A promise when the locale is still to be read (lazyMoney). */
  @Field(() => String, { description: "Formatted for people in the account's locale, e.g. 1.234,56 €" })
  formatted!: string | Promise<string>;
}

/** An amount a client sends: positive minor units of a currency. */
@InputType({ description: 'An amount of money: positive integer minor units of an ISO 4217 currency' })
export class MoneyInput {
  @Field(() => SafeIntResolver)
  @IsInt()
  @Min(1, { message: 'amountMinor must be positive' })
  @Max(1_000_000_000_000)
  amountMinor!: number;

  @Field(() => CurrencyResolver)
  @Matches(/^[A-Z]{3}$/)
  currency!: string;
}

export function money(amountMinor: number, currency: string, locale = 'en-US'): Money {
  return { amountMinor, currency, formatted: formatMoney(amountMinor, currency, locale) };
}

/**
 * Money whose locale is read only if a query asks for `formatted` (at most
 * once): a list that shows amounts in minor units never reads the account.
 */
export function lazyMoney(amountMinor: number, currency: string, locale: () => Promise<string>): Money {
  let formatted: Promise<string> | undefined;
  return {
    amountMinor,
    currency,
    get formatted() {
      return (formatted ??= locale().then((l) => formatMoney(amountMinor, currency, l)));
    },
  };
}

/**
 * `amountMinor × basisPoints / 10 000`, rounded half to even, exactly (in
 * BigInt): the tax of one invoice line, e.g. taxOf(1005, 2200) = 221.
 */
export function taxOf(amountMinor: number, basisPoints: number): number {
  return fractionOf(amountMinor, basisPoints, 10_000);
}

/** `amountMinor × numerator / denominator`, rounded half to even, exactly (e.g. 3 of 12 months of a yearly price). */
export function fractionOf(amountMinor: number, numerator: number, denominator: number): number {
  const n = BigInt(amountMinor) * BigInt(numerator);
  const d = BigInt(denominator);
  const sign = n < 0n ? -1n : 1n;
  const abs = n * sign;
  let q = abs / d;
  const r = abs % d;
  if (2n * r > d || (2n * r === d && q % 2n === 1n)) q += 1n;
  return toSafeInteger(q * sign, 'amount');
}

/** A document's subtotal, tax and total from its lines, each a safe integer (else RangeError). */
export function totalsOf(lines: ReadonlyArray<{ amountMinor: number; taxMinor: number }>): {
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
} {
  const subtotalMinor = toSafeInteger(
    lines.reduce((sum, l) => sum + l.amountMinor, 0),
    'subtotal',
  );
  const taxMinor = toSafeInteger(
    lines.reduce((sum, l) => sum + l.taxMinor, 0),
    'tax',
  );
  return { subtotalMinor, taxMinor, totalMinor: toSafeInteger(subtotalMinor + taxMinor, 'total') };
}
