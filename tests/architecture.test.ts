import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of docs/ARCHITECTURE.md, checked on the import statements of src/ (type-only and
 * lazy `import()` included: a cycle through types still ties two modules together).
 */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** `from '…'`, `import '…'` and `import('…')`, whatever the kind of import. */
export function specifiersOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) found.push(match[1]!);
  return found;
}

const files = sourceFiles(SRC);
const name = (path: string) => relative(SRC, path).split('\\').join('/');
const graph = new Map<string, { local: string[]; packages: string[] }>(
  files.map((file) => {
    const specifiers = specifiersOf(readFileSync(file, 'utf8'));
    return [
      name(file),
      {
        local: specifiers.filter((spec) => spec.startsWith('.')).map((spec) => name(resolve(dirname(file), spec.replace(/\.js$/, '.ts')))),
        packages: specifiers.filter((spec) => !spec.startsWith('.')),
      },
    ];
  }),
);

/** Strongly connected components with more than one module (or a module importing itself). */
function cycles(graph: ReadonlyMap<string, { local: readonly string[] }>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.local ?? []) {
      if (!graph.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indices.get(next)!));
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)!.local.includes(node)) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return found;
}

const layerOf = (module: string) => (module.includes('/') ? module.slice(0, module.indexOf('/')) : module.replace(/\.ts$/, ''));
/** `commands/ritual/interview.ts` belongs to the command `ritual`. */
const commandOf = (module: string) => module.split('/')[1]!.replace(/\.ts$/, '');

describe('architecture', () => {
  it('reads the imports it checks', () => {
    expect(specifiersOf("import type { A } from './a.js';\nconst b = await import('../b.js');\nimport './c.js';")).toEqual(['./a.js', '../b.js', './c.js']);
    expect(graph.get('cli.ts')!.local).toContain('commands/report.ts');
    expect(graph.size).toBeGreaterThan(40);
  });

  it('finds cycles, long and short', () => {
    const of = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([node, local]) => [node, { local }]));
    expect(cycles(of({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c']]);
    expect(cycles(of({ a: ['a'], b: ['a'] }))).toEqual([['a']]);
    expect(cycles(of({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });

  it('has no import cycles, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('the domain is pure: it imports only the domain, the error types and parsing libraries', () => {
    for (const [module, { local, packages }] of graph) {
      if (layerOf(module) !== 'domain') continue;
      expect(local.filter((target) => layerOf(target) !== 'domain' && target !== 'errors.ts'), module).toEqual([]);
      // node:module only lends `createRequire`, to load a YAML library on first use.
      expect(packages.filter((spec) => spec.startsWith('node:') && spec !== 'node:module'), module).toEqual([]);
    }
  });

  it('reports render the domain and nothing else', () => {
    for (const [module, { local, packages }] of graph) {
      if (layerOf(module) !== 'report') continue;
      expect(local.filter((target) => !['domain', 'report'].includes(layerOf(target))), module).toEqual([]);
      expect(packages.filter((spec) => spec.startsWith('node:')), module).toEqual([]);
    }
  });

  it('io knows the domain and the pure reports, but no command or wiring', () => {
    for (const [module, { local }] of graph) {
      if (layerOf(module) !== 'io') continue;
      expect(local.filter((target) => !['domain', 'report', 'io', 'errors'].includes(layerOf(target))), module).toEqual([]);
    }
  });

  it('what commands share imports no command', () => {
    for (const [module, { local }] of graph) {
      if (layerOf(module) !== 'run') continue;
      expect(local.filter((target) => layerOf(target) === 'commands' || ['cli.ts', 'main.ts'].includes(target)), module).toEqual([]);
    }
  });

  it('no command imports another command, the CLI wiring or main', () => {
    for (const [module, { local }] of graph) {
      if (layerOf(module) !== 'commands') continue;
      const others = local.filter((target) => (layerOf(target) === 'commands' && commandOf(target) !== commandOf(module)) || ['cli.ts', 'main.ts'].includes(target));
      expect(others, module).toEqual([]);
    }
  });

  it('only main.ts ends the process', () => {
    const exits = files.filter((file) => /\bprocess\.exit\(/.test(readFileSync(file, 'utf8'))).map(name);
    expect(exits).toEqual(['main.ts']);
  });

  it('only the context reads the clock', () => {
    const clocks = files.filter((file) => /new Date\(\)|Date\.now\(\)/.test(readFileSync(file, 'utf8'))).map(name);
    expect(clocks).toEqual(['context.ts']);
  });
});
