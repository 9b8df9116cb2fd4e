// Drives porten's citizen pages in headless Chromium, in every language:
// login (wrong password by keyboard, then the test citizen), consent, the
// demo client's callback, the error page and the form_post page. Runs
// axe-core on every page and fails on serious or critical violations, and
// saves a screenshot of every page. Then every page of the translators'
// gallery ({issuer}preview/), which must have no violations at all.
//
//   node tests/browser/run.mjs <issuer> [artifacts-dir]
//
// The issuer is porten's, with its trailing slash, in the `dev` profile (the
// `demo` client and the test citizens must exist). Exits 0 when every check
// passed. tests/browser.rs starts porten and runs this.

import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..", "..");
const require = createRequire(import.meta.url);
const axePath = require.resolve("axe-core/axe.min.js");

const issuer = process.argv[2];
if (!issuer || !issuer.endsWith("/")) {
  console.error("usage: node run.mjs <issuer with trailing slash> [artifacts-dir]");
  process.exit(2);
}
const artifacts = resolve(process.argv[3] ?? join(root, "target", "browser-artifacts"));
mkdirSync(artifacts, { recursive: true });

const LANGS = ["nb", "nn", "en", "se"];
const ENDONYMS = ["bokmål", "nynorsk", "English", "davvisámegiella"];
const CLIENT = "demo";
const CLIENT_NAME = "Demo";
const REDIRECT_URI = `${issuer}demo/callback`;
const PASSWORD = "porten-test";
// Seeded test citizens, one per language, so one wrong password each stays
// far from the per-pid throttle.
const CITIZENS = { nb: "12889010051", nn: "05927510024", en: "23848510149", se: "17816010012" };
const TESTID_PID = "15887010002";
const STEP_TIMEOUT = 15_000;

// --- the expected texts, read from the locales a translator edits ---------

function messages(lang) {
  const dir = join(root, "locales", lang);
  const text = readdirSync(dir)
    .filter((name) => name.endsWith(".ftl"))
    .map((name) => readFileSync(join(dir, name), "utf8"))
    .join("\n");
  const found = new Map();
  for (const line of text.split("\n")) {
    const m = /^(-?[a-z][a-z0-9-]*) = (.+)$/.exec(line);
    if (m && !m[2].trimEnd().endsWith("->")) found.set(m[1], m[2].trim());
  }
  return found;
}
const MESSAGES = Object.fromEntries(LANGS.map((lang) => [lang, messages(lang)]));

function t(lang, id, args = {}) {
  const message = MESSAGES[lang].get(id) ?? MESSAGES.nb.get(id);
  if (message === undefined) throw new Error(`no message ${id} in locales/${lang}`);
  return message
    .replace(/\{ -([a-z-]+) \}/g, (_, term) => MESSAGES[lang].get(`-${term}`) ?? MESSAGES.nb.get(`-${term}`))
    .replace(/\{ \$([a-z]+) \}/g, (_, name) => args[name]);
}

// --- bookkeeping ------------------------------------------------------------

const failures = [];
const axeRows = [];
const IMPACTS = ["critical", "serious", "moderate", "minor"];

function check(condition, what) {
  if (!condition) throw new Error(what);
}

async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok    ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures.push(`${name}: ${error.message.split("\n")[0]}`);
    console.log(`FAIL  ${name}: ${error.stack ?? error}`);
  }
}

function authorizeUrl(lang, extra = {}) {
  const query = new URLSearchParams({
    client_id: CLIENT,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid profile",
    state: `state-${lang}`,
    nonce: `nonce-${lang}`,
    // Always ask: the same citizen logs in for every language.
    prompt: "consent",
    ...extra,
  });
  if (lang) query.set("ui_locales", lang);
  return `${issuer}authorize?${query}`;
}

// --- what every page is checked for ----------------------------------------

