import type { Locator } from 'playwright-core';

const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Waits until one of the elements `locator` finds shows `expected` (the whole
 * text with `exact`, else a part of it; a RegExp tests the whole text), as a
 * user would wait for it; fails with what the elements do show. No timing is
 * asserted: the wait is only a ceiling for a page that never shows it.
 */
export async function shows(
  locator: Locator,
  expected: string | RegExp,
  { exact = false, timeout = 20_000 }: { exact?: boolean; timeout?: number } = {},
): Promise<void> {
  const matches = (text: string) =>
    typeof expected === 'string' ? (exact ? text === expected : text.includes(expected)) : expected.test(text);
  const deadline = Date.now() + timeout;
  let texts: string[];
  for (;;) {
    texts = (await locator.allInnerTexts().catch(() => [])).map(normalise);
    if (texts.some(matches)) return;
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const page = locator.page();
  const main = normalise(
    await page
      .locator('body')
      .innerText()
      .catch(() => ''),
  ).slice(0, 600);
  throw new Error(
    `expected ${String(locator)} to show ${exact ? 'exactly ' : ''}${String(expected)}, but it shows ${JSON.stringify(texts)}\n` +
      `on ${page.url()}: ${main}`,
  );
}

/** Waits until the element is visible. */
export async function visible(locator: Locator, timeout = 20_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}
