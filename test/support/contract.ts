/**
 * The error contract every public call keeps (issue 12): a call either
 * returns, or throws one of sketchmat's typed errors — never an engine error
 * ("Cannot read properties of …", "Invalid typed array length", "x is not a
 * function") and never anything untyped.
 */
import {
  AbortError, BackendError, DTypeError, FormatError, NotPositiveDefiniteError, OutOfMemoryError, ShapeError, ValueError,
} from '../../lib/api';

// NotPositiveDefiniteError is a ValueError that carries the failing pivot (linalg.cholesky).
export const TYPED_ERRORS = [ShapeError, DTypeError, ValueError, BackendError, OutOfMemoryError, AbortError, FormatError, NotPositiveDefiniteError] as const;
const TYPED_NAMES = new Set(TYPED_ERRORS.map((E) => E.name));

/** Thrown on purpose by hostile inputs (throwing getters, Proxy traps): passing it through unchanged is allowed. */
export class CallerError extends Error {
  constructor() {
    super('thrown by the caller’s own getter');
    this.name = 'CallerError';
  }
}

/**
 * True for an error sketchmat threw on purpose. The caller's own exceptions
 * (CallerError from a getter) must come out wrapped in a ValueError with the
 * original as `cause`, so they do not pass here unwrapped.
 */
export function isContractError(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (!TYPED_ERRORS.some((E) => e instanceof E)) return false;
  // e.name equals the class name; the message says something.
  return TYPED_NAMES.has(e.name) && e.constructor.name === e.name && e.message.length > 0;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Fails the test when a call ended in an engine error or an untyped one. */
function checked(r: Outcome): Outcome {
  if (!r.ok && !isContractError(r.error)) {
    const e = r.error as Error;
    throw new Error(`contract broken: untyped error ${e?.name ?? typeof e}: ${e?.message ?? String(e)}\n${e?.stack ?? ''}`);
  }
  return r;
}

/** Runs f (sync or async) and reports how it ended; fails the test on an engine or untyped error. */
export async function outcome(f: () => unknown): Promise<Outcome> {
  try {
    return checked({ ok: true, value: await f() });
  } catch (error) {
    return checked({ ok: false, error });
  }
}

/** Synchronous variant for calls that must not return a Promise. */
export function outcomeSync(f: () => unknown): Outcome {
  try {
    return checked({ ok: true, value: f() });
  } catch (error) {
    return checked({ ok: false, error });
  }
}

/** The outcome of a call, sync or async: its value or its error. */
export async function settle(f: () => unknown): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await f() };
  } catch (error) {
    return { ok: false, error };
  }
}

export async function expectError(f: () => unknown, E: new (...a: never[]) => Error, pattern?: RegExp): Promise<Error> {
  const r = await settle(f);
  if (r.ok) throw new Error('no error');
  expect(r.error).toBeInstanceOf(E);
  expect(isContractError(r.error)).toBe(true);
  if (pattern) expect((r.error as Error).message).toMatch(pattern);
  return r.error as Error;
}
