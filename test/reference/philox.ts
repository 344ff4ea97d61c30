/**
 * Plain reference for sketchmat's counter-based randomness (see
 * native/kernels/RANDOM.md). Slow and obvious on purpose: the kernels on every
 * backend must reproduce these values bit for bit.
 *
 * Only IEEE-754 double +, -, *, /, Math.sqrt (all correctly rounded), exact
 * bit manipulation and exact integer arithmetic are used: no Math.log,
 * Math.sin, Math.cos, whose last bits differ between engines.
 */

const TWO32 = 2 ** 32;

// ---- Philox4x32-10 -----------------------------------------------------------

const PHILOX_M0 = 0xd2511f53;
const PHILOX_M1 = 0xcd9e8d57;
const PHILOX_W0 = 0x9e3779b9;
const PHILOX_W1 = 0xbb67ae85;

/** The exact 64-bit product a*b of two uint32 as [hi, lo] (uint32 each), via 16-bit halves. */
export function mulHiLo32(a: number, b: number): [number, number] {
  const aH = Math.floor(a / 65536);
  const aL = a % 65536;
  const bH = Math.floor(b / 65536);
  const bL = b % 65536;
  const ll = aL * bL; // < 2^32, exact
  const lh = aL * bH;
  const hl = aH * bL;
  const hh = aH * bH;
  // a*b = hh*2^32 + (lh + hl)*2^16 + ll; every partial sum below is < 2^53.
  const mid = lh + hl + Math.floor(ll / 65536); // < 3 * 2^32
  const lo = (mid % 65536) * 65536 + (ll % 65536);
  const hi = hh + Math.floor(mid / 65536);
  return [hi, lo];
}

function checkWords(v: ArrayLike<number>, n: number, what: string): number[] {
  if (v.length !== n) throw new RangeError(`${what}: expected ${n} words, got ${v.length}`);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const w = v[k];
    if (!Number.isInteger(w) || w < 0 || w >= TWO32) {
      throw new RangeError(`${what}[${k}]: expected a uint32, got ${w}`);
    }
    out.push(w);
  }
  return out;
}

/** Philox4x32-10(ctr, key), as in Random123. */
export function philox4x32(ctr: ArrayLike<number>, key: ArrayLike<number>): Uint32Array {
  let [c0, c1, c2, c3] = checkWords(ctr, 4, 'ctr');
  let [k0, k1] = checkWords(key, 2, 'key');
  for (let round = 0; round < 10; round++) {
    const [hi0, lo0] = mulHiLo32(PHILOX_M0, c0);
    const [hi1, lo1] = mulHiLo32(PHILOX_M1, c2);
    const n0 = (hi1 ^ c1 ^ k0) >>> 0;
    const n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 = (k0 + PHILOX_W0) % TWO32;
    k1 = (k1 + PHILOX_W1) % TWO32;
  }
  return Uint32Array.of(c0, c1, c2, c3);
}

// ---- bits of doubles -------------------------------------------------------------

const view = new DataView(new ArrayBuffer(8));

/** A double from its bits given as two uint32 (high word first). */
export function doubleFromWords(hi: number, lo: number): number {
  view.setUint32(0, hi, false);
  view.setUint32(4, lo, false);
  return view.getFloat64(0, false);
}

/** The bits of a double as two uint32 [hi, lo]. */
export function wordsOfDouble(x: number): [number, number] {
  view.setFloat64(0, x, false);
  return [view.getUint32(0, false), view.getUint32(4, false)];
}

// ---- constants (exact binary64 values; hex = IEEE bits) ----------------------------

