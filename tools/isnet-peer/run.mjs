// Runs the IMG.LY ISNet background remover (the generic AI peer) on every shot in a folder:
// DIR/<name>.png -> DIR/<name>.cutout.png (RGBA). Offline: the model comes from the
// @imgly/background-removal-data package installed next to this file.
//   node tools/isnet-peer/run.mjs DIR [small|medium|large]
import { removeBackground } from '@imgly/background-removal-node';
import { readdir, readFile, writeFile, rename } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, model = 'medium'] = process.argv.slice(2);
if (!dir) {
    console.error('usage: node run.mjs DIR [small|medium|large]');
    process.exit(2);
}
const require = createRequire(import.meta.url);
const data = path.dirname(require.resolve('@imgly/background-removal-data/package.json'));
const publicPath = pathToFileURL(path.join(data, 'dist') + path.sep).href;

const shots = (await readdir(dir)).filter((f) => f.endsWith('.png') && !f.endsWith('.cutout.png')).sort();
for (const name of shots) {
    const input = path.join(dir, name);
    const output = input.replace(/\.png$/, '.cutout.png');
    const started = Date.now();
    const blob = await removeBackground(new Blob([await readFile(input)], { type: 'image/png' }), {
        publicPath, model, output: { format: 'image/png' },
    });
    // Written under a temporary name, then renamed: no half-written cutout is ever scored.
    await writeFile(output + '.part', Buffer.from(await blob.arrayBuffer()));
    await rename(output + '.part', output);
    console.log(`${output} (${Date.now() - started} ms)`);
}
