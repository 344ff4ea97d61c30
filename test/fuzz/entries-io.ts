/**
 * The fuzz market, continued: file formats (lib/io), parsers written in
 * TypeScript, so fast-check fuzzes them instead of libFuzzer. Valid files
 * (.npy and safetensors, built by the writer) must read back exactly; arbitrary and mutated bytes
 * must give a typed error (FormatError for a bad file) or a valid Matrix —
 * never an engine error, a hang or a huge allocation from a lying header.
 */
import fc from 'fast-check';
import { Matrix, io } from '../../lib/api';
import type { DType } from '../../lib/dtype';
import { FuzzEntry, buildMatrix, matrixSpec } from './entries';

const version = fc.constantFrom<1 | 2 | 3>(1, 2, 3);

/** A valid .npy file and the matrix it holds. */
const validNpy = fc.tuple(matrixSpec(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 })), fc.boolean(), version).map(([spec, fortranOrder, v]) => {
  const M = buildMatrix({ ...spec, specialRate: Math.min(spec.specialRate, 0.3) });
  return { M, bytes: io.encodeNpy(M, { fortranOrder, version: v }) };
});

/** Edits that keep a file almost valid: flipped, dropped, inserted bytes and truncation, most of them in the header. */
const mutation = fc.record({
  kind: fc.constantFrom('flip', 'set', 'truncate', 'insert', 'delete', 'header-text'),
  at: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
  text: fc.constantFrom("'shape': (", '(99999999999, 2)', "'<i8'", "'>f4'", 'True', '((1,),)', '[', '}', "'", '\\x00', '-1', '1e3', '(4294967296, 4294967296)'),
});

function mutate(bytes: Uint8Array, m: { kind: string; at: number; value: number; text: string }): Uint8Array {
  const b = Array.from(bytes);
  // Bias the position toward the first 128 bytes (magic, length field, header).
  const at = b.length === 0 ? 0 : m.at % Math.min(b.length, m.at % 3 === 0 ? b.length : 128);
  switch (m.kind) {
    case 'flip': b[at] ^= 1 << (m.value % 8); break;
    case 'set': b[at] = m.value; break;
    case 'truncate': b.length = at; break;
    case 'insert': b.splice(at, 0, m.value); break;
    case 'delete': b.splice(at, 1); break;
    default: b.splice(at, m.text.length, ...Array.from(m.text, (c) => c.charCodeAt(0) & 0xff));
  }
  return Uint8Array.from(b);
}

const arbitraryBytes = fc.oneof(
  fc.uint8Array({ maxLength: 200 }),
  fc.tuple(validNpy, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([v, ms]) => ms.reduce(mutate, v.bytes)),
);

/** A Matrix read from a file must be consistent with itself (the contract's "valid result"). */
function checkReadMatrix(result: unknown): void {
  if (!(result instanceof Matrix)) throw new Error('parseNpy returned something other than a Matrix');
  if (result.data.length !== result.rows * result.cols) throw new Error(`a ${result.rows}×${result.cols} result holds ${result.data.length} elements`);
}

function sameEntries(got: Matrix, want: Matrix): void {
  if (got.rows !== want.rows || got.cols !== want.cols || got.dtype !== want.dtype) {
    throw new Error(`read back ${got.rows}×${got.cols} ${got.dtype}, wrote ${want.rows}×${want.cols} ${want.dtype}`);
  }
  for (let i = 0; i < want.rows; i++) {
    for (let j = 0; j < want.cols; j++) {
      if (!Object.is(got.data[i * got.cols + j], want.data[i * want.rowStride + j])) throw new Error(`entry (${i}, ${j}) differs`);
    }
  }
}

