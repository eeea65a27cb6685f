#!/usr/bin/env node
// Build step (npm run build, after tsc): bundles src/ with esbuild. The commands become one
// CommonJS script, dist/bundle/app-<hash>.cjs, which io/code-cache.ts runs with the code V8
// compiled for it in an earlier run; bin/rhythm's entry, src/launch.ts, becomes dist/launch.cjs.
// What start-up costs, and why it is built so, is measured in docs/ARCHITECTURE.md (performance
// section).
//
// tsc's output stays (tests import dist/io/*.js; build-help.mjs imports dist/cli.js). bin/rhythm
// runs dist/launch.cjs unless tsc has written dist/main.js since: a later `tsc -p
// tsconfig.build.json` alone runs the fresh tsc output, never a stale bundle.
//
// The built code lies two folders below the package, like dist/io/*.js, so that the paths the
// sources build from import.meta.url hold in both layouts: package.json, dist/help.json and
// templates/ (io/quick-answers.ts, io/workbook.ts), and a worker thread's script beside the code
// that starts it (`new URL('./team-worker.js', import.meta.url)`), each therefore bundled there too.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtProgram } from './built-program.mjs';

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const OUT = root('dist/bundle');

/**
 * Node modules that load at first use instead of at start. Commander requires node:child_process
 * at its top, for subcommands that are programs of their own (rhythm has none); io/workers.ts
 * imports node:worker_threads for threads it starts from 12,000 files on; node:crypto serves the
 * rollup cache; node:fs/promises the writes of commands that write (its load brings Node's file
 * watchers and readline, 2-3 ms): each cost a millisecond or two of every run, with what they load in turn. An
 * import of one of these becomes an object whose every export is a getter that requires the module when read: the same
 * functions and classes, later. The export names are those of the Node running the build.
 */
const LAZY_BUILTINS = ['child_process', 'worker_threads', 'crypto', 'fs/promises'];
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
  // The `yaml` package loads only for what the front-matter line reader leaves to it, and for an
  // edit of the registry, through require (domain/frontmatter.ts yamlPackage): from node_modules.
  external: ['yaml'],
  // No keepNames: its __name() on every function cost about 2 ms of `status`. A function or class
  // renamed in the bundle keeps its behaviour: rhythm tells errors apart by their `name` fields, set
  // in their constructors, and commander's by their codes (main.ts).
  logLevel: 'warning',
  // Less code to read and compile (what every command loaded: 525 → 369 kB). Names stay, so a
  // stack trace (DEBUG=rhythm) still says which function.
  minifyWhitespace: true,
  minifySyntax: true,
};

/**
 * The scripts the sources load by URL beside themselves (`new URL('./name.js', import.meta.url)`):
 * worker threads' entry points. Each is bundled whole, as a module of its own beside the commands'
 * script: a thread shares no module with the main thread's.
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
// The commands: one CommonJS script, for Node 20 keeps compiled code only for a script (io/code-cache.ts).
// Its name carries a hash of its content, which names the code kept for it. What it imports lazily
// (the prompts, the HTML report, each command) stays in functions that run, and compile, when first
// called. A CommonJS script has no import.meta: its URL is its own file's.
const commands = await build({
  ...common,
  outdir: OUT,
  entryPoints: { app: 'src/main.ts' },
  entryNames: '[name]-[hash]',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__rhythmUrl' },
  // Strict, as the modules it is made of are: a directive counts only before any statement.
  banner: { js: "'use strict';\nconst __rhythmUrl = require('node:url').pathToFileURL(__filename).href;" },
  metafile: true,
  plugins: [lazyBuiltins, declaredSideEffects],
});
const [app] = Object.keys(commands.metafile.outputs).filter((path) => path.endsWith('.cjs'));
// A script run by vm.Script has no loader for import(): every import must have become a require.
const dynamic = commands.metafile.outputs[app].imports.filter((entry) => entry.kind === 'dynamic-import');
if (dynamic.length > 0) throw new Error(`${app} would import ${dynamic.map((entry) => entry.path).join(', ')} at run time, which a script cannot: require it instead (as domain/frontmatter.ts yamlPackage does)`);
// Read as Latin-1 (io/code-cache.ts), which V8 keeps one byte a character, a script of ASCII alone
// starts every run about 3.5 ms sooner than one read as UTF-8. esbuild escapes every other character
// but in tagged templates, whose raw text an escape changes: rhythm's `html` tag reads the cooked
// text, and String.raw's templates hold ASCII. Each is written as its \u escape (one a UTF-16 unit),
// an escaped one (`\é`, which means `é`) without its backslash.
const appFile = root(app);
writeFileSync(appFile, readFileSync(appFile, 'utf8').replace(/(\\*)([\u0080-\uffff])/g, (_, slashes, char) => `${slashes.slice(slashes.length % 2)}\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
// The program's commands and their aliases, each of which keeps the code it compiles (src/launch.ts).
const commandNames = builtProgram().commands.flatMap((command) => [command.name(), ...command.aliases()]);
// bin/rhythm's entry (src/launch.ts), CommonJS as bin/rhythm is (an ES module entry cost every run
// about 4 ms of Node's module loader), its URLs resolved as if it lay in dist/bundle/ beside the
// script it runs, like the rest of the built code.
await build({
  ...common,
  outdir: root('dist'),
  entryPoints: { launch: 'src/launch.ts' },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__rhythmUrl', RHYTHM_APP: JSON.stringify(app.split('/').at(-1)), RHYTHM_COMMANDS: JSON.stringify(commandNames) },
  banner: { js: "'use strict';\nconst __rhythmUrl = require('node:url').pathToFileURL(require('node:path').join(__dirname, 'bundle') + '/').href;" },
});
const workers = workerScripts();
if (Object.keys(workers).length > 0) await build({ ...common, entryPoints: workers, plugins: [declaredSideEffects] });
