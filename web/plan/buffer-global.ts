// The worker's first import: server/lib/csv.ts (the LA files' parser, shared with the server) reads bytes through
// Node's Buffer, which a browser lacks; the `buffer` package is the same API in plain JavaScript.
import { Buffer } from 'buffer'

const g = globalThis as unknown as { Buffer?: typeof Buffer }
g.Buffer ??= Buffer
