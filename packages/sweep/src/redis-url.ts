import type { RedisOptions } from 'ioredis';

/** A queue URL that is not `redis://[[user]:password@]host[:port][/db]` or `rediss://...` (TLS). */
export class QueueUrlError extends Error {
  override name = 'QueueUrlError';
}

/** The URL schemes a queue accepts: plain and TLS Redis. */
export const QUEUE_URL_PROTOCOLS = ['redis:', 'rediss:'] as const;

const EXPECTED = 'expected redis://[[user]:password@]host[:port][/db] or rediss://... (TLS)';

/**
 * ioredis connection settings of a Redis URL: host, port (default 6379), user and password
 * (percent-decoded), database number, and TLS (with SNI) for `rediss://`.
 * @throws QueueUrlError naming the URL (with its password hidden) and what was expected
 */
export function redisOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueUrlError(`${JSON.stringify(displayUrl(url))}: not a URL; ${EXPECTED}`);
  }
  const fail = (why: string): never => {
    throw new QueueUrlError(`${JSON.stringify(displayUrl(url))}: ${why}; ${EXPECTED}`);
  };
  if (!(QUEUE_URL_PROTOCOLS as readonly string[]).includes(u.protocol)) fail(`unsupported scheme ${u.protocol}`);
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') fail('no host');
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0 || !/^\d*$/.test(dbText)) fail(`database ${JSON.stringify(dbText)} is not a number`);
  if (u.search !== '' || u.hash !== '') fail('query strings and fragments are not supported');
  return {
    host,
    port: u.port === '' ? 6379 : Number(u.port),
    db,
    ...(u.username === '' ? {} : { username: decodeURIComponent(u.username) }),
    ...(u.password === '' ? {} : { password: decodeURIComponent(u.password) }),
    ...(u.protocol === 'rediss:' ? { tls: { servername: host } } : {}),
  };
}

/** The URL for messages and logs: the password replaced by `***`. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@');
  }
}
