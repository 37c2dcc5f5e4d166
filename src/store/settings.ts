import { ClientCertificateSchema, PosternError, SettingsSchema, defaultSettings } from '../model/index.js';
import type { ClientCertificate, Settings } from '../model/index.js';
import type { StoreContext } from './context.js';
import { readAll, writeAll } from './context.js';
import { openSealed, requireSealer, sealAad } from './sealer.js';

interface CertificateRow {
  rowid: number;
  host: string;
  port: number | null;
  cert: string | null;
  key: string | null;
  pfx: string | null;
  passphrase_sealed: Buffer | null;
  enabled: number;
}

interface SettingsRow {
  settings: string;
  proxy_password_sealed: Buffer | null;
}

const PASSPHRASE = 'passphrase';
const PROXY_PASSWORD = 'proxy_password';

/**
 * App settings (validated by SettingsSchema) and client certificates. The two secrets they hold, the
 * proxy password and certificate passphrases, are sealed in their own columns and never in the JSON.
 */
export class SettingsTable {
  /** history.maxEntries, read once: history consults it on every insert. */
  private historyLimit: number | undefined;

  constructor(private readonly ctx: StoreContext) {}

  /** `history.maxEntries` of the saved settings, without opening any sealed value. */
  maxHistoryEntries(): number {
    if (this.historyLimit === undefined) {
      const row = readAll(this.ctx, 'reading settings', () => this.ctx.db.prepare<[], SettingsRow>('SELECT settings, proxy_password_sealed FROM app_settings WHERE id = 1').get());
      this.historyLimit = (row ? this.parse(row.settings) : defaultSettings()).history.maxEntries;
    }
    return this.historyLimit;
  }

  /** The saved settings, defaults filled in; defaults when none were saved. */
  get(): Settings {
    return readAll(this.ctx, 'reading settings', () => {
      const row = this.ctx.db.prepare<[], SettingsRow>('SELECT settings, proxy_password_sealed FROM app_settings WHERE id = 1').get();
      const base = row ? this.parse(row.settings) : defaultSettings();
      const proxy =
        row?.proxy_password_sealed
          ? { ...base.proxy, password: openSealed(requireSealer(this.ctx.sealer, 'the proxy settings'), row.proxy_password_sealed, sealAad('app_settings', 1, PROXY_PASSWORD), this.ctx.file) }
          : base.proxy;
      return { ...base, proxy, clientCertificates: this.certificates() };
    });
  }

  private parse(text: string): Settings {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new PosternError('STORE_CORRUPT', 'the saved settings do not parse as JSON', { file: this.ctx.file, path: 'app_settings' }, { cause: error });
    }
    const parsed = SettingsSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PosternError('STORE_CORRUPT', `the saved settings are invalid: ${issue?.message ?? 'invalid'}`, {
        file: this.ctx.file,
        path: `app_settings.${(issue?.path ?? []).join('.')}`,
      });
    }
    return parsed.data;
  }

  /** Validate and save all settings (certificates included) in one transaction. */
  save(input: unknown): Settings {
    const parsed = SettingsSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new PosternError('INVALID_INPUT', `settings: ${issue?.message ?? 'invalid'}`, { path: (issue?.path ?? []).join('.') });
    }
    const settings = parsed.data;
    const { password, ...proxy } = settings.proxy;
    const stored = { ...settings, proxy, clientCertificates: [] };
    writeAll(this.ctx, 'saving settings', () => {
      const sealed = password === undefined ? null : requireSealer(this.ctx.sealer, 'the proxy settings').seal(password, sealAad('app_settings', 1, PROXY_PASSWORD));
      this.ctx.db
        .prepare(
          `INSERT INTO app_settings (id, settings, proxy_password_sealed) VALUES (1, ?, ?)
           ON CONFLICT(id) DO UPDATE SET settings = excluded.settings, proxy_password_sealed = excluded.proxy_password_sealed`,
        )
        .run(JSON.stringify(stored), sealed);
      this.saveCertificates(settings.clientCertificates);
    });
    this.historyLimit = settings.history.maxEntries;
    return settings;
  }

  certificates(): ClientCertificate[] {
    const rows = this.ctx.db
      .prepare<[], CertificateRow>('SELECT rowid, host, port, cert, key, pfx, passphrase_sealed, enabled FROM client_certificates ORDER BY position')
      .all();
    return rows.map((row) => {
      const passphrase =
        row.passphrase_sealed === null
          ? undefined
          : openSealed(requireSealer(this.ctx.sealer, `the certificate for ${row.host}`), row.passphrase_sealed, sealAad('client_certificates', row.rowid, PASSPHRASE), this.ctx.file);
      return ClientCertificateSchema.parse({
        host: row.host,
        ...(row.port === null ? {} : { port: row.port }),
        ...(row.cert === null ? {} : { cert: row.cert }),
        ...(row.key === null ? {} : { key: row.key }),
        ...(row.pfx === null ? {} : { pfx: row.pfx }),
        ...(passphrase === undefined ? {} : { passphrase }),
        enabled: row.enabled === 1,
      });
    });
  }

  /** Replace the client certificate list; passphrases are sealed against their row. */
  saveCertificates(certificates: readonly ClientCertificate[]): void {
    writeAll(this.ctx, 'saving client certificates', () => {
      const { db } = this.ctx;
      db.prepare('DELETE FROM client_certificates').run();
      const insert = db.prepare('INSERT INTO client_certificates (position, host, port, cert, key, pfx, enabled) VALUES (?, ?, ?, ?, ?, ?, ?)');
      const seal = db.prepare('UPDATE client_certificates SET passphrase_sealed = ? WHERE rowid = ?');
      certificates.forEach((certificate, position) => {
        const { lastInsertRowid } = insert.run(
          position,
          certificate.host,
          certificate.port ?? null,
          certificate.cert ?? null,
          certificate.key ?? null,
          certificate.pfx ?? null,
          certificate.enabled ? 1 : 0,
        );
        if (certificate.passphrase !== undefined) {
          const sealer = requireSealer(this.ctx.sealer, `the certificate for ${certificate.host}`);
          seal.run(sealer.seal(certificate.passphrase, sealAad('client_certificates', lastInsertRowid, PASSPHRASE)), lastInsertRowid);
        }
      });
    });
  }
}
