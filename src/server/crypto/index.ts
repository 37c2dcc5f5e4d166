/** The team server's cryptography: passwords, tokens, API keys, TOTP, recovery codes, envelope encryption. */
export { hashPassword, verifyPassword, verifyAgainstDummy, checkPasswordPolicy, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_HASH_OPTIONS } from './password.js';
export { newOpaqueToken, hashToken } from './tokens.js';
export { API_KEY_PREFIX, API_KEY_LENGTH, API_KEY_PATTERN, generateApiKey, isWellFormedApiKey, findApiKeys, hashApiKey } from './api-key.js';
export { newTotpSecret, totpUri, totpCode, totpStep, matchTotp, TOTP_DIGITS, TOTP_PERIOD_SECONDS, TOTP_WINDOW, type TotpAlgorithm } from './totp.js';
export { newRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from './recovery-codes.js';
export { loadMasterKey, generateMasterKeyHex, masterKeyFromBytes, parseMasterKeyText, type MasterKey, type MasterKeySource } from './master-key.js';
export { memoryDataKeyStore, type DataKeyRecord, type DataKeyStore } from './data-key-store.js';
export { createKeyRing, isSealedValue, SEALED_VERSION, type KeyRing } from './envelope.js';