const LN2_HI = doubleFromWords(0x3fe62e42, 0xfefa3800); // ln2 rounded to a multiple of 2^-42
const LN2_LO = doubleFromWords(0x3d2ef357, 0x93c76730); // ln2 - LN2_HI, rounded
const SQRT2 = doubleFromWords(0x3ff6a09e, 0x667f3bcd);
// 2/(2k+1), k = 1..10
const LOG_L = [
  doubleFromWords(0x3fe55555, 0x55555555),
  doubleFromWords(0x3fd99999, 0x9999999a),
  doubleFromWords(0x3fd24924, 0x92492492),
  doubleFromWords(0x3fcc71c7, 0x1c71c71c),
  doubleFromWords(0x3fc745d1, 0x745d1746),
  doubleFromWords(0x3fc3b13b, 0x13b13b14),
  doubleFromWords(0x3fc11111, 0x11111111),
  doubleFromWords(0x3fbe1e1e, 0x1e1e1e1e),
  doubleFromWords(0x3fbaf286, 0xbca1af28),
  doubleFromWords(0x3fb86186, 0x18618618),
];
const PI_OVER_4 = doubleFromWords(0x3fe921fb, 0x54442d18);
// (-1)^k / (2k+1)!, k = 1..9
const SIN_S = [
  doubleFromWords(0xbfc55555, 0x55555555),
  doubleFromWords(0x3f811111, 0x11111111),
  doubleFromWords(0xbf2a01a0, 0x1a01a01a),
  doubleFromWords(0x3ec71de3, 0xa556c734),
  doubleFromWords(0xbe5ae645, 0x67f544e4),
  doubleFromWords(0x3de61246, 0x13a86d09),
  doubleFromWords(0xbd6ae7f3, 0xe733b81f),
  doubleFromWords(0x3ce952c7, 0x7030ad4a),
  doubleFromWords(0xbc62f49b, 0x46814157),
];
// (-1)^k / (2k)!, k = 1..9
const COS_C = [
  doubleFromWords(0xbfe00000, 0x00000000),
  doubleFromWords(0x3fa55555, 0x55555555),
  doubleFromWords(0xbf56c16c, 0x16c16c17),
  doubleFromWords(0x3efa01a0, 0x1a01a01a),
  doubleFromWords(0xbe927e4f, 0xb7789f5c),
  doubleFromWords(0x3e21eed8, 0xeff8d898),
  doubleFromWords(0xbda93974, 0xa8c07c9d),
  doubleFromWords(0x3d2ae7f3, 0xe733b81f),
  doubleFromWords(0xbca68278, 0x63b97d97),
];

// ---- formulas ----------------------------------------------------------------------

/** u = k * 2^-53 in [0, 1), k = floor((hi * 2^32 + lo) / 2^11): the top 53 bits of the 64-bit word hi:lo. */
export function uniform53(lo: number, hi: number): number {
  return hi * 2 ** -32 + Math.floor(lo / 2048) * 2 ** -53;
}

/** Natural log of a positive normal finite double, by the fixed formula of RANDOM.md. */
export function refLog(x: number): number {
  const [hi, lo] = wordsOfDouble(x);
  let e = Math.floor(hi / 2 ** 20) % 2048 - 1023; // unbiased exponent (x > 0)
  let m = doubleFromWords((hi % 2 ** 20) + 0x3ff00000, lo); // [1, 2)
  if (m > SQRT2) {
    m = m * 0.5;
    e = e + 1;
  }
  const f = m - 1;
  const s = f / (2 + f);
  const z = s * s;
  let t = LOG_L[9];
  for (let k = 8; k >= 0; k--) t = LOG_L[k] + z * t;
  const R = z * t;
  const hfsq = 0.5 * f * f;
  const low = s * (hfsq + R) + e * LN2_LO;
  return e * LN2_HI + (f - (hfsq - low));
}

