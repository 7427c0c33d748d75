// Builds every bundle: the extension (node/cjs, `vscode` external), the canvas webview (browser/iife)
// and the test entry points.
// Usage: node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // puppeteer-core names optional packages (ws speedups, a bundled-browser finder) it does not need here;
  // @puppeteer/replay names lighthouse for a runner extension we never use.
  external: ['vscode', 'bufferutil', 'utf-8-validate', 'puppeteer', 'chromium-bidi/*', 'lighthouse'],
};

// The webview loads only what is in dist/webview (the panel's localResourceRoots): canvas.js, the
// canvas.css that esbuild gathers from the CSS the app imports, and the codicon font beside it.
const browser = { bundle: true, platform: 'browser', format: 'iife', target: 'chrome114', minify: production, logLevel: 'warning' };

// The frame worker runs from a blob: URL, as a webview cannot start a worker from its resource URLs:
// its bundle is built here and imported by the canvas as the text of 'frame-worker-source'.
const frameWorkerSource = {
  name: 'frame-worker-source',
  setup(build) {
    build.onResolve({ filter: /^frame-worker-source$/ }, () => ({ path: 'frame-worker-source', namespace: 'frame-worker' }));
    build.onLoad({ filter: /.*/, namespace: 'frame-worker' }, async () => {
      const entry = 'src/webview/frameWorker.ts';
      const result = await esbuild.build({ ...browser, entryPoints: [entry], sourcemap: production ? false : 'inline', write: false, metafile: true });
      return { contents: result.outputFiles[0].text, loader: 'text', watchFiles: Object.keys(result.metafile.inputs) };
    });
  },
};

const webview = {
  ...browser,
  sourcemap: !production,
  entryPoints: { canvas: 'src/webview/main.ts' },
  outdir: 'dist/webview',
  loader: { '.ttf': 'file' },
  plugins: [frameWorkerSource],
};

const testsIn = (dir) => readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => `${dir}/${f}`);
const unitTests = testsIn('test/unit');

const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  // The browser host, a process of its own per launched session (src/cdp/browserHost/main.ts).
  { ...node, entryPoints: { browserHost: 'src/cdp/browserHost/main.ts' }, outdir: 'dist' },
  // The MCP server agents start on stdio (`node dist/mcp.js --storage <dir>`): self-contained, shipped in the extension.
  { ...node, entryPoints: { mcp: 'src/cdp/mcp/main.ts' }, outdir: 'dist' },
  webview,
  { ...node, entryPoints: { start: 'scripts/start.ts', toolManifest: 'scripts/toolManifest.ts' }, outdir: 'dist/scripts', packages: 'external' },
  // Tests: each file its own bundle; their dependencies stay in node_modules.
  { ...node, entryPoints: [...unitTests, 'test/unit/fixtures/registryWorker.ts', 'test/unit/fixtures/storageWorker.ts'], outdir: 'dist/test/unit', outbase: 'test/unit', packages: 'external' },
  { ...node, entryPoints: testsIn('test/e2e'), outdir: 'dist/test/e2e', packages: 'external' },
  { ...node, entryPoints: testsIn('test/theia'), outdir: 'dist/test/theia', packages: 'external' },
  { ...node, entryPoints: { integrationRunner: 'test/integration/runner/main.ts' }, outdir: 'dist/test', packages: 'external' },
  { ...node, entryPoints: { sessions: 'test/bench/sessions.ts', streams: 'test/bench/streams.ts', agent: 'test/bench/agent.ts', agentTasks: 'test/bench/agentTasks.ts', canvas: 'test/bench/canvas.ts', policy: 'test/bench/policy.ts', replay: 'test/bench/replay.ts', mcp: 'test/bench/mcpOverhead.ts', timeline: 'test/bench/timeline.ts' }, outdir: 'dist/test/bench', packages: 'external' },
  // The in-editor test runner is installed into the editor like any extension: self-contained.
  // mocha's parallel mode (unused here) resolves worker files at run time: nothing to bundle for it.
  { ...node, entryPoints: { extension: 'test/integration/hostRunner/extension.ts' }, outdir: 'dist/test/hostRunner', logOverride: { 'require-resolve-not-external': 'silent' } },
];

// A production build (vscode:prepublish, for the .vsix) makes only what the extension ships.
const shipped = builds.filter((options) => options === webview || ['extension', 'browserHost', 'mcp'].some((name) => options.entryPoints?.[name] && options.outdir === 'dist'));
if (production) {
  await Promise.all(shipped.map((options) => esbuild.build(options)));
} else if (watch) {
  await Promise.all(builds.map(async (options) => (await esbuild.context(options)).watch()));
  console.log('[esbuild] watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
