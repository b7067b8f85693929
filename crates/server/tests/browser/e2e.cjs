// End-to-end check of the web UI in headless Chromium, run by crates/server/tests/browser.rs
// (which starts the server and passes its address):
//   node e2e.cjs BASE_URL SCREENSHOT_DIR TOKEN
// Opens the dashboard, searches, opens the richest incident, fails to write with a wrong
// token, confirms one fact and rejects another with the right token, checks both in the
// page and in the API, and opens an entity. Fails on any console error or CSP violation
// it did not provoke. Saves screenshots of each step in SCREENSHOT_DIR.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const [base, out, token] = process.argv.slice(2);
if (!base || !out || !token) {
  console.error("usage: node e2e.cjs BASE_URL SCREENSHOT_DIR TOKEN");
  process.exit(2);
}

const problems = [];
function check(ok, message) {
  if (!ok) problems.push(message);
  return ok;
}

async function main() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "dossier-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  // The wrong-token step makes the browser log the API's 401; nothing else may fail.
  let expect401 = false;
  const page = context.pages()[0] || (await context.newPage());
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    if (expect401 && /401/.test(m.text())) return;
    problems.push("console: " + m.text());
  });
  page.on("pageerror", (e) => problems.push("page error: " + e));
  const started = Date.now();
  const api = async (p) => (await page.request.get(base + p)).json();

  try {
    // Dashboard.
    await page.goto(base + "/");
    check((await page.locator("h1").first().textContent()) === "Dashboard", "no dashboard heading");
    const listed = await page.locator("table.incidents tbody tr").count();
    check(listed > 0, "the dashboard lists no incident");
    await page.screenshot({ path: `${out}/dashboard.png`, fullPage: true });

    // Search for a name the incidents carry, through the "/" shortcut app.js adds.
    const incidents = (await api("/api/incidents?limit=200&view=full")).items;
    check(incidents.length > 0, "the API lists no incident");
    const named = incidents.flatMap((i) => i.actors.concat(i.victims)).map((e) => e.name);
    const query = (named[0] || "cyber").split(/\s+/)[0];
    await page.keyboard.press("/");
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.name);
    check(focused === "q", "'/' did not focus the search box");
    await page.keyboard.type(query);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?q=/);
    const hits = await page.locator("ol.hits li").count();
    check(hits > 0, `search for '${query}' found nothing`);
    check((await page.locator("ol.hits mark").count()) > 0, "search snippets mark no term");
    await page.screenshot({ path: `${out}/search.png`, fullPage: false });

    // The incident with the most sources makes the richest dossier.
    incidents.sort((a, b) => b.articles.length - a.articles.length);
    const incident = incidents[0];
    await page.goto(base + "/incidents/" + encodeURIComponent(incident.id));
    const marks = await page.locator("mark.evidence").count();
    check(marks > 0, "the dossier highlights no evidence");
    await page.screenshot({ path: `${out}/incident.png`, fullPage: false });
    const quote = page.locator("aside.facts a[href^='#q']");
    if ((await quote.count()) > 0) {
      await quote.first().click();
      await page.screenshot({ path: `${out}/incident-evidence.png`, fullPage: false });
    }

    // Judge facts: attributions first, the most telling ones.
    const facts = incident.facts.filter((f) => f.status === "unreviewed");
    facts.sort((a, b) => (b.kind === "attribution") - (a.kind === "attribution"));
    if (!check(facts.length >= 2, "the incident has fewer than two facts to judge")) return;
    const [toConfirm, toReject] = facts;
    const item = (f) => page.locator(`#review li.fact[data-fact="${f.key.replace(/"/g, '\\"')}"]`);

    // A wrong token is refused, with the server's message shown.
    expect401 = true;
    await page.fill("#review-token", "not-the-token");
    await item(toConfirm).locator("button.confirm").click();
    await page.waitForFunction(() => /wrong token/.test(document.getElementById("review-status").textContent));
    expect401 = false;

    // The right token: confirm, and the page comes back with the fact marked.
    await page.fill("#review-token", token);
    await Promise.all([page.waitForEvent("load"), item(toConfirm).locator("button.confirm").click()]);
    check(await item(toConfirm).evaluate((li) => li.classList.contains("confirmed")),
      `fact ${toConfirm.key} is not shown confirmed`);
    check((await item(toConfirm).locator("button.undo").count()) === 1, "a confirmed fact offers no undo");
    let now = await api("/api/incidents/" + encodeURIComponent(incident.id));
    const confirmed = now.facts.find((f) => f.key === toConfirm.key);
    check(confirmed && confirmed.status === "confirmed", "the API does not report the fact confirmed");
    if (toConfirm.kind === "attribution") {
      check((await page.locator("table.attributions .verdict.confirmed").count()) > 0,
        "the attribution table does not mark the confirmed attribution");
    }
    await item(toConfirm).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${out}/incident-review.png`, fullPage: false });

    // Reject another: it leaves the record and is struck through in the panel. The token
    // is remembered for the tab.
    check((await page.inputValue("#review-token")) === token, "the token was not kept");
    await Promise.all([page.waitForEvent("load"), item(toReject).locator("button.reject").click()]);
    check(await item(toReject).evaluate((li) => li.classList.contains("rejected")),
      `fact ${toReject.key} is not shown rejected`);
    now = await api("/api/incidents/" + encodeURIComponent(incident.id));
    const rejected = now.facts.find((f) => f.key === toReject.key);
    check(rejected && rejected.status === "rejected", "the API does not report the fact rejected");
    const count = (i) => i.attributions.length + i.denials.length + i.responses.length + i.actors.length
      + i.victims.length + i.malware.length + i.products.length + i.cves.length;
    check(count(now) === count(incident) - 1, "the rejected fact is still in the record");

    // An entity page.
    const entity = await page.locator("dl.summary a.entity").first().getAttribute("href");
    if (check(entity, "the dossier links no entity")) {
      await page.goto(base + entity);
      await page.screenshot({ path: `${out}/entity.png`, fullPage: false });
    }
    console.log(`pages checked in ${Date.now() - started} ms; ${hits} hits for '${query}', `
      + `${marks} evidence marks; confirmed ${toConfirm.key}, rejected ${toReject.key}`);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main()
  .then(() => {
    if (problems.length) {
      console.error("problems:\n  " + problems.join("\n  "));
      process.exit(1);
    }
  })
  .catch((e) => {
    console.error(e);
    if (problems.length) console.error("problems:\n  " + problems.join("\n  "));
    process.exit(1);
  });
