import { chromium, type Browser } from 'playwright-core';
import * as client from 'openid-client';
import { REDIRECT, WEB, startAuth, type RunningAuth } from './harness.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let auth: RunningAuth;
let browser: Browser;
let config: client.Configuration;

beforeAll(async () => {
  auth = await startAuth();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  config = await client.discovery(new URL(auth.url), WEB.id, { id_token_signed_response_alg: 'HS256' }, client.ClientSecretBasic(WEB.secret), {
    execute: [client.allowInsecureRequests],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await auth?.stop();
});

describe('authorization code + PKCE in a real browser', () => {
  it('signs in on the login page without JavaScript and lands on the redirect_uri with a code openid-client redeems', async () => {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const start = client.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'pgfleet',
      state,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    // The page must work for browsers without scripts.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ru-RU' });
    const page = await context.newPage();
    // The client application (the gateway's callback) is not running: the browser's arrival there is the result.
    let landed: string | undefined;
    await page.route(`${REDIRECT}**`, async (route) => {
      landed = route.request().url();
      await route.fulfill({ status: 200, contentType: 'text/plain', body: 'signed in' });
    });

    await page.goto(start.href);
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    await page.getByLabel('Имя пользователя, e-mail или телефон').fill('admin');
    await page.getByLabel('Пароль').fill('wrong');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForSelector('[role=alert]');

    await page.getByLabel('Пароль').fill('admin');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL(`${REDIRECT}**`);
    expect(landed).toBeDefined();

    const callback = new URL(landed as string);
    expect(callback.searchParams.get('state')).toBe(state);
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.access_token.split('.')).toHaveLength(3);
    await context.close();
  }, 60_000);
});
