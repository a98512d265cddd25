// The npm package as a user gets it: `npm pack` holds the gateway's own client (one source), the packed module
// imports by name in Node, and a typed handler compiles against the published types with tsc, no bundler.
// Run by poll-gateway's JsClientPackageIT (and `npm test` here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const gatewayClient = fileURLToPath(new URL('../../../poll-gateway/src/main/resources/META-INF/resources/client/', import.meta.url));
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let packed;
const pack = async () => {
  if (!packed) {
    const out = await mkdtemp(join(tmpdir(), 'holdline-pack-'));
    const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', out], root));
    packed = { dir: out, file: join(out, info.filename), info };
  }
  return packed;
};

/** A throwaway app with the packed tarball installed, as `npm install @holdline/client` would. */
const consumer = async () => {
  const { file } = await pack();
  const app = await mkdtemp(join(tmpdir(), 'holdline-app-'));
  await cp(join(root, 'test/consumer'), app, { recursive: true });
  npm(['install', '--no-audit', '--no-fund', '--offline', file], app);
  return app;
};

test('npm pack holds the gateway\'s client, its types, the README and the changelog', async () => {
  const { info } = await pack();
  assert.equal(info.name, '@holdline/client');
  assert.equal(info.version, '0.1.0');
  assert.deepEqual(info.files.map((f) => f.path).sort(),
    ['CHANGELOG.md', 'README.md', 'dist/holdline.d.ts', 'dist/holdline.js', 'package.json']);
  for (const file of ['holdline.js', 'holdline.d.ts']) {
    assert.equal(await readFile(join(root, 'dist', file), 'utf8'), await readFile(join(gatewayClient, file), 'utf8'),
      `dist/${file} is the gateway's file as it is`);
  }
  const changelog = await readFile(join(root, 'CHANGELOG.md'), 'utf8');
  assert.match(changelog, /## 0\.1\.0/);
  const { VERSION } = await import(join(root, 'dist/holdline.js'));
  assert.equal(VERSION, info.version, 'the module says the version the package has');
});

test('the packed module imports by name in Node', async () => {
  const app = await consumer();
  try {
    const out = execFileSync('node', ['--input-type=module', '-e',
      "import { HoldlineClient, PROTOCOL } from '@holdline/client'; "
      + "const c = new HoldlineClient({ token: 't', fetch: async () => ({}) }); "
      + "c.subscribe('room:a'); console.log(PROTOCOL, c.state, c.channels().join());"], { cwd: app, encoding: 'utf8' });
    assert.equal(out.trim(), '1 stopped room:a');
  } finally {
    await rm(app, { recursive: true, force: true });
  }
});

test('a typed handler compiles against the published types (tsc --noEmit, no bundler)', async () => {
  const app = await consumer();
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  try {
    execFileSync('node', [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc found errors:\n${e.stdout}${e.stderr}`);
  } finally {
    await rm(app, { recursive: true, force: true });
  }
});

test('a handler that misreads the event data does not compile', async () => {
  const app = await consumer();
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  try {
    const source = await readFile(join(app, 'typed-handler.ts'), 'utf8');
    await writeFile(join(app, 'typed-handler.ts'), source.replace('const text: string = event.data.text;',
      'const text: number = event.data.text;'));
    let output = '';
    assert.throws(() => {
      try {
        execFileSync('node', [tsc, '--noEmit', '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
      } catch (e) {
        output = e.stdout;
        throw e;
      }
    });
    assert.match(output, /typed-handler\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'/);
  } finally {
    await rm(app, { recursive: true, force: true });
  }
});

test.after(async () => {
  if (packed) await rm(packed.dir, { recursive: true, force: true });
});
