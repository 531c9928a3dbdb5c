import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, targetRefusal } from '../../../../../src/main/engine/cli/loopback-target';

describe('isLoopbackUrl', () => {
  it.each(['http://127.0.0.1:8080', 'http://127.8.9.10/', 'https://localhost:1', 'http://LOCALHOST', 'http://[::1]:8080', 'http://[::ffff:127.0.0.1]:80'])('takes %s as loopback', (url) => {
    expect(isLoopbackUrl(url)).toBe(true);
  });

  it.each([
    'http://127.0.0.1.evil.com',
    'http://localhost.evil.com',
    'http://127.0.0.1@evil.com',
    'http://evil.com#@127.0.0.1',
    'http://128.0.0.1',
    'http://10.0.0.1',
    'http://0.0.0.0',
    'http://[::]',
    'http://[::ffff:10.0.0.1]',
    'http://localtest.me', // resolves to 127.0.0.1, but names are never resolved: they can change before the requests go out
    'ftp://127.0.0.1',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isLoopbackUrl(url)).toBe(false);
  });
});

describe('targetRefusal', () => {
  it('lets a loopback target through, and any http target with --i-own-this-engine', () => {
    expect(targetRefusal('http://127.0.0.1:1', false)).toBeNull();
    expect(targetRefusal('https://engine.example.com', true)).toBeNull();
  });

  it('says why a remote target is refused and how to allow it', () => {
    expect(targetRefusal('http://127.0.0.1.evil.com', false)).toMatch(/not a loopback address.*--i-own-this-engine/);
  });

  it('refuses a non-http URL even with --i-own-this-engine', () => {
    expect(targetRefusal('file:///etc/passwd', true)).toMatch(/http or https/);
    expect(targetRefusal('::nonsense', true)).toMatch(/not a URL/);
  });
});
