import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';

/**
 * The README's dashboard queries are the ones the page sends, word for word: a dashboard built from
 * the README asks what /dashboard asks (tests/api/examples.api.test.ts runs them on the bundled data).
 */
it("the README's Dashboard queries are the page's own", () => {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const script = readFileSync(path.join(PROJECT_ROOT, 'src', 'dashboard', 'public', 'dashboard.js'), 'utf8');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1].trim()).filter((q) => /^query Dashboard\w+/.test(q));
  expect(blocks.map((q) => /^query (\w+)/.exec(q)![1])).toEqual(['DashboardSeries', 'DashboardRanking', 'DashboardCoverage']);
  for (const query of blocks) expect(script).toContain(query);
});