// With `strict`, a violation of any impact fails the page.
async function axe(page, lang, name, strict = false) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    globalThis.axe.run(document, {
      resultTypes: ["violations"],
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    }),
  );
  const counts = Object.fromEntries(IMPACTS.map((impact) => [impact, 0]));
  for (const violation of result.violations) {
    counts[violation.impact] = (counts[violation.impact] ?? 0) + violation.nodes.length;
    console.log(`      axe ${lang}/${name}: ${violation.impact} ${violation.id}: ${violation.help}`);
    for (const node of violation.nodes) console.log(`        ${node.target.join(" ")}: ${node.failureSummary?.replace(/\n/g, " ")}`);
  }
  axeRows.push({ lang, page: name, ...counts });
  const blocking = result.violations.filter((v) => strict || v.impact === "serious" || v.impact === "critical");
  check(blocking.length === 0, `axe: ${blocking.map((v) => `${v.impact} ${v.id}`).join(", ")}`);
}

async function screenshot(page, lang, name) {
  await page.screenshot({ path: join(artifacts, `${lang}-${name}.png`), fullPage: true });
}

// `<html lang>`, the switcher with the four languages in their own names,
// a main landmark with one h1, and the page's title in this language.
async function checkFrame(page, lang, titleId) {
  const html = await page.locator("html").getAttribute("lang");
  check(html === lang, `<html lang="${html}">, expected ${lang}`);
  const names = await page.locator("nav a[hreflang]").allTextContents();
  check(
    JSON.stringify(names.map((n) => n.trim())) === JSON.stringify(ENDONYMS),
    `language switcher offers ${JSON.stringify(names)}`,
  );
  const current = await page.locator('nav a[aria-current="true"]').getAttribute("hreflang");
  check(current === lang, `switcher marks ${current} as current`);
  check((await page.locator("main").count()) === 1, "one <main>");
  check((await page.locator("h1").count()) === 1, "one <h1>");
  const h1 = (await page.locator("h1").textContent()).trim();
  check(h1 === t(lang, titleId), `h1 "${h1}", expected "${t(lang, titleId)}"`);
  const title = await page.title();
  check(title.includes(t(lang, titleId)), `<title> "${title}"`);
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
      .filter((input) => input.labels.length === 0)
      .map((input) => input.name),
  );
  check(unlabelled.length === 0, `inputs without a <label>: ${unlabelled.join(", ")}`);
}

async function checkHeaders(response) {
  const headers = await response.allHeaders();
  const csp = headers["content-security-policy"] ?? "";
  check(csp.includes("script-src 'self'"), `CSP "${csp}"`);
  check(!csp.includes("unsafe-inline") && !csp.includes("unsafe-eval"), `CSP allows unsafe code: "${csp}"`);
  check(csp.includes("frame-ancestors 'none'"), `CSP "${csp}" lets the page be framed`);
}

async function noHorizontalScroll(page, width) {
  const scrollWidth = await page.evaluate(() => document.scrollingElement.scrollWidth);
  check(scrollWidth <= width, `page is ${scrollWidth} px wide at a ${width} px viewport`);
}

// Tabs until `selector` has focus (at most `max` presses), checking that
// every element that takes focus on the way shows it.
async function tabTo(page, selector, max = 25) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const state = await page.evaluate((selector) => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {
        matches: el.matches(selector),
        what: el.outerHTML.slice(0, 80),
        visible:
          (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none",
        onScreen: box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.width > 0,
      };
    }, selector);
    if (!state) continue;
    check(state.visible, `no visible focus on ${state.what}`);
    check(state.onScreen, `focused element is off screen: ${state.what}`);
    if (state.matches) return;
  }
  throw new Error(`${selector} not reached with ${max} Tab presses`);
}

async function newContext(browser, lang, options = {}) {
  const context = await browser.newContext({
    // axe-core is injected as a script, which porten's CSP (script-src
    // 'self') rightly refuses; the CSP itself is checked in a context
    // without this bypass (step "csp").
    bypassCSP: true,
    viewport: { width: 1024, height: 768 },
    extraHTTPHeaders: { "Accept-Language": lang },
    ...options,
  });
  context.setDefaultTimeout(STEP_TIMEOUT);
  return context;
}

