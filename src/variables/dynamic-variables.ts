import { faker } from '@faker-js/faker/locale/en';

/** Generates one fresh value; called at every occurrence of the variable. */
export type DynamicGenerator = () => string;

const PHONE_FORMAT = '###-###-####';
/** Faker 10 dropped company suffixes; these are the English ones Postman's older faker used. */
const COMPANY_SUFFIXES = ['Inc', 'and Sons', 'LLC', 'Group'] as const;

function uuid(): string {
  // Web Crypto exists in Node 20 and in browsers, so this module stays usable in the renderer.
  return globalThis.crypto.randomUUID();
}

/** A loremflickr picture of a category, as Postman's category image variables give. */
function categoryImage(category: string): DynamicGenerator {
  return () => `https://loremflickr.com/640/480/${category}?lock=${faker.number.int({ min: 1, max: 1_000_000 })}`;
}

/**
 * Postman's dynamic variables (`{{$name}}`), generated with faker's English locale. Formats follow
 * Postman's: `$timestamp` is Unix seconds, dates are `Date#toString()`, numbers are decimal text.
 */
const GENERATORS: Readonly<Record<string, DynamicGenerator>> = {
  // Common
  $guid: uuid,
  $timestamp: () => String(Math.round(Date.now() / 1000)),
  $isoTimestamp: () => new Date().toISOString(),
  $randomUUID: uuid,
  // Text, numbers and colours
  $randomAlphaNumeric: () => faker.string.alphanumeric(1),
  $randomBoolean: () => String(faker.datatype.boolean()),
  $randomInt: () => String(faker.number.int({ min: 0, max: 1000 })),
  $randomColor: () => faker.color.human(),
  $randomHexColor: () => faker.color.rgb({ format: 'hex', casing: 'lower' }),
  $randomAbbreviation: () => faker.hacker.abbreviation(),
  // Internet and IP addresses
  $randomIP: () => faker.internet.ipv4(),
  $randomIPV6: () => faker.internet.ipv6(),
  $randomMACAddress: () => faker.internet.mac(),
  $randomPassword: () => faker.internet.password({ length: 15 }),
  $randomLocale: () => faker.location.language().alpha2,
  $randomUserAgent: () => faker.internet.userAgent(),
  $randomProtocol: () => faker.internet.protocol(),
  $randomSemver: () => faker.system.semver(),
  // Names and jobs
  $randomFirstName: () => faker.person.firstName(),
  $randomLastName: () => faker.person.lastName(),
  $randomFullName: () => faker.person.fullName(),
  $randomNamePrefix: () => faker.person.prefix(),
  $randomNameSuffix: () => faker.person.suffix(),
  $randomJobArea: () => faker.person.jobArea(),
  $randomJobDescriptor: () => faker.person.jobDescriptor(),
  $randomJobTitle: () => faker.person.jobTitle(),
  $randomJobType: () => faker.person.jobType(),
  // Phone, address and location
  $randomPhoneNumber: () => faker.helpers.replaceSymbols(PHONE_FORMAT),
  $randomPhoneNumberExt: () => `${faker.string.numeric(2)}-${faker.helpers.replaceSymbols(PHONE_FORMAT)}`,
  $randomCity: () => faker.location.city(),
  $randomStreetName: () => faker.location.street(),
  $randomStreetAddress: () => faker.location.streetAddress(),
  $randomCountry: () => faker.location.country(),
  $randomCountryCode: () => faker.location.countryCode(),
  $randomLatitude: () => String(faker.location.latitude()),
  $randomLongitude: () => String(faker.location.longitude()),
  // Images
  $randomAvatarImage: () => faker.image.avatar(),
  $randomImageUrl: () => faker.image.url(),
  $randomAbstractImage: categoryImage('abstract'),
  $randomAnimalsImage: categoryImage('animals'),
  $randomBusinessImage: categoryImage('business'),
  $randomCatsImage: categoryImage('cats'),
  $randomCityImage: categoryImage('city'),
  $randomFoodImage: categoryImage('food'),
  $randomNightlifeImage: categoryImage('nightlife'),
  $randomFashionImage: categoryImage('fashion'),
  $randomPeopleImage: categoryImage('people'),
  $randomNatureImage: categoryImage('nature'),
  $randomSportsImage: categoryImage('sports'),
  $randomTransportImage: categoryImage('transport'),
  $randomImageDataUri: () => faker.image.dataUri(),
  // Finance
  $randomBankAccount: () => faker.finance.accountNumber(8),
  $randomBankAccountName: () => faker.finance.accountName(),
  $randomCreditCardMask: () => faker.string.numeric(4),
  $randomBankAccountBic: () => faker.finance.bic(),
  $randomBankAccountIban: () => faker.finance.iban(),
  $randomTransactionType: () => faker.finance.transactionType(),
  $randomCurrencyCode: () => faker.finance.currencyCode(),
  $randomCurrencyName: () => faker.finance.currencyName(),
  $randomCurrencySymbol: () => faker.finance.currencySymbol(),
  $randomBitcoin: () => faker.finance.bitcoinAddress(),
  // Business
  $randomCompanyName: () => faker.company.name(),
  $randomCompanySuffix: () => faker.helpers.arrayElement(COMPANY_SUFFIXES),
  $randomBs: () => faker.company.buzzPhrase(),
  $randomBsAdjective: () => faker.company.buzzAdjective(),
  $randomBsBuzz: () => faker.company.buzzVerb(),
  $randomBsNoun: () => faker.company.buzzNoun(),
  $randomCatchPhrase: () => faker.company.catchPhrase(),
  $randomCatchPhraseAdjective: () => faker.company.catchPhraseAdjective(),
  $randomCatchPhraseDescriptor: () => faker.company.catchPhraseDescriptor(),
  $randomCatchPhraseNoun: () => faker.company.catchPhraseNoun(),
  // Commerce
  $randomDepartment: () => faker.commerce.department(),
  $randomPrice: () => faker.commerce.price(),
  $randomProduct: () => faker.commerce.product(),
  $randomProductAdjective: () => faker.commerce.productAdjective(),
  $randomProductMaterial: () => faker.commerce.productMaterial(),
  $randomProductName: () => faker.commerce.productName(),
  // Databases
  $randomDatabaseColumn: () => faker.database.column(),
  $randomDatabaseType: () => faker.database.type(),
  $randomDatabaseCollation: () => faker.database.collation(),
  $randomDatabaseEngine: () => faker.database.engine(),
  // Dates
  $randomDateFuture: () => faker.date.future().toString(),
  $randomDatePast: () => faker.date.past().toString(),
  $randomDateRecent: () => faker.date.recent().toString(),
  $randomWeekday: () => faker.date.weekday(),
  $randomMonth: () => faker.date.month(),
  // Domains, emails and user names
  $randomDomainName: () => faker.internet.domainName(),
  $randomDomainSuffix: () => faker.internet.domainSuffix(),
  $randomDomainWord: () => faker.internet.domainWord(),
  $randomEmail: () => faker.internet.email(),
  $randomExampleEmail: () => faker.internet.exampleEmail(),
  $randomUserName: () => faker.internet.username(),
  $randomUrl: () => faker.internet.url(),
  // Files and directories
  $randomFileName: () => faker.system.fileName(),
  $randomFileType: () => faker.system.fileType(),
  $randomFileExt: () => faker.system.fileExt(),
  $randomCommonFileName: () => faker.system.commonFileName(),
  $randomCommonFileType: () => faker.system.commonFileType(),
  $randomCommonFileExt: () => faker.system.commonFileExt(),
  $randomFilePath: () => faker.system.filePath(),
  $randomDirectoryPath: () => faker.system.directoryPath(),
  $randomMimeType: () => faker.system.mimeType(),
  // Grammar
  $randomNoun: () => faker.hacker.noun(),
  $randomVerb: () => faker.hacker.verb(),
  $randomIngverb: () => faker.hacker.ingverb(),
  $randomAdjective: () => faker.hacker.adjective(),
  $randomWord: () => faker.word.sample(),
  $randomWords: () => faker.word.words({ count: { min: 2, max: 5 } }),
  $randomPhrase: () => faker.hacker.phrase(),
  // Lorem ipsum
  $randomLoremWord: () => faker.lorem.word(),
  $randomLoremWords: () => faker.lorem.words(),
  $randomLoremSentence: () => faker.lorem.sentence(),
  $randomLoremSentences: () => faker.lorem.sentences(),
  $randomLoremParagraph: () => faker.lorem.paragraph(),
  $randomLoremParagraphs: () => faker.lorem.paragraphs(),
  $randomLoremText: () => faker.lorem.text(),
  $randomLoremSlug: () => faker.lorem.slug(),
  $randomLoremLines: () => faker.lorem.lines(),
};

const DYNAMIC_VARIABLES: ReadonlyMap<string, DynamicGenerator> = new Map(Object.entries(GENERATORS));

/** Names of every dynamic variable, each with its leading `$`. */
export const DYNAMIC_VARIABLE_NAMES: readonly string[] = Object.freeze([...DYNAMIC_VARIABLES.keys()]);

export function isDynamicVariable(name: string): boolean {
  return DYNAMIC_VARIABLES.has(name);
}

/** A fresh value for a dynamic variable (`$guid`, `$randomInt`, …), or `undefined` for any other name. */
export function generateDynamicValue(name: string): string | undefined {
  const generate = DYNAMIC_VARIABLES.get(name);
  return generate === undefined ? undefined : generate();
}
