/** Fetching a .wasm file in a browser, with errors that name the URL that was tried. */

/** A wasmUrl as given (relative ones resolve against the page, as links do). */
export function resolveUrl(url: string | URL): URL {
  if (url instanceof URL) return url;
  const base = typeof document !== 'undefined' && document.baseURI ? document.baseURI : globalThis.location?.href;
  try {
    return base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    throw new Error(`wasmUrl ${JSON.stringify(url)} is not a URL${base === undefined ? ' (and there is no page to resolve it against)' : ` relative to ${base}`}`);
  }
}

export async function fetchWasm(where: URL): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(where);
  } catch (e) {
    throw new Error(`fetching ${where.href} failed: ${(e as Error).message}`);
  }
  if (!response.ok) throw new Error(`fetching ${where.href} gave HTTP ${response.status}`);
  return response.arrayBuffer();
}