// Login page (after authorize) in `lang`, with its common checks.
async function openLogin(page, lang, extra = {}) {
  const response = await page.goto(authorizeUrl(lang, extra));
  check(response.ok(), `authorize answered ${response.status()}`);
  check(new URL(page.url()).pathname.endsWith("/login"), `authorize led to ${page.url()}`);
  await checkFrame(page, lang, "login-title");
  await checkHeaders(response);
  const client = (await page.locator(".client").textContent()).trim();
  check(client === t(lang, "login-client", { client: CLIENT_NAME }), `client line "${client}"`);
  return response;
}

async function logIn(page, pid) {
  await page.locator('form:has(button[value="login"]) input[name="pid"]').fill(pid);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('button[name="action"][value="login"]').click();
  await page.waitForURL(/\/consent\?/);
}

async function checkConsent(page, lang) {
  await checkFrame(page, lang, "consent-title");
  const body = await page.locator("main").textContent();
  check(body.includes(t(lang, "consent-intro", { client: CLIENT_NAME })), "consent page does not name the client");
  check(await page.locator('button[name="action"][value="allow"]').isVisible(), "no allow button");
  check(await page.locator('button[name="action"][value="deny"]').isVisible(), "no deny button");
}

async function allow(page, lang) {
  await page.locator('button[name="action"][value="allow"]').click();
  await page.waitForURL((url) => url.href.startsWith(REDIRECT_URI));
  const url = new URL(page.url());
  check(url.searchParams.get("code"), `callback without a code: ${page.url()}`);
  check(url.searchParams.get("state") === `state-${lang}`, "callback lost the state");
  check(url.searchParams.get("iss") === issuer, "callback without iss");
}

// --- the runs ---------------------------------------------------------------

