/** Audit export formats: NDJSON, ArcSight CEF and RFC 5424 syslog, one line per entry. */
export { toNdjson } from './ndjson.js';
export { toCef, escapeCefHeader, escapeCefValue, DEFAULT_CEF_PRODUCT, type CefProduct } from './cef.js';
export { toSyslog, escapeSdValue, syslogTimestamp, SYSLOG_SD_ID, type SyslogOptions } from './syslog.js';
export { cefSeverity, syslogFacility, syslogSeverity, SYSLOG_FACILITY_AUTHPRIV, SYSLOG_FACILITY_LOG_AUDIT } from './severity.js';
