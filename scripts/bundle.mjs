#!/usr/bin/env node
// Build step (npm run build, after tsc): bundles src/ with esbuild. Its entry replaces tsc's
// dist/main.js, which bin/rhythm imports; its chunks go to dist/bundle/. What start-up costs, and
// why the bundle is cut where it is, is measured in docs/ARCHITECTURE.md (performance section).
//
// The rest of tsc's output stays (tests import dist/io/*.js; build-help.mjs imports dist/cli.js).
// A later `tsc -p tsconfig.build.json` alone writes dist/main.js again, so bin/rhythm then runs
// the fresh tsc output, never a stale bundle.
//
// The chunks lie two folders below the package, like dist/io/*.js, so that the paths the sources
// build from import.meta.url hold in both layouts: package.json, dist/help.json and templates/
// (io/quick-answers.ts, io/workbook.ts), and a worker thread's script beside the chunk that
// starts it (`new URL('./team-worker.js', import.meta.url)`), each therefore bundled there too.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const OUT = root('dist/bundle');
const name = (path) => relative(root(''), path).split(sep).join('/');

/**
 * Where the bundle is cut. Each file Node loads costs about a millisecond (resolved, read,
 * compiled and linked: the 29 chunks esbuild made at every lazy import of the sources cost
 * `rhythm status` about 15 ms more than these four), and 100 kB of code about 2 ms to compile. So
 * `--version` and `--help` load main.js and what it shares with the rest (errors.ts,
 * io/quick-answers.ts); a command loads these, the entry "app" and its chunk of what every
 * command needs, and the chunk of its own of a module named in OWN_CHUNK, large and needed by few
 * (the prompts, the HTML report, a command's own modules).
 *
 * What main.ts and context.ts, which every run loads, import lazily comes from "app" (IN_APP:
 * the key it is exported under). A lazy import anywhere else is a static one in the bundle, but
 * of a module in OWN_CHUNK. Each of those imports "app" whole, so that esbuild, which cuts chunks
 * by the entry points that reach each module, finds every module of "app" reached alike and keeps
 * them in one chunk: "app" is always loaded before them. A module both OWN_CHUNK modules import,
 * but nothing in "app" does, would make a chunk of its own: IN_APP takes it into "app" (the lock).
 */
const LOADS_FIRST = new Set(['src/main.ts', 'src/context.ts']);
const IN_APP = { cli: 'src/cli.ts', terminalText: 'src/io/terminal-text.ts', lock: 'src/io/lock.ts' };
const OWN_CHUNK = new Set([
  'src/commands/brief.ts',
  'src/commands/check.ts',
  'src/commands/init/index.ts',
  'src/commands/notify.ts',
  'src/commands/report.ts',
  'src/commands/ritual/index.ts',
  'src/io/editor.ts',
  'src/io/git.ts',
  'src/io/prompter.ts',
  'src/report/html.ts',
]);
const chunks = {
  name: 'chunks',
  setup(build) {
    build.onResolve({ filter: /^rhythm:app$/ }, () => ({ path: 'app', namespace: 'rhythm' }));
    build.onLoad({ filter: /^app$/, namespace: 'rhythm' }, () => ({
      contents: Object.entries(IN_APP)
        .map(([key, path]) => `export * as ${key} from ${JSON.stringify(root(path))};`)
        .join('\n'),
      loader: 'js',
      resolveDir: root(''),
    }));
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, ({ path }) => {
      const importer = name(path);
      const hoisted = OWN_CHUNK.has(importer) ? ["import 'rhythm:app';"] : [];
      const contents = readFileSync(path, 'utf8').replace(/\bimport\((['"])(\.{1,2}\/[^'"]+)\1\)/g, (call, _quote, specifier) => {
        const target = name(join(dirname(path), specifier.replace(/\.js$/, '.ts')));
        if (OWN_CHUNK.has(target)) return call;
        if (LOADS_FIRST.has(importer)) {
          const key = Object.keys(IN_APP).find((candidate) => IN_APP[candidate] === target);
          if (key === undefined) throw new Error(`${importer} imports ${target} lazily: name it in IN_APP or OWN_CHUNK (scripts/bundle.mjs)`);
          return `import('rhythm:app').then((app) => app.${key})`;
        }
        hoisted.push(`import * as __bundled${hoisted.length} from ${JSON.stringify(specifier)};`);
        return `Promise.resolve(__bundled${hoisted.length - 1})`;
      });
      return { contents: hoisted.length > 0 ? `${hoisted.join('\n')}\n${contents}` : contents, loader: 'ts' };
    });
  },
};

/**
 * Node modules that load at first use instead of at start. Commander requires node:child_process
 * at its top, for subcommands that are programs of their own (rhythm has none); io/workers.ts
 * imports node:worker_threads for threads it starts from 2,000 files on; node:crypto serves the
 * rollup cache: each cost a millisecond or two of every run, with what they load in turn. An
 * import of one of these becomes an object whose every export is a getter that requires the module when read: the same
 * functions and classes, later. The export names are those of the Node running the build.
 */
const LAZY_BUILTINS = ['child_process', 'worker_threads', 'crypto'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    build.onResolve({ filter }, (args) =>
      // The getters' own require is Node's.
      args.namespace === 'lazy-builtin' ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async ({ path }) => {
      const names = Object.keys(await import(`node:${path}`)).filter((name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
      const getters = names.map((name) => `  get ${name}() { return require('node:${path}').${name}; },`);
      return { contents: `module.exports = {\n${getters.join('\n')}\n};\n`, loader: 'js' };
    });
  },
};

/**
 * A package that declares `"sideEffects": false` in its package.json is pruned of what rhythm
 * does not import, even where its built files sit under a package.json of their own that does not
 * say it again (each @inquirer package's dist/esm/): esbuild heeds only the nearest one. Without
 * this the prompts rhythm never asks came along, and the editor prompt's 700 kB of encodings.
 */
const declaredSideEffects = {
  name: 'declared-side-effects',
  setup(build) {
    const packages = new Map();
    const declaresNone = (file) => {
      const at = file.lastIndexOf(`${sep}node_modules${sep}`);
      if (at === -1) return false;
      const rest = file.slice(at + 14).split(sep);
      const folder = file.slice(0, at + 14) + rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join(sep);
      if (!packages.has(folder)) {
        let none = false;
        try {
          none = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).sideEffects === false;
        } catch {
          // No package.json there: nothing declared.
        }
        packages.set(folder, none);
      }
      return packages.get(folder);
    };
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData?.declaredSideEffects) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { declaredSideEffects: true } });
      if (resolved.errors.length > 0 || resolved.external || !declaresNone(resolved.path)) return undefined;
      return { ...resolved, sideEffects: false };
    });
  },
};

