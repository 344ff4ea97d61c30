#!/usr/bin/env node
// Copies the demo's data into data/ (shipped in the package; `sketchmat demo`
// reads it there). The source is ../shared/data beside the checkout (CI clones
// the repo with it beside), or $SKETCHMAT_DATA_DIR. The .npy files are not in
// git (data/*.npy is ignored); data/README.md, their attribution, is.
// Add a file here when a demo section needs it (PCA: tabular/sk_digits_1797x64.npy;
// structures: weights/use_lite_attn_out_512x512.npy), with its row in data/README.md.
import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.env.SKETCHMAT_DATA_DIR ?? join(root, '..', 'shared', 'data');
const FILES = ['embeddings/minilm_778x384.npy', 'tabular/sk_digits_1797x64.npy', 'weights/use_lite_attn_out_512x512.npy'];

let missing = 0;
for (const f of FILES) {
  const from = join(source, f);
  const to = join(root, 'data', f.split('/').pop());
  if (existsSync(from)) copyFileSync(from, to);
  else if (!existsSync(to)) {
    console.error(`copy-data: ${from} is missing; \`sketchmat demo\` will need --data FILE.npy (set SKETCHMAT_DATA_DIR to the shared data folder)`);
    missing++;
  }
}
// A missing file is a warning, not a failed build: the library works without it.
if (missing === 0) console.error(`copy-data: ${FILES.length} file(s) in data/`);