/** A valid safetensors file of up to three tensors, and the matrices it holds. */
const validSafetensors = fc.array(fc.tuple(matrixSpec(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 })), fc.constantFrom('a', 'b.weight', 'c', 'ünï')), { maxLength: 3 })
  .map((specs) => {
    const tensors: Record<string, Matrix> = {};
    for (const [spec, name] of specs) tensors[name] = buildMatrix({ ...spec, specialRate: 0 });
    return { tensors, bytes: io.encodeSafetensors(tensors, { metadata: { k: 'v' } }) };
  });

const stMutation = fc.record({
  kind: fc.constantFrom('flip', 'set', 'truncate', 'insert', 'delete', 'header-text'),
  at: fc.nat(),
  value: fc.integer({ min: 0, max: 255 }),
  text: fc.constantFrom('"F16"', '"BF16"', '"I64"', '"BOOL"', '[0,', '99999999999', '"__metadata__"', '{', '}', '[]', '-1', '1e3', '"shape":[4294967296,4294967296]'),
});

const csvText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.tuple(
    fc.array(fc.array(fc.oneof(fc.double().map(String), fc.constantFrom('', ' 1', 'x', 'nan', '-inf', '1e400', '0x1', '.5', '"a"')), { minLength: 1, maxLength: 4 }), { maxLength: 6 }),
    fc.constantFrom('\n', '\r\n'),
  ).map(([rows, eol]) => rows.map((r) => r.join(',')).join(eol)),
);

export const IO_ENTRIES: FuzzEntry[] = [
  {
    name: 'io.parseSafetensors (files the writer made)',
    args: validSafetensors.map((v) => [v.bytes, { source: 'fuzz.safetensors' }, v.tensors]),
    options: { index: 1, keys: ['tensors', 'source'] },
    hostileArgs: [0, 1],
    call: (bytes, options) => io.parseSafetensors(bytes as Uint8Array, options as { source?: string }),
    check: (args, result) => {
      const want = args[2] as Record<string, Matrix>, got = (result as { tensors: Record<string, Matrix> }).tensors;
      if (Object.keys(got).join() !== Object.keys(want).join()) throw new Error(`tensors ${Object.keys(got)} read back, ${Object.keys(want)} written`);
      for (const name of Object.keys(want)) sameEntries(got[name], want[name]);
    },
  },
  {
    name: 'io.parseSafetensors (arbitrary and mutated bytes)',
    args: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.tuple(validSafetensors, fc.array(stMutation, { minLength: 1, maxLength: 3 })).map(([v, ms]) => ms.reduce(mutate, v.bytes)))
      .map((b) => [b]),
    mayRefuse: true,
    call: (bytes) => io.parseSafetensors(bytes as Uint8Array),
    check: (_args, result) => Object.values((result as { tensors: Record<string, Matrix> }).tensors).forEach(checkReadMatrix),
  },
  {
    name: 'io.parseNpy (files the writer made)',
    args: validNpy.map((v) => [v.bytes, { source: 'fuzz.npy' }, v.M]),
    options: { index: 1, keys: ['source'] },
    hostileArgs: [0, 1],
    call: (bytes, options) => io.parseNpy(bytes as Uint8Array, options as { source?: string }),
    check: (args, result) => sameEntries(result as Matrix, args[2] as Matrix),
  },
  {
    name: 'io.parseNpy (arbitrary and mutated bytes)',
    args: arbitraryBytes.map((b) => [b]),
    mayRefuse: true,
    call: (bytes) => io.parseNpy(bytes as Uint8Array),
    check: (_args, result) => checkReadMatrix(result),
  },
  {
    name: 'io.parseCsv (arbitrary text)',
    args: fc.tuple(csvText, fc.constantFrom<DType>('float32', 'float64')).map(([t, dtype]) => [t, { dtype }]),
    options: { index: 1, keys: ['header', 'delimiter', 'dtype', 'source'] },
    mayRefuse: true,
    call: (text, options) => io.parseCsv(text as string, options as { dtype: DType }),
    check: (_args, result) => checkReadMatrix((result as { matrix: Matrix }).matrix),
  },
];