const common = {
  absWorkingDir: root(''),
  outdir: OUT,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The `yaml` package loads only for what the front-matter line reader leaves to it, through
  // require (domain/frontmatter.ts) and import (io/workbook.ts): from node_modules, as before.
  external: ['yaml'],
  // Bundled CommonJS (commander, some of @inquirer's dependencies) requires Node's modules.
  banner: { js: "import { createRequire as __rhythmCreateRequire } from 'node:module';\nconst require = __rhythmCreateRequire(import.meta.url);" },
  // No keepNames: its __name() on every function cost about 2 ms of `status`. A function or class
  // renamed in a chunk keeps its behaviour: rhythm tells errors apart by their `name` fields, set
  // in their constructors, and commander's by their codes (main.ts).
  logLevel: 'warning',
  // Less code to compile at every start (the chunk every command loads: 525 → 369 kB). Names stay,
  // so a stack trace (DEBUG=rhythm) still says which function.
  minifyWhitespace: true,
  minifySyntax: true,
};

/**
 * The scripts the sources load by URL beside themselves (`new URL('./name.js', import.meta.url)`):
 * worker threads' entry points. Each is bundled whole, as a file of its own beside the chunks: a
 * thread shares no module with the main thread's.
 */
function workerScripts() {
  const scripts = new Map();
  const visit = (folder) => {
    for (const entry of readdirSync(root(folder), { withFileTypes: true })) {
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        for (const [, specifier] of readFileSync(root(path), 'utf8').matchAll(/new URL\((?:'|")(\.{0,2}\/[^'"]+\.js)(?:'|"), import\.meta\.url\)/g)) {
          const script = `${dirname(path)}/${specifier.slice(2).replace(/\.js$/, '.ts')}`;
          if (!specifier.startsWith('./') || specifier.slice(2).includes('/') || !existsSync(root(script))) throw new Error(`${path} loads ${specifier} by URL: only a script beside it can be bundled (scripts/bundle.mjs)`);
          const entryName = specifier.slice(2, -3);
          if (scripts.has(entryName) && scripts.get(entryName) !== script) throw new Error(`two scripts are named ${entryName}.js: ${scripts.get(entryName)} and ${script}`);
          scripts.set(entryName, script);
        }
      }
    }
  };
  visit('src');
  return Object.fromEntries(scripts);
}

rmSync(OUT, { recursive: true, force: true });
await build({
  ...common,
  outdir: root('dist'),
  entryPoints: { main: 'src/main.ts' },
  chunkNames: 'bundle/chunk-[hash]',
  splitting: true,
  plugins: [chunks, lazyBuiltins, declaredSideEffects],
});
const workers = workerScripts();
if (Object.keys(workers).length > 0) await build({ ...common, entryPoints: workers, plugins: [declaredSideEffects] });
