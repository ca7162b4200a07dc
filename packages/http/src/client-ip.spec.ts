import type { IncomingMessage } from 'node:http';
import { parseTrustedProxies, resolveClientIp } from './client-ip.js';

function request(peer: string | undefined, headers: Record<string, string | string[]> = {}): IncomingMessage {
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

const loopback = parseTrustedProxies();

describe('resolveClientIp', () => {
  it('returns the peer and ignores proxy headers when the peer is not trusted', () => {
    const req = request('203.0.113.9', { 'x-forwarded-for': '198.51.100.1', 'x-real-ip': '198.51.100.2' });
    expect(resolveClientIp(req, loopback)).toBe('203.0.113.9');
  });

  it('takes the right-most untrusted X-Forwarded-For hop from a trusted peer', () => {
    const trusted = parseTrustedProxies('127.0.0.0/8,10.0.0.0/8');
    const req = request('127.0.0.1', { 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.1.2.3' });
    expect(resolveClientIp(req, trusted)).toBe('198.51.100.7');
  });

  it('reads every X-Forwarded-For header line in order', () => {
    const req = request('127.0.0.1', { 'x-forwarded-for': ['198.51.100.1', '198.51.100.2, 127.0.0.5'] });
    expect(resolveClientIp(req, loopback)).toBe('198.51.100.2');
  });

  it('returns the left-most hop when every X-Forwarded-For hop is trusted', () => {
    const req = request('127.0.0.1', { 'x-forwarded-for': '127.0.0.2, 127.0.0.3' });
    expect(resolveClientIp(req, loopback)).toBe('127.0.0.2');
  });

  it('falls back to X-Real-IP when there is no X-Forwarded-For', () => {
    const req = request('127.0.0.1', { 'x-real-ip': '198.51.100.4' });
    expect(resolveClientIp(req, loopback)).toBe('198.51.100.4');
  });

  it('falls back to the peer when a trusted proxy sends no usable header', () => {
    expect(resolveClientIp(request('127.0.0.1'), loopback)).toBe('127.0.0.1');
    expect(resolveClientIp(request('127.0.0.1', { 'x-real-ip': 'not-an-ip' }), loopback)).toBe('127.0.0.1');
  });

  it('does not walk past an unreadable hop, falling back to X-Real-IP', () => {
    const req = request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1, garbage', 'x-real-ip': '198.51.100.9' });
    expect(resolveClientIp(req, loopback)).toBe('198.51.100.9');
  });

  it('treats an IPv4-mapped IPv6 peer as its IPv4 address, for trust and for the answer', () => {
    expect(resolveClientIp(request('::ffff:127.0.0.1', { 'x-forwarded-for': '198.51.100.3' }), loopback)).toBe(
      '198.51.100.3',
    );
    expect(resolveClientIp(request('::ffff:203.0.113.5'), loopback)).toBe('203.0.113.5');
  });

  it('trusts the IPv6 loopback by default', () => {
    expect(resolveClientIp(request('::1', { 'x-forwarded-for': '2001:db8::7' }), loopback)).toBe('2001:db8::7');
  });

  it('strips ports that proxies append to hops', () => {
    expect(resolveClientIp(request('127.0.0.1', { 'x-forwarded-for': '198.51.100.8:4711' }), loopback)).toBe(
      '198.51.100.8',
    );
    expect(resolveClientIp(request('127.0.0.1', { 'x-forwarded-for': '[2001:db8::9]:443' }), loopback)).toBe('2001:db8::9');
  });

  it('refuses legacy IPv4 spellings as hops', () => {
    const req = request('127.0.0.1', { 'x-forwarded-for': '0x7f.1' });
    expect(resolveClientIp(req, loopback)).toBe('127.0.0.1');
  });

  it('returns null when the peer address is unknown (a closed socket)', () => {
    expect(resolveClientIp(request(undefined), loopback)).toBeNull();
  });

  it('trusts nobody when TRUSTED_PROXIES is empty', () => {
    const req = request('127.0.0.1', { 'x-forwarded-for': '198.51.100.1' });
    expect(resolveClientIp(req, parseTrustedProxies(''))).toBe('127.0.0.1');
  });
});

describe('parseTrustedProxies', () => {
  it('matches addresses inside the listed ranges only', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, 192.168.1.7, fd00::/8');
    expect(trusted.contains('10.200.3.4')).toBe(true);
    expect(trusted.contains('11.0.0.1')).toBe(false);
    expect(trusted.contains('192.168.1.7')).toBe(true);
    expect(trusted.contains('192.168.1.8')).toBe(false);
    expect(trusted.contains('fd12::1')).toBe(true);
    expect(trusted.contains('fe80::1')).toBe(false);
  });

  it('accepts ranges written as IPv4-mapped IPv6', () => {
    const trusted = parseTrustedProxies('::ffff:10.0.0.0/104');
    expect(trusted.contains('10.9.9.9')).toBe(true);
    expect(trusted.contains('::ffff:10.9.9.9')).toBe(true);
    expect(trusted.contains('11.0.0.1')).toBe(false);
  });

  it('names the bad entry when a range cannot be parsed', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8,10.0.0.0/99')).toThrow(/TRUSTED_PROXIES: "10.0.0.0\/99"/);
  });
});
