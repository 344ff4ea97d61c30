/** The `sketchmat` executable (dist/cli.js). */
import '../index'; // the Node platform: addon, else WebAssembly read from the package
import { main } from './main';

const code = main(
  process.argv.slice(2),
  (s) => process.stdout.write(s),
  (s) => process.stderr.write(s),
);
// Let stdout drain (a pipe may still hold a large --json) before exiting.
process.exitCode = code;
