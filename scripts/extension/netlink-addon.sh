#!/bin/sh
# Builds the netlink addon from source with this machine's Node, offline, puts it where the bundle
# loads it, and proves that bundle talks rtnetlink with it: a wrong or unloadable addon fails the
# build here, not a node at its first boot.
#   netlink-addon.sh SOURCE SUPERVISOR_DIR
# SOURCE: the addon's sources as `npm run package` lays them out (dist/addon-source: netlink's
# binding.gyp and src/, with node-addon-api and node-gyp-build beside them). SUPERVISOR_DIR: the
# bundle (dist/bundle, or /usr/local/lib/frr-supervisor in the image), whose netlink.node it
# replaces. Used by the Dockerfile and pkg.yaml (musl, the FRR image's Node) and by the tests
# (glibc, Debian's). Needs node, npm's node-gyp, python3, make, a C++ compiler and Node's headers
# (npm_config_nodedir, default: the prefix of the running node, as Debian's and Alpine's nodejs
# packages and their -dev packages install them); it fetches nothing.
set -eu
source_dir=$1
supervisor_dir=$2

node_bin=$(command -v node)
nodedir=${npm_config_nodedir:-$(dirname "$(dirname "$(readlink -f "$node_bin")")")}
if [ ! -f "$nodedir/include/node/node_api.h" ]; then
  echo "netlink-addon: Node's headers are not in $nodedir/include/node: install them (Alpine: nodejs-dev) or set npm_config_nodedir" >&2
  exit 1
fi
node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
cd "$source_dir"
node "$node_gyp" rebuild --nodedir="$nodedir" --loglevel=warn
# The file node-gyp-build finds in the package, as scripts/bundle.mjs asks it: not a name guessed
# here (node-gyp names it after binding.gyp's target).
addon=$(node -p "require('./node_modules/node-gyp-build').path('.')")
case "$addon" in
  */build/Release/*) ;;
  *) echo "netlink-addon: node-gyp-build chose $addon, not the build from source" >&2; exit 1 ;;
esac
cp "$addon" "$supervisor_dir/netlink.node"

# The bundle lists the links over rtnetlink to look for a fabric port that is not there: it
# fails naming the links it read (exit 69), which it can only do with a working addon.
check_env=$(mktemp)
printf 'NODE_IP=192.0.2.1\nASN_LOCAL=65001\nFE_PORT_NAMES=addoncheck0\n' > "$check_env"
set +e
output=$(node -- "$supervisor_dir/frr-supervisor.cjs" render --env-file "$check_env" 2>&1)
code=$?
set -e
rm -f "$check_env"
if [ "$code" -ne 69 ] || ! printf '%s\n' "$output" | grep -q '^  link "lo"'; then
  echo "netlink-addon: the bundle with $addon did not list the links over rtnetlink (exit $code):" >&2
  printf '%s\n' "$output" | tail -n 5 | cut -c 1-300 >&2
  exit 1
fi
echo "netlink-addon: $addon built with $(node --version) and $nodedir/include/node, in $supervisor_dir/netlink.node; the bundle read the links with it"
