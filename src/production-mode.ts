/**
 * Imported first by the server's entry points (src/main.ts, the benchmark's server): unless told
 * otherwise, a server process runs in production mode. graphql-js reads NODE_ENV once, when it is
 * loaded, and outside production it checks every `instanceof` of its types for duplicate copies of
 * the library, a development aid that costs a few percent of every request. Tests keep jest's `test`.
 */
process.env.NODE_ENV ??= 'production';
