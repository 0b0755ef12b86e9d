// `npm run package`: assembles dist/extension/, exactly the tree of the extension image but for
// FRR and the Node runtime (the Dockerfile adds those): manifest.yaml, and under rootfs/ the
// service definition and the bundled supervisor with its templates. Checks every rule Talos
// applies, and fails with one line per problem.
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { imageCheckPlanFileName } from '../src/frr/check-plan-store.js';
import { addDebianRootfs } from './extension/debian-tree.js';
import { manifestProblems, serviceProblems } from './extension/service-rules.js';
import { fillTemplate, resolveVars } from './extension/template-vars.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const defaultOut = join(root, 'dist', 'extension');
/** The netlink addon's sources, for the image's build of it for musl (Dockerfile, pkg.yaml). */
export const addonSourceDir = join(root, 'dist', 'addon-source');
/** Inside the container: where the bundle goes (frr.yaml's args name it). */
export const supervisorDir = 'usr/local/lib/frr-supervisor';

/** `build: false` reuses dist/bundle (the test suite builds it once; rebuilding would pull it from under running tests). */
export function packageExtension(options: { build?: boolean; out?: string } = {}): string[] {
  const out = options.out ?? defaultOut;
  const service = parse(readFileSync(join(root, 'frr.yaml'), 'utf8')) as { name: string };
  const vars = resolveVars(parse(readFileSync(join(root, 'vars.yaml'), 'utf8')) as Record<string, string>);
  const manifestText = fillTemplate(readFileSync(join(root, 'manifest.yaml.tmpl'), 'utf8'), vars);
  const problems = [
    ...serviceProblems(service).map((p) => `frr.yaml: ${p}`),
    ...manifestProblems(parse(manifestText), service.name).map((p) => `manifest: ${p}`),
  ];
  if (problems.length > 0) throw new Error(`cannot package:\n  ${problems.join('\n  ')}`);

  if (options.build !== false) execFileSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
  rmSync(out, { recursive: true, force: true });
  const containerRoot = join(out, 'rootfs', 'usr', 'local', 'lib', 'containers', service.name);
  mkdirSync(join(out, 'rootfs', 'usr', 'local', 'etc', 'containers'), { recursive: true });
  writeFileSync(join(out, 'manifest.yaml'), manifestText);
  cpSync(join(root, 'frr.yaml'), join(out, 'rootfs', 'usr', 'local', 'etc', 'containers', `${service.name}.yaml`));
  cpSync(join(root, 'dist', 'bundle'), join(containerRoot, supervisorDir), { recursive: true });

  const layout = layoutProblems(out);
  if (layout.length > 0) throw new Error(`the extension tree breaks Talos's rules:\n  ${layout.join('\n  ')}`);
  return listFiles(out).map((file) => relative(out, file));
}

/**
 * dist/addon-source: what scripts/extension/netlink-addon.sh (copied in as build.sh) needs to
 * build the netlink addon with no network: the package's binding.gyp and C++ sources, and the two
 * packages its build and its lookup use (node-addon-api's headers, node-gyp-build), at the
 * versions package-lock.json pins.
 */
export function packageAddonSource(out = addonSourceDir): string {
  const modules = join(root, 'node_modules');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'node_modules'), { recursive: true });
  for (const name of ['binding.gyp', 'package.json', 'src']) cpSync(join(modules, 'netlink', name), join(out, name), { recursive: true });
  for (const name of ['node-addon-api', 'node-gyp-build']) cpSync(join(modules, name), join(out, 'node_modules', name), { recursive: true });
  cpSync(join(root, 'scripts', 'extension', 'netlink-addon.sh'), join(out, 'build.sh'));
  return out;
}

/** Everything `npm run package` leaves for the image's build: the extension tree and the addon's sources. */
export function packageBuildContext(options: { build?: boolean } = {}): { files: string[]; addonSource: string } {
  return { files: packageExtension(options), addonSource: packageAddonSource() };
}

/** Only manifest.yaml and rootfs/ at the top; under rootfs/, only regular files below usr/local/. */
export function layoutProblems(tree: string): string[] {
  const problems: string[] = [];
  const top = readdirSync(tree).sort();
  if (top.join(',') !== 'manifest.yaml,rootfs') problems.push(`top level holds ${top.join(', ')}: only manifest.yaml and rootfs/ are allowed`);
  for (const file of listFiles(join(tree, 'rootfs'))) {
    const path = relative(join(tree, 'rootfs'), file);
    if (!path.startsWith('usr/local/')) problems.push(`/${path} is outside /usr/local`);
    if (!lstatSync(file).isFile()) problems.push(`/${path} is not a regular file`);
  }
  return problems;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/** The whole extension tree with the Debian root `suite` as its container rootfs: dist/extension-SUITE. */
export function packageDebianTree(suite: string, options: { build?: boolean } = {}): string {
  const tree = join(root, 'dist', `extension-${suite}`);
  packageExtension({ ...options, out: tree });
  probeFrrOfTree(addDebianRootfs(tree, suite));
  return tree;
}

/**
 * What the image's build does once FRR and the bundle are in place (Dockerfile, pkg.yaml): the
 * bundle, inside the container rootfs, asks its FRR how it can check a config and leaves the
 * answer beside itself (src/frr/check-plan-store.ts), so that a node's first start need not ask.
 */
function probeFrrOfTree(containerRoot: string): void {
  const out = `/${supervisorDir}/${imageCheckPlanFileName}`;
  execFileSync('chroot', [containerRoot, 'node', `/${supervisorDir}/frr-supervisor.cjs`, 'probe', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `npm run package -- --rootfs trixie`: the whole extension tree, with a Debian root as the
  // container rootfs (scripts/extension/debian-tree.ts).
  const { values } = parseArgs({ options: { rootfs: { type: 'string' } } });
  if (values.rootfs) {
    const tree = packageDebianTree(values.rootfs);
    console.log(`${relative(root, tree)}: the extension tree with the Debian ${values.rootfs} root as its container rootfs`);
  } else {
    const { files, addonSource } = packageBuildContext();
    console.log(`dist/extension: ${files.length} files`);
    for (const file of files) console.log(`  ${file}`);
    console.log(`${relative(root, addonSource)}: the netlink addon's sources and build.sh, for the image's build of it`);
  }
}
