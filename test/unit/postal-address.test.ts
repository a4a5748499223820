import { countryName, postalAddressLines, type PostalAddress } from '../../src/common/postal-address';

const address = (over: Partial<PostalAddress>): PostalAddress => ({
  addressLine1: null,
  addressLine2: null,
  city: null,
  region: null,
  postalCode: null,
  country: 'US',
  ...over,
});

describe('postalAddressLines', () => {
  it('writes a US address as city, state code and ZIP code on one line', () => {
    const us = address({
      addressLine1: '742 Evergreen Terrace',
      addressLine2: 'Suite 200',
      city: 'Springfield',
      region: 'IL',
      postalCode: '62704',
      country: 'US',
    });
    expect(postalAddressLines(us, 'en-US')).toEqual([
      '742 Evergreen Terrace',
      'Suite 200',
      'Springfield, IL 62704',
      'United States of America',
    ]);
    // A state written out becomes its postal code.
    expect(postalAddressLines({ ...us, region: 'Illinois' }, 'en-US')).toContain('Springfield, IL 62704');
  });

  it('writes an Italian address as CAP, city and province', () => {
    const it = address({
      addressLine1: 'Via Dante 12',
      city: 'Milano',
      region: 'MI',
      postalCode: '20121',
      country: 'IT',
    });
    expect(postalAddressLines(it, 'it-IT')).toEqual(['Via Dante 12', '20121 Milano MI', 'Italia']);
    expect(postalAddressLines(it, 'en-US')).toEqual(['Via Dante 12', '20121 Milano MI', 'Italy']);
  });

  it('writes a German address as postcode and city, without the state', () => {
    const de = address({
      addressLine1: 'Friedrichstraße 10',
      city: 'Berlin',
      region: 'Berlin',
      postalCode: '10117',
      country: 'DE',
    });
    expect(postalAddressLines(de, 'en-US')).toEqual(['Friedrichstraße 10', '10117 Berlin', 'Germany']);
  });

  it('puts a British postcode on its own line after the town', () => {
    const gb = address({
      addressLine1: '10 Downing Street',
      city: 'London',
      region: 'Greater London',
      postalCode: 'SW1A 2AA',
      country: 'GB',
    });
    expect(postalAddressLines(gb, 'en-US')).toEqual(['10 Downing Street', 'London', 'SW1A 2AA', 'United Kingdom']);
  });

  it('leaves out what is missing and keeps the country', () => {
    expect(postalAddressLines(address({ city: 'Torino', country: 'IT' }), 'it-IT')).toEqual(['Torino', 'Italia']);
    expect(postalAddressLines(address({ country: 'IT' }), 'it-IT')).toEqual(['Italia']);
    expect(
      postalAddressLines(address({ addressLine1: '  ', city: 'Austin', region: 'TX', postalCode: '73301' }), 'en-US'),
    ).toEqual(['Austin, TX 73301', 'United States of America']);
  });
});

describe('countryName', () => {
  it('names a country in the reader’s language and keeps anything else as given', () => {
    expect(countryName('it', 'it-IT')).toBe('Italia');
    expect(countryName('DE', 'en-US')).toBe('Germany');
    expect(countryName('Narnia', 'en-US')).toBe('Narnia');
  });
});
