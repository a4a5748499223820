/** Tax rates per country in basis points (TAX_RATES); a country not listed is taxed at 0. */
export class TaxRates {
  constructor(private readonly byCountry: Readonly<Record<string, number>>) {}

  /** The rate for an ISO country code, in any case. */
  forCountry(country: string): number {
    return this.byCountry[country.toUpperCase()] ?? 0;
  }
}
