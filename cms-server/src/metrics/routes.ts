// GET /metrics: the server's metrics (server-metrics.ts) for whoever watches it, from the addresses METRICS_ALLOW
// lists only. Anyone else gets the answer an unknown route gets (404 route_not_found), so the page is not advertised.
//
// Which address is checked: Express's req.ip, i.e. the client address after TRUST_PROXY. Without TRUST_PROXY that
// is the socket's peer. With it, a request relayed by a trusted proxy counts as coming from the client the proxy
// names: behind nginx on the same machine (TRUST_PROXY=loopback), a public client's scrape arrives from 127.0.0.1
// but is judged by its own address, so loopback does not let it in. The socket address would let in everything
// nginx forwards. X-Forwarded-For from a hop that is not trusted is never read, so it cannot be spoofed in.
import { Router } from 'express';
import proxyaddr from 'proxy-addr';
import { routeNotFound } from '../http/errors.ts';
import type { ServerMetrics } from './server-metrics.ts';

/** The test of METRICS_ALLOW's list (names loopback/linklocal/uniquelocal, addresses, CIDR); [] lets nobody in. */
export function metricsAllowed(allow: string[]): (address: string | undefined) => boolean {
  if (allow.length === 0) return () => false;
  let test: (address: string, hop: number) => boolean;
  try {
    test = proxyaddr.compile(allow);
  } catch (e) {
    throw new Error(`METRICS_ALLOW: ${(e as Error).message} (names loopback/linklocal/uniquelocal, addresses, CIDR, or "off")`);
  }
  return (address) => address !== undefined && address !== '' && test(address, 0);
}

export function metricsRouter(metrics: ServerMetrics, allow: string[]): Router {
  const allowed = metricsAllowed(allow);
  const r = Router();
  r.get('/metrics', async (req, res, next) => {
    if (!allowed(req.ip)) return routeNotFound(req, res, next);
    const { text, contentType } = await metrics.scrape();
    res.set('Cache-Control', 'no-store').type(contentType).send(text);
  });
  return r;
}
