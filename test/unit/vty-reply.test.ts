import { describe, expect, it } from 'vitest';
import { parseVtyReply } from '../../src/supervise/vty-client.js';

describe("parseVtyReply: a daemon's answer on its vty socket", () => {
  it('is complete at three NULs and the status byte', () => {
    expect(parseVtyReply(Buffer.from('{"peers":{}}\n\0\0\0\0'))).toEqual({ text: '{"peers":{}}\n', status: 0 });
  });

  it('carries a failed command status and its message', () => {
    expect(parseVtyReply(Buffer.from('% Unknown command: show bfd\n\0\0\0\x02'))).toEqual({ text: '% Unknown command: show bfd\n', status: 2 });
  });

  it('is incomplete until the marker has arrived whole', () => {
    expect(parseVtyReply(Buffer.from('{"peers":'))).toBeUndefined();
    expect(parseVtyReply(Buffer.from('{}\0\0'))).toBeUndefined();
    expect(parseVtyReply(Buffer.from('\0\0'))).toBeUndefined();
  });

  it('takes an empty output', () => {
    expect(parseVtyReply(Buffer.from('\0\0\0\0'))).toEqual({ text: '', status: 0 });
  });
});