async function flowInLanguage(browser, lang) {
  const context = await newContext(browser, lang);
  const page = await context.newPage();
  try {
    await step(`${lang}: login page`, async () => {
      await openLogin(page, lang);
      await axe(page, lang, "login");
      await screenshot(page, lang, "login");
    });

    await step(`${lang}: wrong password by keyboard, error announced`, async () => {
      await page.evaluate(() => document.activeElement?.blur());
      await tabTo(page, ".skip-link");
      await page.keyboard.press("Enter");
      await tabTo(page, "#pid");
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.type(CITIZENS[lang]);
      await tabTo(page, "#password");
      await page.keyboard.type("not-the-password");
      await screenshot(page, lang, "login-focus");
      await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
      await checkFrame(page, lang, "login-title");
      const alert = page.locator('[aria-live] [role="alert"]');
      check((await alert.count()) === 1, "no role=alert inside an aria-live region");
      const message = (await alert.textContent()).trim();
      check(message === t(lang, "login-failed"), `error "${message}", expected "${t(lang, "login-failed")}"`);
      const errorId = await alert.getAttribute("id");
      // Without JavaScript the page moves focus to the message (autofocus), so
      // it is read out; the next Tab goes on to the form.
      check(await alert.evaluate((el) => el === document.activeElement), "the error message does not have focus");
      await tabTo(page, "#pid", 1);
      await page.evaluate(() => document.activeElement?.blur());
      for (const input of ["#pid", "#password"]) {
        check((await page.locator(input).getAttribute("aria-invalid")) === "true", `${input} not aria-invalid`);
        const describedBy = (await page.locator(input).getAttribute("aria-describedby")) ?? "";
        check(describedBy.split(/\s+/).includes(errorId), `${input} not described by the error`);
      }
      check((await page.locator("#pid").inputValue()) === CITIZENS[lang], "the pid was not kept");
      check((await page.locator("#password").inputValue()) === "", "the password was kept");
      await axe(page, lang, "login-error");
      await screenshot(page, lang, "login-error");
    });

    await step(`${lang}: log in, consent page`, async () => {
      await logIn(page, CITIZENS[lang]);
      await checkConsent(page, lang);
      await axe(page, lang, "consent");
      await screenshot(page, lang, "consent");
    });

    await step(`${lang}: allow, demo callback`, async () => {
      await allow(page, lang);
      await checkFrame(page, lang, "demo-title");
      await axe(page, lang, "callback");
      await screenshot(page, lang, "callback");
    });

    await step(`${lang}: step-up to Level4 asks for the one-time code only`, async () => {
      await openLogin(page, lang, { acr_values: "Level4" });
      check(await page.locator('input[name="otp"][autocomplete="one-time-code"]').isVisible(), "no code field");
      check((await page.locator('input[name="password"]').count()) === 0, "the password is asked again");
      const help = (await page.locator("#stepup-help").textContent()).trim();
      check(help === t(lang, "login-stepup"), `step-up text "${help}"`);
      await axe(page, lang, "stepup");
      await screenshot(page, lang, "stepup");
    });

    await step(`${lang}: logout, confirmation and logged-out pages`, async () => {
      const response = await page.goto(`${issuer}endsession?ui_locales=${lang}`);
      check(response.ok(), `endsession answered ${response.status()}`);
      await checkFrame(page, lang, "logout-title");
      await checkHeaders(response);
      await axe(page, lang, "logout");
      await screenshot(page, lang, "logout");
      await page.locator('button[name="action"][value="logout"]').click();
      await page.waitForLoadState();
      await checkFrame(page, lang, "logout-done-title");
      await axe(page, lang, "logged-out");
      await screenshot(page, lang, "logged-out");
      // The session is gone: authorize shows the login page again.
      await page.goto(authorizeUrl(lang));
      check(new URL(page.url()).pathname.endsWith("/login"), `after logout, authorize led to ${page.url()}`);
    });

    await step(`${lang}: error page (unknown client)`, async () => {
      const response = await page.goto(authorizeUrl(lang, { client_id: "no-such-client" }));
      check(response.status() === 400, `unknown client answered ${response.status()}`);
      await checkFrame(page, lang, "error-title");
      await checkHeaders(response);
      const message = (await page.locator('[role="alert"]').textContent()).trim();
      check(message === t(lang, "error-unknown-client"), `error "${message}"`);
      await axe(page, lang, "error");
      await screenshot(page, lang, "error");
    });
  } finally {
    await context.close();
  }
}

// The form_post page, held still by refusing its script (as a browser
// without JavaScript would), then sent on with its visible button.
async function formPostInLanguage(browser, lang) {
  const context = await newContext(browser, lang);
  const page = await context.newPage();
  const posted = [];
  await page.route("**/form_post.js", (route) => route.abort());
  await page.route(REDIRECT_URI, (route) => {
    posted.push(route.request());
    return route.fulfill({ status: 200, contentType: "text/plain", body: "received" });
  });
  try {
    await step(`${lang}: form_post page, visible fallback`, async () => {
      await page.goto(authorizeUrl(lang, { response_mode: "form_post" }));
      await page.locator("#testid-pid").fill(TESTID_PID);
      await page.locator('button[name="action"][value="testid"]').click();
      await page.waitForURL(/\/consent\?/);
      await page.locator('button[name="action"][value="allow"]').click();
      await page.waitForLoadState();
      await checkFrame(page, lang, "form-post-title");
      const button = page.locator('form[method="post"] button[type="submit"]');
      check(await button.isVisible(), "no visible continue button");
      await axe(page, lang, "form-post");
      await screenshot(page, lang, "form-post");
      await button.click();
      await page.waitForURL(REDIRECT_URI);
      check(posted.length === 1 && posted[0].method() === "POST", "the button did not post the response");
      const body = new URLSearchParams(posted[0].postData());
      check(body.get("code") && body.get("state") === `state-${lang}` && body.get("iss") === issuer, "posted fields");
    });
  } finally {
    await context.close();
  }
}

