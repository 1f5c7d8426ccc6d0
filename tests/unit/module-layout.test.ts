import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return file.endsWith('.ts') ? [file] : [];
  });
}

/** Each file's relative imports and re-exports (type-only ones included), resolved to files. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets = importedFiles
        .map((i) => i.fileName)
        .filter((name) => name.startsWith('.'))
        .map((name) => path.resolve(path.dirname(file), name))
        .flatMap((target) => [`${target}.ts`, path.join(target, 'index.ts')].filter((candidate) => known.has(candidate)).slice(0, 1));
      return [file, targets];
    }),
  );
}

/** Groups of files that import each other, directly or round a circle (strongly connected components of two or more). */
function circles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file)!, index.get(target)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(path.relative(ROOT, member));
      } while (member !== file);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('module layout', () => {
  const files = sourceFiles(path.join(ROOT, 'src'));

  it('finds circles when there are some (the check itself)', () => {
    const a = path.join(ROOT, 'src/a.ts');
    const b = path.join(ROOT, 'src/b.ts');
    const c = path.join(ROOT, 'src/c.ts');
    expect(
      circles(
        new Map([
          [a, [b]],
          [b, [c]],
          [c, [a]],
        ]),
      ),
    ).toEqual([['src/a.ts', 'src/b.ts', 'src/c.ts']]);
    expect(
      circles(
        new Map([
          [a, [b]],
          [b, [c]],
          [c, []],
        ]),
      ),
    ).toEqual([]);
  });

  it('src/ has no import circle (type-only imports count too)', () => {
    expect(circles(importGraph(files))).toEqual([]);
  });

  it('no migration imports a live service: migrations only create schema (and backfill in SQL)', () => {
    const migrations = sourceFiles(path.join(ROOT, 'migrations'));
    expect(migrations.length).toBeGreaterThan(0);
    const services = migrations.flatMap((file) =>
      ts
        .preProcessFile(readFileSync(file, 'utf8'), true, true)
        .importedFiles.map((i) => i.fileName)
        .filter((name) => name.includes('/src/') && /\.(service|materialiser|reader)$|rollups\//.test(name))
        .map((name) => `${path.basename(file)} → ${name}`),
    );
    expect(services).toEqual([]);
  });

  it('entities do not import parser types', () => {
    const entities = files.filter((file) => file.endsWith('.entity.ts'));
    expect(entities.length).toBeGreaterThan(0);
    const parserImports = entities.flatMap((file) =>
      ts
        .preProcessFile(readFileSync(file, 'utf8'), true, true)
        .importedFiles.filter((i) => i.fileName.includes('/parsers/'))
        .map((i) => `${path.relative(ROOT, file)} → ${i.fileName}`),
    );
    expect(parserImports).toEqual([]);
  });
});
