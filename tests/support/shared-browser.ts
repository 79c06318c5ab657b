/**
 * One Chromium per test file: a launch takes seconds on a loaded machine, and tests need only a
 * context of their own (cookies, viewport, scripts) for isolation. Closed when the file ends.
 */
import { after } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium } from "../../tools/lib/browser.ts";

let launched: Promise<Browser> | undefined;

export function sharedBrowser(): Promise<Browser> {
  launched ??= launchChromium();
  return launched;
}

after(async () => {
  await (await launched?.catch(() => undefined))?.close();
});