/** [sin(2*pi*u), cos(2*pi*u)] for u in [0, 1), by the fixed formula of RANDOM.md. */
export function refSinCos2Pi(u: number): [number, number] {
  const t = u * 8;
  const q = Math.floor(t); // exact; 0..7
  const f = t - q;
  const g = q % 2 === 1 ? 1 - f : f;
  const a = g * PI_OVER_4;
  const z = a * a;
  let ps = SIN_S[8];
  for (let k = 7; k >= 0; k--) ps = SIN_S[k] + z * ps;
  let pc = COS_C[8];
  for (let k = 7; k >= 0; k--) pc = COS_C[k] + z * pc;
  const sa = a + a * z * ps; // a + ((a * z) * ps)
  const ca = 1 + z * pc;
  const swap = q === 1 || q === 2 || q === 5 || q === 6;
  let sv = swap ? ca : sa;
  let cv = swap ? sa : ca;
  if (q >= 4) sv = -sv;
  if (q >= 2 && q <= 5) cv = -cv;
  return [sv, cv];
}

// ---- random matrices ----------------------------------------------------------------

export type Dist = 'uniform' | 'gaussian' | 'rademacher';

/** The `kind` word of each distribution (= SKM_DIST_*). */
export const DIST_KIND: Record<Dist, number> = { uniform: 1, gaussian: 2, rademacher: 3 };

function checkInt(v: number, what: string, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new RangeError(`${what}: expected an integer in [0, ${max}], got ${v}`);
  }
}

/** Entries (i, 2p) and (i, 2p+1) of the matrix named by (seed, stream, dist), as f64. */
export function randomPair(dist: Dist, seed: number, stream: number, i: number, p: number): [number, number] {
  const kind = DIST_KIND[dist];
  if (kind === undefined) throw new RangeError(`dist: unknown ${String(dist)}`);
  checkInt(seed, 'seed', 2 ** 53 - 1);
  checkInt(stream, 'stream', TWO32 - 1);
  checkInt(i, 'i', TWO32 - 1);
  checkInt(p, 'p', TWO32 / 2 - 1);
  const key = [seed % TWO32, Math.floor(seed / TWO32)];
  const x = philox4x32([p, i, stream, kind], key);
  const u0 = uniform53(x[0], x[1]);
  const u1 = uniform53(x[2], x[3]);
  switch (dist) {
    case 'uniform':
      return [u0, u1];
    case 'gaussian': {
      const r = Math.sqrt(-2 * refLog(u0 + 2 ** -53));
      const [sn, cs] = refSinCos2Pi(u1);
      return [r * cs, r * sn];
    }
    case 'rademacher':
      return [x[1] >= 2 ** 31 ? -1 : 1, x[3] >= 2 ** 31 ? -1 : 1];
  }
}

/** Entry (i, j) of the random matrix named by (seed, stream, dist), as f64 (scale 1). */
export function randomEntry(dist: Dist, seed: number, stream: number, i: number, j: number): number {
  checkInt(j, 'j', TWO32 - 1);
  const [even, odd] = randomPair(dist, seed, stream, i, Math.floor(j / 2));
  return j % 2 === 0 ? even : odd;
}

/**
 * What skm_random_fill_f64 / _f32 store for entry (i, j) with `scale`:
 * f64: value * scale; f32: Math.fround(value * scale), and for uniform a result
 * equal to Math.fround(scale) (finite, nonzero) moves one float toward zero.
 */
export function randomValue(
  dist: Dist,
  seed: number,
  stream: number,
  i: number,
  j: number,
  scale = 1,
  dtype: 'float64' | 'float32' = 'float64',
): number {
  const v = randomEntry(dist, seed, stream, i, j) * scale;
  if (dtype === 'float64') return v;
  return toF32(dist, v, scale);
}

/** The f32 rounding rule applied to a scaled f64 value. */
export function toF32(dist: Dist, scaled: number, scale: number): number {
  const f = Math.fround(scaled);
  const fs = Math.fround(scale);
  if (dist === 'uniform' && f === fs && Number.isFinite(fs) && fs !== 0) {
    const b = new DataView(new ArrayBuffer(4));
    b.setFloat32(0, f);
    b.setUint32(0, b.getUint32(0) - 1); // one step toward zero, sign kept
    return b.getFloat32(0);
  }
  return f;
}