// Everything that must work with JavaScript off, and the one script there
// is working under the real CSP.
async function formPostScripts(browser) {
  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? "with JavaScript and the CSP, auto-submits" : "without JavaScript, button";
    await step(`form_post ${label}`, async () => {
      const context = await browser.newContext({ javaScriptEnabled, extraHTTPHeaders: { "Accept-Language": "nb" } });
      context.setDefaultTimeout(STEP_TIMEOUT);
      const page = await context.newPage();
      const violations = [];
      page.on("console", (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      const posted = [];
      await page.route(REDIRECT_URI, (route) => {
        posted.push(route.request());
        return route.fulfill({ status: 200, contentType: "text/plain", body: "received" });
      });
      try {
        await page.goto(authorizeUrl("nb", { response_mode: "form_post" }));
        await page.locator("#testid-pid").fill(TESTID_PID);
        await page.locator('button[name="action"][value="testid"]').click();
        await page.waitForURL(/\/consent\?/);
        await page.locator('button[name="action"][value="allow"]').click();
        if (javaScriptEnabled) {
          await page.waitForURL(REDIRECT_URI);
        } else {
          const button = page.locator('form[method="post"] button[type="submit"]');
          check(await button.isVisible(), "no visible continue button without JavaScript");
          await button.click();
          await page.waitForURL(REDIRECT_URI);
        }
        check(posted.length === 1 && posted[0].method() === "POST", "the response was not posted");
        check(new URLSearchParams(posted[0].postData()).get("code"), "no code posted");
        check(violations.length === 0, `CSP violations: ${violations.join("; ")}`);
      } finally {
        await context.close();
      }
    });
  }
}

// Pages under the real CSP: nothing of porten's own is refused.
async function cspHolds(browser) {
  await step("csp: login, consent and error pages load without violations", async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { "Accept-Language": "en" } });
    context.setDefaultTimeout(STEP_TIMEOUT);
    const page = await context.newPage();
    const violations = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    try {
      await openLogin(page, "en");
      const styled = await page.evaluate(() => getComputedStyle(document.querySelector(".top")).display);
      check(styled === "flex", "the stylesheet did not apply under the CSP");
      await logIn(page, CITIZENS.en);
      await page.goto(authorizeUrl("en", { client_id: "no-such-client" }));
      check(violations.length === 0, `CSP violations: ${violations.join("; ")}`);
    } finally {
      await context.close();
    }
  });
}

