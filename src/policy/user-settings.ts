import type { Settings } from '../model/index.js';

/** The user's own settings as policy key → value: the layer between policy and defaults. */
export function userValuesFromSettings(settings: Settings): Record<string, unknown> {
  return {
    ExtraCaCertificates: settings.caCertificates.enabled ? settings.caCertificates.paths : [],
    ClientCertificates: settings.clientCertificates
      .filter((c) => c.enabled)
      .map((c) => ({ host: c.host, ...(c.port !== undefined ? { port: c.port } : {}), ...(c.pfx !== undefined ? { pfx: c.pfx } : { cert: c.cert, key: c.key }) })),
    ...(settings.proxy.enabled && settings.proxy.url ? { ProxyUrl: settings.proxy.url } : {}),
    ProxyBypass: settings.proxy.bypass,
  };
}
