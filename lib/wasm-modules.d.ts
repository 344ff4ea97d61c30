/** The embedded entry imports the .wasm files as bytes (esbuild's binary loader, tsup.embedded.config.ts). */
declare module '*.wasm' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
