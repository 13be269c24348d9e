import { describe, expect, it } from 'vitest';
import { en } from '#app/i18n/en';
import { localeOfMatches, pageTitle } from '#app/i18n/meta';
import { zhTW } from '#app/i18n/zh-TW';

/** The `matches` a route's meta receives: the root's loader data first, then the route's own. */
const matchesIn = (rootData: unknown) => [
  { id: 'root', data: rootData },
  { id: 'routes/app', data: { user: 'x' } },
];

describe('pageTitle', () => {
  it('reads the locale from the root loader data and suffixes the app name', () => {
    expect(pageTitle(matchesIn({ locale: 'zh-TW' }), 'titles.programs')).toEqual([{ title: '專案 · Outpost' }]);
    expect(pageTitle(matchesIn({ locale: 'en' }), 'titles.programs')).toEqual([{ title: 'Programs · Outpost' }]);
  });

  it('puts record names in as parameters, in either language', () => {
    const matches = matchesIn({ locale: 'zh-TW' });
    expect(pageTitle(matches, 'titles.dashboard', { program: 'Credit-card inbound hotline' })).toEqual([{ title: 'Credit-card inbound hotline · KPI 儀表板 · Outpost' }]);
    expect(pageTitle(matchesIn({ locale: 'en' }), 'titles.costs', { unit: 'Taipei' })).toEqual([{ title: 'Costs: Taipei · Outpost' }]);
    expect(pageTitle(matches, 'titles.record', { name: 'feed.csv' })).toEqual([{ title: 'feed.csv · Outpost' }]);
  });

  it('falls back to English when the root has no (valid) locale', () => {
    expect(localeOfMatches([])).toBe('en');
    expect(localeOfMatches(matchesIn(undefined))).toBe('en');
    expect(localeOfMatches(matchesIn({ locale: 'fr' }))).toBe('en');
    expect(pageTitle(matchesIn(null), 'titles.feeds')).toEqual([{ title: 'KPI feeds · Outpost' }]);
  });

  it('is the app name alone when a record parameter is missing (the route is showing its error page)', () => {
    expect(pageTitle(matchesIn({ locale: 'zh-TW' }), 'titles.monthClose', { program: undefined })).toEqual([{ title: 'Outpost' }]);
  });

  it('can leave the app name off (print pages)', () => {
    expect(pageTitle(matchesIn({ locale: 'zh-TW' }), 'titles.invoicePrint', { month: '2026-01', contract: 'Hotline' }, { withAppName: false })).toEqual([
      { title: '2026-01 發票 – Hotline' },
    ]);
  });

  it('every title key has a zh-TW text with the same parameters, translated unless it is only parameters', () => {
    const titleKeys = (Object.keys(en) as (keyof typeof en)[]).filter((key) => key.startsWith('titles.'));
    expect(titleKeys.length).toBeGreaterThan(40);
    const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of titleKeys) {
      expect(params(zhTW[key]), key).toEqual(params(en[key]));
      if (/[A-Za-z]{2}/.test(en[key].replace(/\{\w+\}/g, '').replace(/KPI/g, ''))) expect(zhTW[key], key).not.toBe(en[key]);
    }
  });
});

describe('route titles', () => {
  it('every page route that sets a title sets it through pageTitle, never as literal text', async () => {
    const fs = await import('node:fs');
    const dir = new URL('../../../app/routes/', import.meta.url);
    const withMeta = fs.readdirSync(dir).filter((file) => /export const meta\b/.test(fs.readFileSync(new URL(file, dir), 'utf8')));
    expect(withMeta.length).toBeGreaterThan(40);
    for (const file of withMeta) {
      const meta = fs.readFileSync(new URL(file, dir), 'utf8').split('\n').filter((line, i, lines) => line.startsWith('export const meta') || lines[i - 1]?.startsWith('export const meta')).join('\n');
      expect(meta, file).toContain('pageTitle(matches, ');
      expect(meta, file).not.toMatch(/title:/);
    }
  });
});
