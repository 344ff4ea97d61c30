/** New arrays for kernels' results. */
import { DType, FloatArray, newArray } from './dtype';
import { backend } from './backend/select';

/**
 * Results of 8 MB or more are offered to the backend before the kernel first
 * touches them: the native one asks Linux to back them with 2 MB pages, so a
 * fresh 100 MB result costs ~6 ms of page faults instead of ~50 ms.
 */
const ADVISE_BYTES = 8 << 20;

/** A zeroed dtype array of `length` elements for a kernel to write. @throws OutOfMemoryError */
export function newResult(dtype: DType, length: number): FloatArray {
  const a = newArray(dtype, length);
  if (a.byteLength >= ADVISE_BYTES) backend().adviseHugePages?.(a);
  return a;
}
