import { useLanguage } from '../i18n/i18n';

export interface AddressValue {
  companyName?: string | null;
  contactName?: string | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country: string;
}

/** Countries that write "City, Region Postcode"; the others write "Postcode City Region" (Italy: 20121 Milano MI). */
const CITY_FIRST = new Set(['US', 'CA', 'AU', 'GB', 'IE', 'NZ']);

/** A country's name in the portal's language (IT → Italia / Italy). */
export function useCountryName(): (code: string) => string {
  const { language } = useLanguage();
  const names = new Intl.DisplayNames([language], { type: 'region' });
  return (code) => names.of(code) ?? code;
}

/** The address lines as the post of the address's country writes them. */
export function addressLines(a: AddressValue, countryName: (code: string) => string): string[] {
  const locality = CITY_FIRST.has(a.country)
    ? [[a.city, a.region].filter(Boolean).join(', '), a.postalCode].filter(Boolean).join(' ')
    : [a.postalCode, a.city, a.region].filter(Boolean).join(' ');
  return [a.companyName, a.contactName, a.addressLine1, a.addressLine2, locality, countryName(a.country)].filter(
    (line): line is string => !!line,
  );
}

export function Address({ value }: { value: AddressValue }) {
  const countryName = useCountryName();
  return (
    <address>
      {addressLines(value, countryName).map((line, i) => (
        <span key={i} className="address-line">
          {line}
        </span>
      ))}
    </address>
  );
}
