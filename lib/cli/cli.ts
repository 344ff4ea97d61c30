/** The `sketchmat` executable (dist/cli.js). */
import '../index'; // the Node platform: addon, else WebAssembly read from the package
import { main } from './main';

void main(
  process.argv.slice(2),
  (s) => process.stdout.write(s),
  (s) => process.stderr.write(s),
).then((code) => {
  // Let stdout drain (a pipe may still hold a large --json) before exiting.
  process.exitCode = code;
});

// `sketchmat demo --json | head -1`: a reader that leaves early is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
