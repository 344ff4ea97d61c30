/**
 * Typed errors. Every error sketchmat throws on purpose is one of these;
 * `e.name` equals the class name and messages say what was expected and what
 * came.
 */

/** Base of sketchmat's errors, for `instanceof SketchmatError`. */
export interface SketchmatError extends Error {
  readonly code: string;
}

function named<T extends Error>(e: T, name: string, code: string): T {
  Object.defineProperty(e, 'name', { value: name, enumerable: false, configurable: true, writable: true });
  Object.defineProperty(e, 'code', { value: code, enumerable: false, configurable: true, writable: true });
  return e;
}

/** Shapes that do not fit: `matmul: A is 3×4 but B is 5×2 (inner dimensions 4 and 5 differ)`. */
export class ShapeError extends RangeError implements SketchmatError {
  declare readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    named(this, 'ShapeError', 'SKM_SHAPE');
  }
}

/** Wrong or mixed element types (float32 with float64 is never promoted silently). */
export class DTypeError extends TypeError implements SketchmatError {
  declare readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    named(this, 'DTypeError', 'SKM_DTYPE');
  }
}

/** A bad value: a seed out of range, NaN where a number is needed, a detached buffer, an aliased `out`. */
export class ValueError extends RangeError implements SketchmatError {
  declare readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    named(this, 'ValueError', 'SKM_VALUE');
  }
}

/** A backend could not load, or was used before it was ready. */
export class BackendError extends Error implements SketchmatError {
  declare readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    named(this, 'BackendError', 'SKM_BACKEND');
  }
}

/** Memory could not be had (WASM heap, native scratch, or a result too large for a typed array). */
export class OutOfMemoryError extends RangeError implements SketchmatError {
  declare readonly code: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    named(this, 'OutOfMemoryError', 'SKM_NOMEM');
  }
}

/** Thrown into `…Async` calls whose AbortSignal fired. */
export class AbortError extends Error implements SketchmatError {
  declare readonly code: string;
  constructor(message = 'the operation was aborted', options?: ErrorOptions) {
    super(message, options);
    named(this, 'AbortError', 'ABORT_ERR');
  }
}

/**
 * A file or byte string that is not what its format says: a .npy file with a
 * bad magic, header or size, a CSV line that is not numbers. A ValueError
 * (code `SKM_FORMAT`) whose message names where — the byte offset or the line
 * — and what was expected there; `source` is the file name when there is one.
 */
export class FormatError extends ValueError implements SketchmatError {
  /** The file (or 'bytes' for an in-memory buffer). */
  readonly source: string;
  /** Byte offset of the problem (binary formats). */
  readonly offset?: number;
  /** 1-based line of the problem (text formats). */
  readonly line?: number;
  constructor(message: string, where: { source?: string; offset?: number; line?: number } = {}, options?: ErrorOptions) {
    super(message, options);
    named(this, 'FormatError', 'SKM_FORMAT');
    this.source = where.source ?? 'bytes';
    if (where.offset !== undefined) this.offset = where.offset;
    if (where.line !== undefined) this.line = where.line;
  }
}

/** Kernel status codes (native/include/sketchmat.h) as typed errors. */
export function statusError(status: number, what: string): Error {
  switch (status) {
    case 1:
      return new ValueError(`${what}: the kernel rejected its arguments (a sketchmat bug: please report)`);
    case 2:
      return new OutOfMemoryError(`${what}: out of memory`);
    default:
      return new BackendError(`${what}: internal error (status ${status})`);
  }
}

/**
 * Runs `read`, which reads a value the caller handed in (an array-like, an
 * options object): whatever it throws — the caller's own getter, a revoked
 * Proxy, a Proxy of a typed array whose getters refuse it — comes out as a
 * ValueError that names what was being read, with the original as `cause`.
 */
export function readingCallerValue<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (isSketchmatError(e)) throw e;
    throw new ValueError(`${what} threw ${(e as Error)?.name ?? 'an exception'}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
  }
}

export function isSketchmatError(e: unknown): boolean {
  return (
    e instanceof ShapeError || e instanceof DTypeError || e instanceof ValueError || e instanceof BackendError ||
    e instanceof OutOfMemoryError || e instanceof AbortError || e instanceof FormatError
  );
}
