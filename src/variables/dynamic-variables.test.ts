import { describe, expect, it } from 'vitest';
import {
  DYNAMIC_VARIABLE_NAMES,
  VariableResolver,
  generateDynamicValue,
  isDynamicVariable,
  resolveString,
} from './index.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const empty = new VariableResolver();

function sample(name: string, times: number): string[] {
  return Array.from({ length: times }, () => resolveString(`{{${name}}}`, empty).value);
}

describe('dynamic variables', () => {
  it('covers the common Postman set', () => {
    const expected = [
      '$guid', '$timestamp', '$isoTimestamp', '$randomInt', '$randomUUID', '$randomAlphaNumeric', '$randomBoolean',
      '$randomColor', '$randomHexColor', '$randomAbbreviation', '$randomIP', '$randomIPV6', '$randomMACAddress',
      '$randomPassword', '$randomLocale', '$randomUserAgent', '$randomProtocol', '$randomSemver', '$randomFirstName',
      '$randomLastName', '$randomFullName', '$randomNamePrefix', '$randomNameSuffix', '$randomJobTitle',
      '$randomPhoneNumber', '$randomCity', '$randomStreetName', '$randomStreetAddress', '$randomCountry',
      '$randomCountryCode', '$randomLatitude', '$randomLongitude', '$randomImageUrl', '$randomAvatarImage',
      '$randomCompanyName', '$randomCatchPhrase', '$randomBs', '$randomPrice', '$randomCurrencyCode',
      '$randomCurrencyName', '$randomCurrencySymbol', '$randomBitcoin', '$randomBankAccount', '$randomBankAccountIban',
      '$randomDateFuture', '$randomDatePast', '$randomDateRecent', '$randomWeekday', '$randomMonth', '$randomDomainName',
      '$randomDomainSuffix', '$randomDomainWord', '$randomEmail', '$randomExampleEmail', '$randomUserName', '$randomUrl',
      '$randomFileName', '$randomFileType', '$randomFileExt', '$randomMimeType', '$randomWord', '$randomWords',
      '$randomLoremWord', '$randomLoremWords', '$randomLoremSentence', '$randomLoremSentences', '$randomLoremParagraph',
      '$randomLoremText', '$randomLoremSlug',
    ];
    for (const name of expected) expect(isDynamicVariable(name), name).toBe(true);
    expect(isDynamicVariable('guid')).toBe(false);
  });

  it('generates a non-empty string for every name', () => {
    for (const name of DYNAMIC_VARIABLE_NAMES) {
      const value = generateDynamicValue(name);
      expect(typeof value === 'string' && value.length > 0, name).toBe(true);
      expect(resolveString(`{{${name}}}`, empty).unresolved, name).toEqual([]);
    }
    expect(generateDynamicValue('$nope')).toBeUndefined();
  });

  it('gives version 4 UUIDs for $guid and $randomUUID', () => {
    for (const value of [...sample('$guid', 20), ...sample('$randomUUID', 20)]) expect(value).toMatch(UUID_V4);
  });

  it('gives Unix seconds near now for $timestamp', () => {
    const before = Math.floor(Date.now() / 1000);
    const value = resolveString('{{$timestamp}}', empty).value;
    const after = Math.ceil(Date.now() / 1000);
    expect(value).toMatch(/^\d{10}$/);
    expect(Number(value)).toBeGreaterThanOrEqual(before);
    expect(Number(value)).toBeLessThanOrEqual(after);
  });

  it('gives an ISO 8601 time near now for $isoTimestamp', () => {
    const value = resolveString('{{$isoTimestamp}}', empty).value;
    expect(value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Math.abs(Date.parse(value) - Date.now())).toBeLessThan(5_000);
  });

  it('gives whole numbers from 0 to 1000 for $randomInt', () => {
    const values = sample('$randomInt', 2_000).map(Number);
    for (const value of values) {
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1000);
    }
    expect(new Set(values).size).toBeGreaterThan(500);
  });

  it('formats a few others as Postman does', () => {
    expect(sample('$randomBoolean', 10).every((v) => v === 'true' || v === 'false')).toBe(true);
    expect(resolveString('{{$randomHexColor}}', empty).value).toMatch(/^#[0-9a-f]{6}$/);
    expect(resolveString('{{$randomIP}}', empty).value).toMatch(/^\d{1,3}(\.\d{1,3}){3}$/);
    expect(resolveString('{{$randomMACAddress}}', empty).value).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    expect(resolveString('{{$randomAlphaNumeric}}', empty).value).toMatch(/^[0-9A-Za-z]$/);
    expect(resolveString('{{$randomPhoneNumber}}', empty).value).toMatch(/^\d{3}-\d{3}-\d{4}$/);
    expect(resolveString('{{$randomPassword}}', empty).value).toHaveLength(15);
    expect(resolveString('{{$randomEmail}}', empty).value).toContain('@');
    expect(Number.isNaN(Date.parse(resolveString('{{$randomDatePast}}', empty).value))).toBe(false);
  });

  it('generates a fresh value at every occurrence', () => {
    const value = resolveString('{{$guid}} {{$guid}} {{$randomUUID}}', empty).value;
    const [first, second, third] = value.split(' ');
    expect(new Set([first, second, third]).size).toBe(3);
  });

  it('is fresh inside a variable used twice and across resolutions', () => {
    const resolver = new VariableResolver({ environment: [], local: { id: 'req-{{$guid}}' } });
    const [a, b] = resolveString('{{id}}|{{id}}', resolver).value.split('|');
    const c = resolveString('{{id}}', resolver).value;
    expect(a).toMatch(/^req-/);
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('lets a defined variable of the same name win', () => {
    const resolver = new VariableResolver({ globals: [{ key: '$guid', initialValue: 'fixed', type: 'default', enabled: true }] });
    expect(resolveString('{{$guid}}', resolver).value).toBe('fixed');
  });

  it('reports an unknown $name as unresolved', () => {
    expect(resolveString('{{$randomNope}}', empty)).toEqual({ value: '{{$randomNope}}', unresolved: ['$randomNope'], circular: [] });
  });
});
