import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import { createTestApi, type TestApi } from './api';

export interface HttpTestServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  api: TestApi;
  close(): Promise<void>;
}

/**
 * The app from createTestApi, listening on a free loopback port. Apollo's drain plugin waits for
 * open connections when stopping, so callers must consume every response body (`await res.text()`)
 * or `close()` hangs until the keep-alive connections time out.
 */
export async function startHttpServer(
  kind: 'sqlite' | 'postgres' = 'sqlite',
  seed?: (dataSource: DataSource) => Promise<void>,
): Promise<HttpTestServer> {
  const api = await createTestApi(kind, seed);
  const { httpServer } = api.app;
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(0, '127.0.0.1', () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await api.close();
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    api,
    close() {
      closed ??= api.close();
      return closed;
    },
  };
}
