// The configuration read from the environment: TRUST_PROXY's accepted forms and its refusals.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../cms-server/src/config.ts';

const trustProxy = (value: string | undefined) => loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy;

describe('TRUST_PROXY', () => {
  it('when unset, empty or off, then no proxy is trusted', () => {
    for (const v of [undefined, '', 'false', '0', 'off', 'none']) expect(trustProxy(v), String(v)).toBe(false);
  });

  it('when a hop count, then that number', () => {
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy('2')).toBe(2);
  });

  it("when Express's names, addresses or CIDR ranges, then that list", () => {
    expect(trustProxy('loopback')).toEqual(['loopback']);
    expect(trustProxy('loopback, 10.0.0.0/8 ,fd00::/8')).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
    expect(trustProxy('192.168.1.10,linklocal,uniquelocal,::1')).toEqual(['192.168.1.10', 'linklocal', 'uniquelocal', '::1']);
  });

  it('when "true" (every sender trusted, so anyone picks their own address) or malformed, then the start fails naming the variable', () => {
    for (const v of ['true', 'yes', '-1', '1.5', '10.0.0.0/33', '::1/129', '300.1.1.1', 'example.com', 'loopback,,', '10.0.0.1/']) {
      expect(() => trustProxy(v), v).toThrow(/TRUST_PROXY/);
    }
  });
});
