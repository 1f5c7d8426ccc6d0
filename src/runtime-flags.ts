/**
 * V8 flags a server process starts with (`npm start`; the benchmark's server; a test keeps
 * package.json in step). They cannot be set once the process runs, so they are on its command line.
 *
 * `--heap-growing-percent=50`: after each full collection V8 lets the heap grow to 1.5× what is live,
 * instead of up to 4× by default. A server's live data is small (reference data, compiled operations:
 * about 30 MB), while a wide request (a province's matrix over eleven years) makes megabytes of
 * short-lived objects; on PostgreSQL these outlive a few awaits, get promoted, and by default let the
 * heap swell to ~170 MB before it is collected (peak RSS ~270 MB under 8 concurrent matrix requests,
 * ~165 MB with this flag, at the cost of more frequent, smaller collections).
 */
export const SERVER_NODE_FLAGS = ['--heap-growing-percent=50'];
