/**
 * File formats, the part that works everywhere (browsers too): .npy bytes
 * and CSV text to and from a Matrix. The Node entry adds files on disk
 * (lib/io/node.ts): whole, in row blocks, and written atomically.
 */
export { parseNpy, encodeNpy } from './npy';
export type { ParseNpyOptions, EncodeNpyOptions, NpyHeader, NpyElement } from './npy';
export { parseCsv, formatCsv, CsvRowParser } from './csv';
export type { CsvReadOptions, CsvWriteOptions, CsvTable } from './csv';
export { parseSafetensors, encodeSafetensors } from './safetensors';
export type { ParseSafetensorsOptions, EncodeSafetensorsOptions, SafetensorsContents, SafetensorsHeader, SafetensorsEntry } from './safetensors';
export type { BytesLike } from './bytes';
