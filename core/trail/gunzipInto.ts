// Gunzips a whole file's bytes straight into memory the caller gives (the scanner's, trailScan.ts), synchronously
// and with Node's own zlib: the import's trail files are read this way, with no output buffer per chunk, no stream
// machinery and no waiting on the thread pool (BENCHMARKS.md: of each import thread's ~4 s, those took ~0.8 s of
// waiting for 64 KB chunks and ~0.25 s of stream code).
//
// Node has no public API that inflates into a given buffer. Its zlib streams do it underneath: a stream's native
// handle has a synchronous `writeSync(flush, in, inOff, inLen, out, outOff, outLen)` that leaves the space and
// input left in the stream's `_writeState` (lib/zlib.js, `processChunkSync`, which `zlib.gunzipSync` runs; minizlib,
// npm's own zlib wrapper, relies on the same internals). Those are not a public contract, so the handle is checked
// when first used, by gunzipping a known text: on any Node where that does not give the text back exactly, or the
// handle is missing, `gunzipInto` answers undefined and the caller streams through the public API.
import { Gunzip, constants, gzipSync } from 'node:zlib';

/** The part of a zlib stream's native handle used here (Node's src/node_zlib.cc). */
interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOffset: number, inLength: number, out: Uint8Array, outOffset: number, outLength: number): void;
  /** Called by the handle, during `writeSync`, with zlib's message when the data is bad. */
  onerror: (message: string) => void;
  reset(): void;
}

/** A zlib stream's private fields, as lib/zlib.js names them. */
interface ZlibInternals {
  readonly _handle?: unknown;
  readonly _writeState?: unknown;
}

/** One gunzip handle, reused from file to file (reset before each), dropped after an error. */
class DirectGunzip {
  private failure: string | undefined;

  private constructor(
    private readonly stream: Gunzip,
    private readonly handle: ZlibHandle,
    /** [space left in the output, input left] after each write. */
    private readonly state: Uint32Array,
  ) {
    handle.onerror = (message) => {
      this.failure = message;
    };
  }

  /** A handle of this Node's zlib used directly, or undefined when its internals are not the expected ones. */
  static open(): DirectGunzip | undefined {
    const stream = new Gunzip();
    const { _handle: handle, _writeState: state } = stream as unknown as ZlibInternals;
    const usable =
      typeof handle === 'object' && handle !== null && typeof (handle as ZlibHandle).writeSync === 'function' && typeof (handle as ZlibHandle).reset === 'function' && state instanceof Uint32Array && state.length === 2;
    if (!usable) {
      stream.close();
      return undefined;
    }
    return new DirectGunzip(stream, handle as ZlibHandle, state);
  }

  /**
   * Gunzips all of `input` into `out`: the length of the text, `out.length` when it did not fit, or the zlib error.
   * Every gzip member is read, as Node's gunzip does.
   */
  inflate(input: Uint8Array, out: Uint8Array): number | { error: string } {
    this.failure = undefined;
    this.handle.reset();
    try {
      this.handle.writeSync(constants.Z_FINISH, input, 0, input.length, out, 0, out.length);
    } catch (error) {
      return { error: (error as Error).message };
    }
    if (this.failure !== undefined) return { error: this.failure };
    return out.length - (this.state[0] ?? out.length);
  }

  close(): void {
    this.stream.close();
  }
}

/** The text the handle is checked with (gzipped when first checked, not when this module loads). */
const PROBE_TEXT = Buffer.from('{"Records":[{"eventVersion":"1.08"}]}');

let direct: DirectGunzip | null | undefined;
let enabled = true;

/** Turns the direct way off (to test what callers do without it) or back on. */
export function useGunzipInto(on: boolean): void {
  enabled = on;
}

/** The handle of this thread; null once it is known Node's internals cannot be used. */
function gunzipper(): DirectGunzip | undefined {
  if (direct !== undefined) return direct ?? undefined;
  direct = DirectGunzip.open() ?? null;
  if (direct) {
    const out = new Uint8Array(PROBE_TEXT.length + 1);
    const n = direct.inflate(gzipSync(PROBE_TEXT), out);
    if (n !== PROBE_TEXT.length || !PROBE_TEXT.equals(out.subarray(0, n))) {
      direct.close();
      direct = null;
    }
  }
  return direct ?? undefined;
}

/** What {@link gunzipInto} found. */
export type GunzipResult = { readonly length: number } | { readonly tooLong: true } | { readonly error: string };

/**
 * Gunzips the gzip file `input` into `out`, synchronously: the text's length, `tooLong` when the text needs more
 * than `out.length - 1` bytes (the last byte of `out` only tells a text that fits exactly from one that does not),
 * or zlib's error (a corrupt or truncated file). Undefined when this Node's zlib cannot be used directly: the
 * caller then streams the file through `createGunzip`.
 */
export function gunzipInto(input: Uint8Array, out: Uint8Array): GunzipResult | undefined {
  const gunzip = enabled ? gunzipper() : undefined;
  if (!gunzip) return undefined;
  const result = gunzip.inflate(input, out);
  if (typeof result === 'number') return result < out.length ? { length: result } : { tooLong: true };
  // zlib cannot carry on after an error: the next file gets a new handle.
  gunzip.close();
  direct = undefined;
  return result;
}

/** True when this thread gunzips with Node's zlib directly (tests check the fast way is the one taken). */
export function gunzipIntoAvailable(): boolean {
  return gunzipper() !== undefined;
}
