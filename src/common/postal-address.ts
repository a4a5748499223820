import { format } from '@fragaria/address-formatter';
import { countryName } from './locale-format';

// Country names are locale formatting; kept importable from here, beside the address lines that print them.
export { countryName };

/** A postal address as we keep it (Bill To): free street lines and the parts people write around them. */
export interface PostalAddress {
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  /** State, province or county, as entered: "IL", "Illinois", "MI", "Milano". */
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

const present = (value: string | null | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/**
 * The lines of an address in the postal format of its country, with the
 * country's name (in the reader's `locale`) last: "Springfield, IL 62704" in
 * the United States, "20121 Milano MI" in Italy, "10117 Berlin" in Germany,
 * the postcode on a line of its own in the United Kingdom. The formats are
 * the OpenCage address-formatting templates (@fragaria/address-formatter).
 *
 * The street lines are kept as entered, in their order; the region is given
 * to the formatter both as a state and as a county (or province), so each
 * country's template prints it where that country writes it (a state code in
 * the US, the province code in Italy, nothing where addresses leave it out).
 */
export function postalAddressLines(address: PostalAddress, locale: string): string[] {
  const countryCode = address.country.trim().toUpperCase();
  const country = countryName(countryCode, locale);
  const street = [present(address.addressLine1), present(address.addressLine2)].filter((s): s is string => !!s);
  const city = present(address.city);
  const region = present(address.region);
  const postcode = present(address.postalCode);
  if (!street.length && !city && !region && !postcode) return country ? [country] : [];
  const lines = format(
    {
      // Newlines inside a component survive the templates: each street line stays a line of its own.
      road: street.length ? street.join('\n') : undefined,
      city,
      state: region,
      county: region,
      postcode,
      country,
      countryCode,
    },
    { output: 'array', cleanupPostcode: false },
  );
  return lines.map((line) => line.trim()).filter((line) => line.length > 0);
}
