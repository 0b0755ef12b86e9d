import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/load-settings.js';
import { bgpdStart, speakerEndOfRibWaitSeconds } from '../../src/frr/graceful-restart.js';
import { parseFrrVersion, type FrrVersion } from '../../src/frr/version.js';
import { buildView } from '../../src/render/view.js';
import { createRenderer } from '../../src/render/render.js';
import { findTemplateDir } from '../../src/render/template-dir.js';

const version = (text: string): FrrVersion => parseFrrVersion(`zebra version ${text}`) ?? { major: 0, minor: 0, text };

describe('how bgpd starts (pure)', () => {
  it("afresh when the kernel holds none of the speaker's routes: nothing for the leaves to keep", () => {
    expect(bgpdStart(version('10.7.1'), 0)).toEqual({
      gracefully: false,
      warn: false,
      why: expect.stringContaining('a first start since boot, or no LoadBalancer IP announced'),
    });
  });
  it.each(['10.4.0', '10.5.1', '10.7.1', '11.0'])('FRR %s with routes kept: a graceful restart, whose End-of-RIB waits for the speaker', (text) => {
    const start = bgpdStart(version(text), 12);
    expect(start).toMatchObject({ gracefully: true, warn: false });
    expect(start.why).toBe(
      `the kernel holds 12 of the speaker's routes from before this start: bgpd restarts gracefully (-K), and tells the fabric nothing until the speaker's routes are back (at most ${speakerEndOfRibWaitSeconds} s)`,
    );
  });
  it.each(['8.4.4', '10.3', '10.3.1'])('FRR %s with routes kept: no -K (its bgpd has no such restart), said as a warning', (text) => {
    const start = bgpdStart(version(text), 1);
    expect(start).toMatchObject({ gracefully: false, warn: true });
    expect(start.why).toContain(`the kernel holds 1 of the speaker's routes from before this start, but FRR ${text} cannot hold its End-of-RIB`);
  });
});

describe('the daemons file', () => {
  const { settings } = loadSettings({ NODE_IP: '10.0.0.1', ASN_LOCAL: '65001', FE_PORT_NAMES: 'fab0' });
  const fabric = [{ name: 'fab0', mac: '02:00:00:00:00:01', mtu: 9000 }];
  const bgpdOptions = (daemons: string) => /^bgpd_options="(.*)"$/m.exec(daemons)?.[1];
  it('starts bgpd with -K on a graceful restart, and without it otherwise', async () => {
    const render = await createRenderer(findTemplateDir());
    expect(bgpdOptions(render(buildView(settings, fabric, { bgpdRestartsGracefully: true })).daemons)).toMatch(/ -K$/);
    expect(bgpdOptions(render(buildView(settings, fabric)).daemons)).not.toContain('-K');
  });
  it("bounds the wait for the speaker's End-of-RIB in its VRF instance", async () => {
    const frrConf = (await createRenderer(findTemplateDir()))(buildView(settings, fabric))['frr.conf'];
    const vrfInstance = frrConf.slice(frrConf.indexOf(`router bgp 65001 vrf ${settings.vrfName}`));
    expect(vrfInstance).toContain(`\n bgp graceful-restart\n bgp graceful-restart select-defer-time ${speakerEndOfRibWaitSeconds}\n`);
  });
});
