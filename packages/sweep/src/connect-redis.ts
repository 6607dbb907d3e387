import { Redis, type RedisOptions } from 'ioredis';
import { displayUrl, redisOptions } from './redis-url';

/** Redis could not be reached (refused, timed out, wrong password, not Redis) within the bounded check. */
export class QueueUnreachableError extends Error {
  override name = 'QueueUnreachableError';
}

/** How long the first connection (and its PING) may take before the queue is reported unreachable. */
export const CONNECT_TIMEOUT_MS = 5000;

/**
 * Connects to the Redis of `url` and checks it answers PING, all within `timeoutMs`, failing instead of
 * retrying: a queue that is down is one error, not a hang. The client returned keeps ioredis's
 * reconnecting behaviour for later outages.
 * @throws QueueUrlError for a malformed URL, QueueUnreachableError when Redis does not answer in time
 */
export async function connectRedis(url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<Redis> {
  const options: RedisOptions = { ...redisOptions(url), connectTimeout: timeoutMs, lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false };
  // The check itself never reconnects; the client it hands back does (retryStrategy reset below).
  let checking = true;
  const client = new Redis({ ...options, retryStrategy: (times) => (checking ? null : Math.min(times * 200, 2000)) });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    const reason = (lastError ?? (error as Error)).message.split('\n')[0];
    throw new QueueUnreachableError(`cannot reach Redis at ${displayUrl(url)}: ${reason}`);
  } finally {
    clearTimeout(timer);
  }
  checking = false;
  client.options.enableOfflineQueue = true;
  return client;
}

/** BullMQ connection settings of `url`: as checked by {@link connectRedis}, retrying forever once up (BullMQ's requirement for workers). */
export function bullConnection(url: string): RedisOptions {
  return { ...redisOptions(url), connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: null };
}
