import { describe, expect, it } from 'vitest';
import { parseJsonDocuments } from '../../src/supervise/json-documents.js';

describe('parseJsonDocuments: several vtysh JSON outputs in one text', () => {
  it('splits objects and arrays printed one after the other', () => {
    const text = '{\n  "default":{"ipv4Unicast":{"peers":{}}}\n}\n[\n  {"peer":"fe80::1","status":"up"}\n]\n';
    expect(parseJsonDocuments(text)).toEqual([{ default: { ipv4Unicast: { peers: {} } } }, [{ peer: 'fe80::1', status: 'up' }]]);
  });

  it('is not fooled by brackets and escaped quotes inside strings', () => {
    expect(parseJsonDocuments('{"a":"}{ \\" ]"}{"b":[1,{"c":"["}]}')).toEqual([{ a: '}{ " ]' }, { b: [1, { c: '[' }] }]);
  });

  it('names what is not JSON, such as a daemon that is not running', () => {
    expect(() => parseJsonDocuments('{}\n% bfdd is not running\n')).toThrow('not JSON: % bfdd is not running');
  });

  it('refuses a document cut short or unbalanced', () => {
    expect(() => parseJsonDocuments('{"a":[1,2')).toThrow('cut short');
    expect(() => parseJsonDocuments('{}]')).toThrow('unbalanced');
  });

  it('returns nothing for empty output', () => {
    expect(parseJsonDocuments('\n')).toEqual([]);
  });
});
