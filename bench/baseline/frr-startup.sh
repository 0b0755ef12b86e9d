#!/bin/bash
# The yardstick: the bash + jinja2 entrypoint frr-supervisor replaces, re-implemented step for step
# from the upstream pull request (siderolabs/extensions#994, network/frr/files/frr-startup.sh): the
# same `ip` commands in the same order, the same JSON variables file, rendering with jinja2 (Debian's
# j2cli: `j2`), the same run-directory chores, then exec of the FRR start command. Its faults are
# kept on purpose (regex MAC lookup, errors hidden by `|| log`, no FRR check): it is measured, not
# used. Only the paths are parameters, so the benchmark can run it away from /etc/frr:
#   FRR_CONFIG_DIR (/etc/frr), FRR_RUN_DIR (/var/run/frr), FRR_VARS_FILE (/frr-vars.json),
#   FRR_START_COMMAND (/usr/lib/frr/docker-start).
set -e

CONFIG_DIR="${FRR_CONFIG_DIR:-/etc/frr}"
RUN_DIR="${FRR_RUN_DIR:-/var/run/frr}"
VARS_FILE="${FRR_VARS_FILE:-/frr-vars.json}"
START_COMMAND="${FRR_START_COMMAND:-/usr/lib/frr/docker-start}"

say() { echo "$(date '+%Y-%m-%d %H:%M:%S') [frr-startup] $*" >&2; }
die() { echo "$(date '+%Y-%m-%d %H:%M:%S') [frr-startup] ERROR: $*" >&2; exit 1; }

ASN_VRF_METALLB="${ASN_VRF_METALLB:-4000099998}"
ASN_METALLB_SPEAKER="${ASN_METALLB_SPEAKER:-4000099999}"
VRF_METALLB="${VRF_METALLB:-metallb}"
METALLB_VRF_ROUTE_TABLE_ID="${METALLB_VRF_ROUTE_TABLE_ID:-88}"
PEER_IP_FRR="${PEER_IP_FRR:-fda1:b2c3:d4e5:0001::0}"
PEER_IP_METALLB="${PEER_IP_METALLB:-fda1:b2c3:d4e5:0001::1}"
PEER_IP_PREFIX="${PEER_IP_PREFIX:-127}"
ENABLE_BFD="${ENABLE_BFD:-true}"
FRR_PROFILE="${FRR_PROFILE:-datacenter}"

[ -z "$NODE_IP" ] && die "NODE_IP is required"
[ -z "$ASN_LOCAL" ] && die "ASN_LOCAL is required"
if [ -n "$FE_MACS" ] && [ -n "$FE_PORT_NAMES" ]; then
  die "Specify either FE_MACS or FE_PORT_NAMES, not both"
elif [ -z "$FE_MACS" ] && [ -z "$FE_PORT_NAMES" ]; then
  die "Either FE_MACS or FE_PORT_NAMES is required"
fi
case "$FRR_PROFILE" in
  datacenter|traditional) ;;
  *) die "FRR_PROFILE must be 'datacenter' or 'traditional', got: $FRR_PROFILE" ;;
esac

# One `ip -o link` per MAC, matched as a regex anywhere on the line (the original's lookup).
macs_to_names() {
  local names="" mac name
  IFS=',' read -ra wanted <<< "$1"
  for mac in "${wanted[@]}"; do
    mac=$(echo "$mac" | tr '[:upper:]' '[:lower:]' | xargs)
    name=$(/sbin/ip -o link | awk -v mac="$mac" 'tolower($0) ~ mac {print $2}' | tr -d ':')
    if [ -n "$name" ]; then names="${names:+$names,}$name"; say "Resolved MAC $mac -> $name"
    else say "WARNING: No interface found for MAC $mac"; fi
  done
  echo "$names"
}

vrf_up() {
  say "Creating VRF $VRF_METALLB with table $METALLB_VRF_ROUTE_TABLE_ID..."
  /sbin/ip link show "$VRF_METALLB" &>/dev/null || /sbin/ip link add "$VRF_METALLB" type vrf table "$METALLB_VRF_ROUTE_TABLE_ID"
  /sbin/ip link set "$VRF_METALLB" up
  say "VRF $VRF_METALLB is up"
}

