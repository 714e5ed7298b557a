// Debian's Chromium, headless, in a fresh profile. Playwright drives it over CDP; it never downloads a browser.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const chromiumPath = process.env.MUDBASE_CHROMIUM ?? "/usr/bin/chromium";

/** Resolves { context, page, close }: a 1366×768 page that accepts downloads. */
export async function launchBrowser() {
  const profile = mkdtempSync(join(tmpdir(), "mudbase-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    // The browser may talk to the server under test only: no background networking, updates, sync or QUIC probes.
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
    locale: "en-GB",
    timezoneId: "UTC",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
