import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { createCa, issueClientCert, issueServerCert, startHttpsServer, writePkiFiles, type RunningServer } from '../support/index.js';
import { expect, test } from './fixtures.js';

let server: RunningServer | undefined;
test.afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sendAndOpenTls(page: Page, url: string): Promise<void> {
  await page.keyboard.press('Control+t');
  await page.getByTestId('url-input').fill(url);
  await page.getByTestId('send-button').click();
  await expect(page.getByTestId('response-status')).toHaveText('200 OK');
  await page.getByTestId('response-section-tls').click();
  await expect(page.getByTestId('response-tls')).toBeVisible();
}

test('a client certificate added in Settings is presented to a mutual-TLS server, and the TLS tab says so (and why not before)', async ({ page, postern, shot }) => {
  const ca = createCa('E2E Root CA');
  const files = writePkiFiles(postern.dir, {
    server: issueServerCert(ca, { hosts: ['127.0.0.1'] }),
    client: issueClientCert(ca, { commonName: 'e2e-client' }),
  });
  // Asks for a client certificate but lets the handshake finish without one, so the echo can say what it got.
  server = await startHttpsServer({ cert: readFileSync(files.server.fullChain), key: readFileSync(files.server.key), ca: ca.certPem, requestCert: true, rejectUnauthorized: false });
  const url = `${server.url}/whoami`;
  await page.goto(postern.url);

  // Trust the test CA through Settings → Certificates (the CA bundle), so the server verifies.
  await page.getByTestId('settings-open').click();
  await page.getByTestId('settings-section-certificates').click();
  // The switch is a styled checkbox whose state follows the saved settings: click its label, then wait.
  await page.getByTestId('setting-caCertificates').locator('label.toggle').click();
  await expect(page.getByTestId('settings-ca-enabled')).toBeChecked();
  await page.getByTestId('settings-ca-paths').fill(files.server.root);
  await page.getByTestId('settings-ca-paths').blur();
  // Opened again, the dialog reloads the saved settings: the bundle path was kept.
  await page.keyboard.press('Escape');
  await page.getByTestId('settings-open').click();
  await page.getByTestId('settings-section-certificates').click();
  await expect(page.getByTestId('settings-ca-paths')).toHaveValue(files.server.root);
  await expect(page.getByTestId('settings-ca-enabled')).toBeChecked();
  await page.keyboard.press('Escape');

  // Without a certificate for this host and port, none is presented and the TLS tab says why.
  await sendAndOpenTls(page, url);
  await expect(page.getByTestId('tls-client-cert')).toContainText('None presented:');
  await expect(page.getByTestId('tls-client-cert')).toContainText(`127.0.0.1:${server.port}`);
  await page.getByTestId('response-section-body').click();
  await expect(page.getByTestId('response-body')).toContainText('"clientCert": null');

  // Add the client certificate (PEM cert + key) for 127.0.0.1:<port>.
  await page.getByTestId('settings-open').click();
  await page.getByTestId('settings-section-certificates').click();
  await page.getByTestId('cert-host').fill('127.0.0.1');
  await page.getByTestId('cert-port').fill(String(server.port));
  await page.getByTestId('cert-cert').fill(files.client.cert);
  await page.getByTestId('cert-key').fill(files.client.key);
  await page.getByTestId('cert-add').click();
  const row = page.getByTestId('cert-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('127.0.0.1');
  await expect(row).toContainText(String(server.port));
  await expect(row).toContainText('e2e-client');
  await page.screenshot({ path: shot('settings-certificates') });
  await page.keyboard.press('Escape');

  await sendAndOpenTls(page, url);
  await expect(page.getByTestId('tls-client-cert')).toContainText(`Presented for 127.0.0.1:${server.port}`);
  await expect(page.getByTestId('tls-client-cert')).toContainText('e2e-client');
  await expect(page.getByTestId('response-tls')).toContainText('Yes — the chain verified');
  await expect(page.getByTestId('tls-protocol')).toHaveText(/TLS/);
  await page.screenshot({ path: shot('tls-tab') });
  // The server agrees: it received that certificate, signed by the CA it trusts.
  await page.getByTestId('response-section-body').click();
  const body = page.getByTestId('response-body');
  await expect(body).toContainText('"subjectCN": "e2e-client"');
  await expect(body).toContainText('"authorized": true');
});
