/** The team server's public face: settings, composition, start and shutdown. */
export {
  resolveServerSettings,
  defaultDataDir,
  SERVER_SETTINGS,
  MASTER_KEY_ENV,
  LOG_LEVELS,
  type ServerSettings,
  type SettingFlags,
  type SettingInfo,
  type SettingName,
  type MailerSettings,
  type MasterKeySetting,
  type RateLimitSettings,
  type LogLevel,
} from './config.js';
export { createServerApp, composeServer, createServices, DEFAULT_RATE_LIMITS, type ServerAppOptions, type ServerServices, type ComposedServer } from './compose.js';
export { startServer, closeOnSignals, openServerDatabase, openServerContext, type RunningServer, type StartOptions } from './start.js';
export { serverLoggerOptions, SECRET_FIELDS, REDACTED, type LoggerDestination } from './logger.js';
export { ServerError, isServerError, type ServerErrorCode } from './errors.js';
export type { ServerContext } from './context.js';
