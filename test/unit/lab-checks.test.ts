import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNames, checkOrder } from '../../lab/run-lab.js';
import { repoRoot } from '../helpers/bundle.js';

describe("the lab's checks", () => {
  const rack = readFileSync(join(repoRoot, 'lab', 'rack.sh'), 'utf8');
  it('run each named check once', () => {
    expect([...checkOrder].sort((a, b) => a - b)).toEqual(Object.keys(checkNames).map(Number));
  });
  it.each(checkOrder.map((n) => [n]))('check %i has its one function in rack.sh', (n) => {
    expect(rack.match(new RegExp(`^check_${n}_\\w+\\(\\) \\{`, 'gm'))).toHaveLength(1);
  });
});
