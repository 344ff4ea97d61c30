/** A full garbage collection from inside a jest test (no --expose-gc needed). */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

export function fullGC(): void {
  collect();
}
