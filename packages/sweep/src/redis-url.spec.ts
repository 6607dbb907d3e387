import { QueueUrlError, displayUrl, redisOptions } from './redis-url';

describe('redisOptions', () => {
  it('reads host, port, database, user and password (percent-decoded), and TLS for rediss://', () => {
    expect(redisOptions('redis://127.0.0.1:6380')).toEqual({ host: '127.0.0.1', port: 6380, db: 0 });
    expect(redisOptions('redis://:p%40ss@queue.lab/2')).toEqual({ host: 'queue.lab', port: 6379, db: 2, password: 'p@ss' });
    expect(redisOptions('rediss://alice:pw@queue.lab:6390')).toEqual({
      host: 'queue.lab',
      port: 6390,
      db: 0,
      username: 'alice',
      password: 'pw',
      tls: { servername: 'queue.lab' },
    });
    expect(redisOptions('redis://[::1]:7000')).toMatchObject({ host: '::1', port: 7000 });
  });

  it('refuses what is not a Redis URL, naming it without its password', () => {
    for (const [url, why] of [
      ['localhost:6379', 'unsupported scheme localhost:'],
      ['http://host', 'unsupported scheme http:'],
      ['queue', 'not a URL'],
      ['redis://host/x', 'database "x" is not a number'],
      ['redis://:secret@host/1?db=2', 'query strings'],
    ] as const) {
      expect(() => redisOptions(url)).toThrow(QueueUrlError);
      expect(() => redisOptions(url)).toThrow(why);
    }
    expect(() => redisOptions('redis://:secret@host/x')).toThrow('"redis://:***@host/x"');
  });

  it('hides the password in messages', () => {
    expect(displayUrl('redis://:secret@host:1')).toBe('redis://:***@host:1');
    expect(displayUrl('rediss://u:secret@host')).toBe('rediss://u:***@host');
    expect(displayUrl('redis://host:1')).toBe('redis://host:1');
  });
});
