/** File formats in Node: everything of lib/io/index.ts, plus files on disk. */
export * from './index';
export { openNpy, readNpy, writeNpy, NpyFile, NpyWriter, readCsv, writeCsv, readCsvBlocks, CsvWriter, readSafetensors, readSafetensorsHeader, writeSafetensors, openSafetensors, SafetensorsFile } from './files';
export type { NpyWriterOptions, CsvBlockOptions } from './files';
