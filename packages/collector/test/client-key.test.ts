import { describe, expect, it } from 'vitest'
import { clientKey } from '../src/client-key.js'

describe('clientKey', () => {
  it.each<[string | undefined, string | string[] | undefined, boolean, string]>([
    ['203.0.113.7', undefined, false, '203.0.113.7'],
    ['::ffff:203.0.113.7', undefined, false, '203.0.113.7'],
    ['2001:db8:aa:bb:1:2:3:4', undefined, false, '2001:db8:aa:bb::/64'],
    ['2001:db8:aa:bb::99', undefined, false, '2001:db8:aa:bb::/64'],
    ['2001:DB8::1', undefined, false, '2001:db8:0:0::/64'],
    ['::1', undefined, false, '0:0:0:0::/64'],
    // Without trust, X-Forwarded-For is just something the client wrote.
    ['10.0.0.2', '198.51.100.1', false, '10.0.0.2'],
    // Behind one proxy: the last address is the one the proxy saw; earlier ones are the client's claims.
    ['10.0.0.2', '1.2.3.4, 198.51.100.1', true, '198.51.100.1'],
    ['10.0.0.2', ['1.2.3.4', '198.51.100.1'], true, '198.51.100.1'],
    ['10.0.0.2', undefined, true, '10.0.0.2'],
    [undefined, undefined, false, 'unknown'],
  ])('counts %s (X-Forwarded-For %j, trusted: %s) as %s', (peer, xff, trust, key) => {
    expect(clientKey(peer, xff, trust)).toBe(key)
  })
})
