// Browser check of the web UI: opens the dashboard, searches, opens an incident and an
// entity, fails on any console error or CSP violation, and saves screenshots.
// Not part of CI yet. Needs Debian's chromium and playwright-core (npm):
//   NODE_PATH=/path/to/node_modules node shoot.cjs http://127.0.0.1:8640 docs/screenshots
const { chromium } = require("playwright-core");

const base = process.argv[2] || "http://127.0.0.1:8640";
const out = process.argv[3] || "docs/screenshots";

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("pageerror", (e) => problems.push(String(e)));
  const started = Date.now();

  await page.goto(base + "/");
  await page.screenshot({ path: `${out}/dashboard.png`, fullPage: true });

  // Search with the "/" shortcut that app.js adds, then the form.
  await page.keyboard.press("/");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.name);
  if (focused !== "q") problems.push("'/' did not focus the search box");
  await page.keyboard.type("ministry");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/search\?q=ministry/);
  const hits = await page.locator("ol.hits li").count();
  if (hits === 0) problems.push("search for 'ministry' found nothing");
  await page.screenshot({ path: `${out}/search.png`, fullPage: false });

  // The incident with the most sources makes the richest dossier.
  await page.goto(base + "/incidents");
  const links = await page.$$eval("table.incidents tbody tr", (rows) =>
    rows.map((r) => ({
      href: r.querySelector("td:nth-child(2) a").getAttribute("href"),
      sources: Number(r.querySelector("td.num").textContent),
    })));
  links.sort((a, b) => b.sources - a.sources);
  if (links.length === 0) problems.push("no incidents listed");
  await page.goto(base + links[0].href);
  const marks = await page.locator("mark.evidence").count();
  if (marks === 0) problems.push("the dossier highlights no evidence");
  await page.screenshot({ path: `${out}/incident.png`, fullPage: false });
  const facts = page.locator("aside.facts a[href^='#q']");
  if (await facts.count() > 0) {
    await facts.first().click();
    await page.screenshot({ path: `${out}/incident-evidence.png`, fullPage: false });
  }

  const entity = await page.locator("dl.summary a.entity").first().getAttribute("href");
  if (entity) {
    await page.goto(base + entity);
    await page.screenshot({ path: `${out}/entity.png`, fullPage: false });
  }

  await browser.close();
  console.log(`pages checked in ${Date.now() - started} ms; ${hits} hits, ${marks} evidence marks`);
  if (problems.length) {
    console.error("problems:\n  " + problems.join("\n  "));
    process.exit(1);
  }
})().catch((e) => { console.error(e); process.exit(1); });
