#!/usr/bin/env node
// Render Adaptive Cards in Chromium and take screenshots, for the UI tests (tests/e2e/test_playground.py).
//
//   screenshot-cards.cjs playground BASE_URL WAIT_TEXT OUT.png
//       Opens the M365 Agents Playground's web UI at BASE_URL, prints "ready" once it is connected to the bot,
//       waits for a card whose text has WAIT_TEXT and that draws a chart, screenshots that card, and prints JSON:
//       {"charts": [aria-labels of the drawn charts and their bars], "text": the card's text, "width", "height"}.
//   screenshot-cards.cjs plain CARD.json OUT.png
//       Renders the card with the adaptivecards 3.0.6 renderer, which knows no chart type (as Teams on iOS),
//       screenshots it and prints {"charts": [...], "text": ..., "width", "height"}.
//
// Chromium: $CHROMIUM or /usr/bin/chromium (Debian's package); only loopback requests leave the browser.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..', '..');
const AC_BUNDLE = path.join(root, 'node_modules/adaptivecards/dist/adaptivecards.min.js');
const TIMEOUT_MS = 30000;

async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tutorbot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 1600 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = ['127.0.0.1', 'localhost'].includes(url.hostname) || ['data:', 'blob:', 'about:'].includes(url.protocol);
    return local ? route.continue() : route.abort();
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { page: context.pages()[0] || await context.newPage(), close };
}

// What a rendered card shows: its text and the accessible labels the chart renderer gives charts and bars.
function describe(card) {
  const labels = [...card.querySelectorAll('[role=img],[role=alert]')].map((e) => e.getAttribute('aria-label') || '');
  const box = card.getBoundingClientRect();
  return { charts: labels, text: card.innerText, width: Math.round(box.width), height: Math.round(box.height) };
}

async function playground(base, waitText, out) {
  const { page, close } = await launch();
  try {
    await page.goto(base, { waitUntil: 'networkidle' });
    await page.getByText('Connected.', { exact: true }).first().waitFor({ timeout: TIMEOUT_MS });
    await page.waitForLoadState('networkidle');
    process.stdout.write('ready\n');
    const card = page.locator('.ac-adaptiveCard', { hasText: waitText }).filter({ has: page.locator('[role=img]') });
    await card.last().waitFor({ timeout: TIMEOUT_MS });
    await page.waitForTimeout(1000); // the charts fade in
    await card.last().screenshot({ path: out });
    return await card.last().evaluate(describe);
  } finally {
    await close();
  }
}

async function plain(cardFile, out) {
  const { page, close } = await launch();
  try {
    await page.setContent('<!doctype html><meta charset="utf-8"><body style="width:480px;font-family:sans-serif">');
    await page.addScriptTag({ path: AC_BUNDLE });
    const json = JSON.parse(fs.readFileSync(cardFile, 'utf8'));
    await page.evaluate((card) => {
      const adaptive = new AdaptiveCards.AdaptiveCard();
      adaptive.parse(card);
      document.body.appendChild(adaptive.render());
    }, json);
    const card = page.locator('.ac-adaptiveCard').first();
    await card.screenshot({ path: out });
    return await card.evaluate(describe);
  } finally {
    await close();
  }
}

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  let result;
  if (mode === 'playground' && args.length === 3) {
    result = await playground(...args);
  } else if (mode === 'plain' && args.length === 2) {
    result = await plain(...args);
  } else {
    process.stderr.write('usage: screenshot-cards.cjs playground BASE_URL WAIT_TEXT OUT.png | plain CARD.json OUT.png\n');
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`screenshot-cards: ${err && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