// A 320 px phone: no sideways scrolling on any page.
async function narrow(browser, lang) {
  await step(`${lang}: 320 px wide, no horizontal scroll`, async () => {
    const context = await newContext(browser, lang, { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    try {
      await openLogin(page, lang);
      await noHorizontalScroll(page, 320);
      await screenshot(page, lang, "login-320");
      await logIn(page, CITIZENS[lang]);
      await noHorizontalScroll(page, 320);
      await screenshot(page, lang, "consent-320");
      await allow(page, lang);
      await noHorizontalScroll(page, 320);
      await screenshot(page, lang, "callback-320");
      await page.goto(authorizeUrl(lang, { client_id: "no-such-client" }));
      await noHorizontalScroll(page, 320);
      await screenshot(page, lang, "error-320");
    } finally {
      await context.close();
    }
  });
}

// The switcher changes the language and keeps the pending request.
async function switchLanguage(browser) {
  await step("switcher: nb → se → nn keeps the pending request", async () => {
    // The browser asks for English; ui_locales=nb wins until the citizen picks.
    const context = await newContext(browser, "en");
    const page = await context.newPage();
    try {
      await openLogin(page, "nb");
      const rid = new URL(page.url()).searchParams.get("rid");
      await page.locator('nav a[hreflang="se"]').click();
      await page.waitForURL(/lang=se/);
      await checkFrame(page, "se", "login-title");
      check(new URL(page.url()).searchParams.get("rid") === rid, "the switcher lost the pending request");
      await logIn(page, CITIZENS.nb);
      await checkConsent(page, "se");
      await page.locator('nav a[hreflang="nn"]').click();
      await page.waitForURL(/lang=nn/);
      await checkConsent(page, "nn");
      await allow(page, "nb");
      await checkFrame(page, "nn", "demo-title");
    } finally {
      await context.close();
    }
  });
}

// The translators' gallery: its index in each language, then every state it
// links in that language. Each is a real page template with sample data, so
// it must pass axe as strictly as a citizen's page, and more.
async function previewGallery(browser, lang) {
  const context = await newContext(browser, lang);
  const page = await context.newPage();
  let links = [];
  try {
    await step(`${lang}: preview gallery`, async () => {
      const response = await page.goto(`${issuer}preview/?lang=${lang}`);
      check(response.ok(), `the gallery answered ${response.status()}`);
      await checkFrame(page, lang, "preview-title");
      await checkHeaders(response);
      const title = await page.title();
      check(title === t(lang, "page-title", { page: t(lang, "preview-title") }), `<title> "${title}"`);
      links = await page.locator("table a[href]").evaluateAll((as) => as.map((a) => a.href));
      check(links.length >= 4 * 20, `the gallery links ${links.length} pages`);
      await axe(page, lang, "preview", true);
      await screenshot(page, lang, "preview");
    });
    for (const href of links.filter((href) => new URL(href).searchParams.get("lang") === lang)) {
      const name = new URL(href).pathname.split("/").pop();
      await step(`${lang}: preview ${name}`, async () => {
        const response = await page.goto(href);
        check(response.ok(), `${href} answered ${response.status()}`);
        const html = await page.locator("html").getAttribute("lang");
        check(html === lang, `<html lang="${html}">`);
        check((await page.locator("main h1").count()) === 1, "one <h1>");
        const title = await page.title();
        check(title.endsWith(` – ${t(lang, "app-name")}`), `<title> "${title}" does not name the product`);
        await axe(page, lang, `preview-${name}`, true);
      });
    }
  } finally {
    await context.close();
  }
}

async function assets() {
  await step("static assets are cached", async () => {
    for (const [name, type] of [
      ["porten.css", "text/css"],
      ["form_post.js", "javascript"],
    ]) {
      const response = await fetch(`${issuer}static/${name}`);
      check(response.ok, `${name}: ${response.status}`);
      check((response.headers.get("content-type") ?? "").includes(type), `${name}: ${response.headers.get("content-type")}`);
      check(/max-age=\d+/.test(response.headers.get("cache-control") ?? ""), `${name} has no max-age`);
    }
  });
}

function summary() {
  const header = ["lang", "page", ...IMPACTS];
  const rows = axeRows.map((row) => header.map((key) => String(row[key])));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  console.log("\naxe-core violations (affected nodes) per page and language:");
  console.log(line(header));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const row of rows) console.log(line(row));
  console.log(`\nscreenshots: ${artifacts}`);
}

const browser = await chromium.launch({
  executablePath: process.env.PORTEN_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  // Playwright gives every launch a fresh temporary profile (user-data dir).
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  await assets();
  for (const lang of LANGS) {
    await flowInLanguage(browser, lang);
    await formPostInLanguage(browser, lang);
    await narrow(browser, lang);
  }
  await formPostScripts(browser);
  await cspHolds(browser);
  await switchLanguage(browser);
  for (const lang of LANGS) await previewGallery(browser, lang);
} finally {
  await browser.close();
}

summary();
if (failures.length > 0) {
  console.log(`\n${failures.length} check(s) failed:`);
  for (const failure of failures) console.log(`  ${failure}`);
  process.exit(1);
}
console.log("\nall browser checks passed");