veth_up() {
  local family=-4
  [[ "$PEER_IP_FRR" == *:* ]] && family=-6
  say "Creating veth pair: veth-frr <-> veth-metallb..."
  /sbin/ip link add veth-frr type veth peer name veth-metallb 2>/dev/null || say "Veth pair veth-frr <-> veth-metallb already exists"
  say "Assigning veth-frr to VRF $VRF_METALLB..."
  /sbin/ip link set veth-frr master "$VRF_METALLB"
  say "Setting MTU $INTERFACE_MTU on veth-frr..."
  /sbin/ip link set veth-frr mtu "$INTERFACE_MTU"
  say "Setting MTU $INTERFACE_MTU on veth-metallb..."
  /sbin/ip link set veth-metallb mtu "$INTERFACE_MTU"
  say "Assigning p2p addresses (${family#-} family)..."
  /sbin/ip "$family" addr add "$PEER_IP_FRR/$PEER_IP_PREFIX" dev veth-frr 2>/dev/null || say "Address $PEER_IP_FRR already assigned to veth-frr"
  /sbin/ip "$family" addr add "$PEER_IP_METALLB/$PEER_IP_PREFIX" dev veth-metallb 2>/dev/null || say "Address $PEER_IP_METALLB already assigned to veth-metallb"
  say "Bringing up interfaces..."
  /sbin/ip link set veth-frr up
  /sbin/ip link set veth-metallb up
  say "MetalLB veth pair configured:"
  say "  veth-frr ($PEER_IP_FRR) in VRF $VRF_METALLB (FRR listens)"
  say "  veth-metallb ($PEER_IP_METALLB) in host ns (MetalLB connects from)"
  if ! /sbin/ip $family rule show | grep -q "to $PEER_IP_FRR.*lookup $METALLB_VRF_ROUTE_TABLE_ID"; then
    say "Adding ip rule for MetalLB peering traffic..."
    /sbin/ip $family rule add to "$PEER_IP_FRR" table "$METALLB_VRF_ROUTE_TABLE_ID"
  else
    say "IP rule for MetalLB peering already exists"
  fi
}

daemons_for_bfd() {
  if [ "$ENABLE_BFD" = "true" ]; then say "BFD enabled"
  else say "BFD disabled, modifying $CONFIG_DIR/daemons..."; sed -i 's/^bfdd=yes/bfdd=no/' "$CONFIG_DIR/daemons"; fi
}

render_frr_conf() {
  local ports="[" i
  say "Generating $CONFIG_DIR/frr.conf from template..."
  say "FRR Profile: $FRR_PROFILE"
  if [ -n "$1" ]; then
    IFS=',' read -ra names <<< "$1"
    for i in "${!names[@]}"; do [ "$i" -gt 0 ] && ports+=","; ports+="\"${names[$i]}\""; done
  fi
  ports+="]"
  cat > "$VARS_FILE" <<JSON
{
    "ports": $ports,
    "NODE_IP": "$NODE_IP",
    "ASN_LOCAL": "$ASN_LOCAL",
    "ASN_VRF_METALLB": "$ASN_VRF_METALLB",
    "ASN_METALLB_SPEAKER": "$ASN_METALLB_SPEAKER",
    "VRF_METALLB": "$VRF_METALLB",
    "PEER_IP_FRR": "$PEER_IP_FRR",
    "PEER_IP_METALLB": "$PEER_IP_METALLB",
    "ENABLE_BFD": "$ENABLE_BFD",
    "FRR_PROFILE": "$FRR_PROFILE"
}
JSON
  j2 "$CONFIG_DIR/frr.conf.j2" "$VARS_FILE" > "$CONFIG_DIR/frr.conf"
  say "Generated $CONFIG_DIR/frr.conf"
}

say "FRR Startup Script - Initializing..."
if [ -n "$FE_PORT_NAMES" ]; then
  ports="$FE_PORT_NAMES"; say "Using fabric interfaces from FE_PORT_NAMES: $ports"
else
  ports=$(macs_to_names "$FE_MACS"); say "Resolved fabric interfaces from FE_MACS: $ports"
fi
if [ -z "$INTERFACE_MTU" ]; then
  first="${ports%%,*}"
  if [ -n "$first" ]; then INTERFACE_MTU=$(cat "/sys/class/net/$first/mtu" 2>/dev/null || echo 1500); say "Using MTU $INTERFACE_MTU from $first"
  else INTERFACE_MTU=1500; say "No interfaces resolved, using default MTU 1500"; fi
else
  say "Using user-provided MTU $INTERFACE_MTU"
fi
vrf_up
veth_up
daemons_for_bfd
render_frr_conf "$ports"
[ -r "$CONFIG_DIR/vtysh.conf" ] || touch "$CONFIG_DIR/vtysh.conf"
say "mkdir -p $RUN_DIR || true"
mkdir -p "$RUN_DIR" || true
chown -R frr:frr "$CONFIG_DIR" || true
rm -rf "${RUN_DIR:?}"/* || true
chown -R frr:frr "$RUN_DIR" || true
say "Initialization complete, starting FRR..."
# Unquoted on purpose: the start command is a program and its arguments.
# shellcheck disable=SC2086
exec $START_COMMAND
