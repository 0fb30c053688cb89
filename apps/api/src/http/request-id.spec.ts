import type { IncomingMessage } from 'node:http';
import { requestIdFor } from './request-id';

const req = (value?: string) =>
  ({ headers: value === undefined ? {} : { 'x-request-id': value } }) as IncomingMessage;

describe('requestIdFor', () => {
  it('keeps a well-formed client id', () => {
    expect(requestIdFor(req('abc.DEF_123-x'))).toBe('abc.DEF_123-x');
  });

  it.each(['', 'has space', 'a'.repeat(129), 'semi;colon', '<script>'])(
    'replaces the malformed id %p with a UUID',
    (value) => {
      expect(requestIdFor(req(value))).toMatch(/^[0-9a-f-]{36}$/);
    },
  );

  it('generates one when the header is absent', () => {
    expect(requestIdFor(req())).toMatch(/^[0-9a-f-]{36}$/);
  });
});
