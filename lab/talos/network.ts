// What Talos's network controllers make of the link documents of a machine config, for the lab:
// a LinkConfig's addresses on an existing link (lo), a DummyLinkConfig's dummy link created, up,
// with its addresses. Applied in the launcher's network namespace before the service starts, as
// Talos applies network configuration before a service's `network: addresses` is met.
import { spawnSync } from 'node:child_process';

export interface LinkDocument {
  readonly kind: 'LinkConfig' | 'DummyLinkConfig';
  readonly name: string;
  readonly up?: boolean;
  readonly addresses?: readonly { address: string }[];
}

export function isLinkDocument(document: { kind?: unknown }): document is LinkDocument {
  return document.kind === 'LinkConfig' || document.kind === 'DummyLinkConfig';
}

export function applyLinkDocument(document: LinkDocument): void {
  if (document.kind === 'DummyLinkConfig' && !linkExists(document.name)) ip(['link', 'add', document.name, 'type', 'dummy']);
  if (document.kind === 'DummyLinkConfig' || document.up) ip(['link', 'set', document.name, 'up']);
  // replace: the same address again (a restart of the service) is no change.
  for (const { address } of document.addresses ?? []) ip(['addr', 'replace', address, 'dev', document.name, ...(address.includes(':') ? ['nodad'] : [])]);
}

function linkExists(name: string): boolean {
  return spawnSync('ip', ['link', 'show', 'dev', name], { stdio: 'ignore' }).status === 0;
}

function ip(args: readonly string[]): void {
  const result = spawnSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr || result.error?.message}`);
}
