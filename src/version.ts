/** Postern's version; a test keeps it equal to package.json's. */
export const POSTERN_VERSION = '0.1.0';
