# A rack inside one User-Mode Linux kernel: two leaf switches (FRR in its own network namespace
# and pathspace, eBGP unnumbered with BFD: leaf1 on Debian 12's FRR 8.4, leaf2 on FRR 10.7.1 from
# the Debian forky root, a fabric of mixed generations as real ones are) and three nodes (each in
# its own namespace with two fabric links with fixed MACs, the FRR extension's container started
# as Talos starts it by lab/talos with the extension tree TREE, and a gobgpd speaker in MetalLB's
# place). Then the checks; each writes "PASS|FAIL <detail>" to $RESULTS/check-N. Set by the
# caller: LAUNCHER, TREE, LEAF2_ROOT, BUNDLE (the host's bundle, for `plan`), RESULTS, RESTARTS,
# CHECKS (their numbers, in the order they run), CONVERGENCE_ONLY (1: stop once converged, for
# the benchmark).
set -u
RESTARTS=${RESTARTS:?set by lab/run-lab.ts}
modprobe -d /tmp/frr-supervisor-uml-modules sch_netem
mount -t tmpfs tmp /etc/frr
for f in ip_forward; do :; done
log() { echo "$(date +%T.%N | cut -c1-12) $*" >> "$RESULTS/lab.log"; }
result() { echo "$2" > "$RESULTS/check-$1"; log "check $1: $2"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_for() { local i; for i in $(seq 1 "$2"); do eval "$1" && return 0; sleep 0.25; done; return 1; }
# leaf2's FRR runs chrooted in its own mount namespace: ask it there, with its own vtysh.
# leaf_vtysh LEAF COMMAND...: each COMMAND one -c.
leaf_vtysh() {
  local leaf=$1 c args=(); shift
  for c in "$@"; do args+=(-c "$c"); done
  if [ "$leaf" = leaf2 ]; then nsenter -t "$(cat /run/lab/leaf2.pid)" -m -n -r vtysh -N leaf2 "${args[@]}"
  else ip netns exec "$leaf" vtysh -N "$leaf" "${args[@]}"; fi
}

# --- leaves -------------------------------------------------------------------------------
# Every fabric session has a TCP MD5 password (FABRIC_PASSWORD on the nodes).
fabric_password='Hx8:mQ2@vN5^rT7~wZ1'
mkdir -p /run/lab /run/lab/leaf1-log; chown frr:frr /run/lab/leaf1-log
for l in 1 2; do
  ip netns add leaf$l; ip -n leaf$l link set lo up; ip -n leaf$l addr add 10.255.0.$l/32 dev lo
  ip netns exec leaf$l sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  mkdir -p /etc/frr/leaf$l
  printf 'zebra=yes\nbgpd=yes\nbfdd=yes\nstaticd=yes\nvtysh_enable=yes\nzebra_options="-A 127.0.0.1"\nbgpd_options="-A 127.0.0.1"\nbfdd_options="-A 127.0.0.1"\n' > /etc/frr/leaf$l/daemons
  echo 'service integrated-vtysh-config' > /etc/frr/leaf$l/vtysh.conf
  {
    echo "frr defaults datacenter"; echo "hostname leaf$l"; echo "service integrated-vtysh-config"
    # What the leaves' BGP and BFD did, for reading a restart's loss afterwards (copied to $RESULTS).
    # leaf1's in this kernel's own /run (the host's /tmp is every UML's), leaf2's in its root's /etc/frr.
    echo "log file $([ $l = 1 ] && echo /run/lab/leaf1-log/frr.log || echo /etc/frr/leaf2/frr.log) debugging"
    echo "debug bgp neighbor-events"; echo "debug bfd peer"
    for n in 1 2 3; do printf 'interface swp%s\n ipv6 nd ra-interval 3\n no ipv6 nd suppress-ra\nexit\n' $n; done
    echo "router bgp 6510$l"; echo " bgp router-id 10.255.0.$l"; echo " bgp bestpath as-path multipath-relax"
    echo " neighbor nodes peer-group"; echo " neighbor nodes remote-as external"; echo " neighbor nodes bfd"
    echo " neighbor nodes password $fabric_password"
    for n in 1 2 3; do echo " neighbor swp$n interface peer-group nodes"; done
    for af in ipv4 ipv6; do printf ' address-family %s unicast\n  redistribute connected\n  neighbor nodes activate\n exit-address-family\n' $af; done
    echo "exit"
  } > /etc/frr/leaf$l/frr.conf
done

# --- the gateway --------------------------------------------------------------------------
# Seed 003's upstream gateway, on a link of its own to node3 (fd00:101::/64, an IPv6 underlay):
# FRR 8.4 in AS 4200001000, peering with node3 by address (FABRIC_PEERS), with the fabric
# password and BFD. It learns only what node3 itself advertises.
gw_asn=4200001000
ip netns add gw; ip -n gw link set lo up; ip -n gw addr add 10.255.0.254/32 dev lo
ip netns exec gw sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
mkdir -p /etc/frr/gw
cp /etc/frr/leaf1/daemons /etc/frr/gw/daemons; cp /etc/frr/leaf1/vtysh.conf /etc/frr/gw/vtysh.conf
{
  echo "frr defaults datacenter"; echo "hostname gw"; echo "service integrated-vtysh-config"
  echo "router bgp $gw_asn"; echo " bgp router-id 10.255.0.254"
  echo " neighbor fd00:101::13 remote-as external"; echo " neighbor fd00:101::13 bfd"
  echo " neighbor fd00:101::13 password $fabric_password"; echo " neighbor fd00:101::13 capability extended-nexthop"
  for af in ipv4 ipv6; do printf ' address-family %s unicast\n  redistribute connected\n  neighbor fd00:101::13 activate\n exit-address-family\n' $af; done
  echo "exit"
} > /etc/frr/gw/frr.conf

# --- nodes --------------------------------------------------------------------------------
for n in 1 2 3; do
  ip netns add node$n; ip -n node$n link set lo up
  ip netns exec node$n sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
  ip link add eth0 netns node$n address 02:00:00:00:0$n:01 type veth peer name swp$n netns leaf1
  ip link add eth1 netns node$n address 02:00:00:00:0$n:02 type veth peer name swp$n netns leaf2
  for i in eth0 eth1; do ip -n node$n link set $i up; done
  ip -n leaf1 link set swp$n up; ip -n leaf2 link set swp$n up
  # LoadBalancer IPs are held on the node as kube-proxy's IPVS mode does, on a dummy device.
  ip -n node$n link add kube-ipvs0 type dummy; ip -n node$n link set kube-ipvs0 up
  ip -n node$n addr add 192.0.2.$n/32 dev kube-ipvs0; ip -n node$n addr add 2001:db8::$n/128 dev kube-ipvs0
  [ $n != 3 ] && ip -n node$n addr add 192.0.2.200/32 dev kube-ipvs0
done
# node3's third port goes to the gateway; its address is the machine config's, not the supervisor's.
ip link add eth2 netns node3 address 02:00:00:00:03:03 type veth peer name swp3 netns gw
ip -n node3 link set eth2 up; ip -n gw link set swp3 up
ip -n node3 addr add fd00:101::13/64 dev eth2 nodad; ip -n gw addr add fd00:101::fffe/64 dev swp3 nodad

# node3's FRR_EXTRA_CONFIG_FILE: the gateway's session gets shorter timers and a BFD profile.
extra_config_path=/usr/local/etc/frr-supervisor/frr-extra.conf
extra_config='! The gateway session: shorter timers, a BFD profile of its own.
bfd
 profile gateway
  detect-multiplier 4
 exit
exit
router bgp 65003
 neighbor fabric-numbered description seed 003 gateway
 neighbor fabric-numbered timers 2 6
 neighbor fabric-numbered bfd profile gateway
exit'
speaker_password='k3/Zq+9xW2vL=8p_mT.c'
speaker_password_path=/usr/local/etc/frr-supervisor/speaker-password
fabric_password_path=/usr/local/etc/frr-supervisor/fabric-password
# Each node's machine-config patch is what the operator's guide has them run (docs/operator-guide.md, "Configuring
# a node at boot"): `frr-supervisor talos-config` on the settings, with the node's addresses
# (NODE_IP on lo, its IPv6 loopback, the control-plane nodes' API VIP on dummy1) and the local
# copies of the files the settings name. nodeN.args holds those options.
# file_for N MOUNTPATH CONTENT: a file of node N's, kept locally as an operator would.
file_for() {
  mkdir -p "$RESULTS/node$1-files"; printf '%s\n' "$3" > "$RESULTS/node$1-files/${2##*/}"
  echo "--file $2=$RESULTS/node$1-files/${2##*/}" >> "$RESULTS/node$1.args"
}
for n in 1 2 3; do
  echo "--address lo=fd00::$n/128" > "$RESULTS/node$n.args"
  # Control-plane nodes 1 and 2 share the API VIP on dummy1.
  [ $n != 3 ] && echo "--address dummy1=10.0.0.100/32" >> "$RESULTS/node$n.args"
  {
    echo "NODE_IP=10.0.0.$n"; echo "ASN_LOCAL=6500$n"; echo "FE_MACS=02:00:00:00:0$n:01,02:00:00:00:0$n:02"
    echo "SESSION_POLL_SECONDS=2"
    # Metrics on the node's own address, as for a Prometheus outside the node (check 19).
    echo "METRICS_ADDRESS=10.0.0.$n:9342"
    if [ $n = 2 ]; then
      # The passwords from files, as Talos mounts configFiles; GTSM on the speaker's session.
      echo "FABRIC_PASSWORD_FILE=$fabric_password_path"
      echo "SPEAKER_PASSWORD_FILE=$speaker_password_path"; echo "SPEAKER_TTL_SECURITY=true"
      file_for $n "$fabric_password_path" "$fabric_password"; file_for $n "$speaker_password_path" "$speaker_password"
    else
      echo "FABRIC_PASSWORD=$fabric_password"
    fi
    if [ $n = 3 ]; then
      # The oldest seed's names and IPv4 /31 link; seed 003's name of the speaker's prefix gate.
      echo "ASN_METALLB_LOCAL=4200099998"; echo "ASN_METALLB_REMOTE=4200099999"; echo "NAMESPACE_METALLB=metallb"
      echo "CILIUM_ALLOWED_PREFIXES=192.0.2.0/24,2001:db8::/48"
      echo "PEER_IP_LOCAL=192.168.250.254"; echo "PEER_IP_REMOTE=192.168.250.255"; echo "PEER_IP_PREFIX=31"
      # The export policy (check 13).
      echo "FABRIC_COMMUNITIES=64512:3"; echo "FABRIC_LB_COMMUNITIES=64512:300,4200000000:3:3"; echo "FABRIC_AS_PATH_PREPEND=1"
      # The gateway by address, beside the unnumbered leaves (check 14), with the operator's
      # own settings for its session from a file (check 15): its lines as configFiles content.
      echo "FABRIC_PEERS=fd00:101::fffe@$gw_asn"
      echo "FRR_EXTRA_CONFIG_FILE=$extra_config_path"
      file_for $n "$extra_config_path" "$extra_config"
    fi
  } > "$RESULTS/node$n.env"
done

# A node's machine-config patch from its settings: talos-config's, or for a node without
# nodeN.args (check 8's node9, whose settings are bad) an ExtensionServiceConfig written by hand.
machine_config_of() {
  local n=$1 env=$2 out=$3
  if [ -f "$RESULTS/node$n.args" ]; then
    # shellcheck disable=SC2046 # one option per word
    node -- "$BUNDLE" talos-config --env-file "$env" $(cat "$RESULTS/node$n.args") > "$out" 2>> "$RESULTS/node$n.talos-config.log"
  else
    { printf 'apiVersion: v1alpha1\nkind: ExtensionServiceConfig\nname: frr\nenvironment:\n'; sed 's/^/  - /' "$env"; } > "$out"
  fi
}
launcher_pid() { pgrep -f "talos-service.mjs .*--id node$1( |\$)" | head -1; }
# The node's container, started as Talos starts the service: frr.yaml from the tree, the
# settings from an ExtensionServiceConfig, the container's writeable layer kept across restarts.
# start_node N [ENV [TREE STATE]]: another tree and writeable layer for the benchmark's baseline.
start_node() {
  local n=$1 env=${2:-$RESULTS/node$1.env} tree=${3:-$TREE} state=${4:-/run/lab/node$1/state}
  # Never two at once on one node (Talos never runs two copies of a service).
  if [ -n "$(launcher_pid $n)" ]; then log "node$n is still running: not started again"; return 1; fi
  rm -f "$RESULTS/node$n.rc"
  machine_config_of $n "$env" "$RESULTS/node$n.machine-config.yaml" || { log "node$n: talos-config refused its settings (node$n.talos-config.log)"; return 1; }
  ( ip netns exec node$n node "$LAUNCHER" --tree "$tree" --id node$n --state "$state" --host-root /run/lab/node$n/host --config "$RESULTS/node$n.machine-config.yaml" >> "$RESULTS/node$n.log" 2>&1; echo $? > "$RESULTS/node$n.rc" ) &
}
# talosctl service ext-frr stop: SIGTERM to every process of the container, SIGKILL 10 s later.
stop_node() {
  local n=$1 l
  l=$(launcher_pid $n)
  [ -n "$l" ] || return 0
  kill -TERM "$l"
  # Until the container is gone, not just until the exit code is written.
  wait_for "[ -f '$RESULTS/node$n.rc' ] && [ -z \"\$(launcher_pid $n)\" ]" 240
}
# Whether node N has logged its convergence since its log had FROM lines (its start): a line from
# an earlier start, still near the log's end, says nothing about this one.
converged_since() { tail -n +$(( $2 + 1 )) "$RESULTS/node$1.log" | grep -q 'supervisor: converged'; }
log_lines() { wc -l < "$RESULTS/node$1.log"; }
# vtysh inside the node's container.
node_vtysh() { crun exec node$1 vtysh -c "$2"; }
# start_speaker N [configured|no-password|no-ttl-security]: node2's speaker is configured with
# the password and GTSM its node has (check 11 starts it without either, to see it refused).
# Nodes 2 and 3 have MetalLB's speaker; node1 has Cilium's BGP control plane's (check 16): GoBGP
# as Cilium configures it from a CiliumBGPClusterConfig and CiliumBGPPeerConfig (docs/operator-guide.md, "Cilium
# instead of MetalLB"): no listening port, the peer config's timers and graceful restart, both
# families, the LoadBalancer IPs with an unspecified next hop for GoBGP to fill in.
start_speaker() {
  local n=$1 variant=${2:-configured} frr metallb password="" ttl="" cilium=""
  if [ $n = 2 ]; then
    case $variant in
      configured) password=$speaker_password; ttl=yes ;;
      no-password) ttl=yes ;;
      no-ttl-security) password=$speaker_password ;;
    esac
  fi
  [ $n = 1 ] && cilium=yes
  if [ $n = 3 ]; then frr=192.168.250.254; metallb=192.168.250.255; asn=4200099999; peer_as=4200099998
  else frr=fda1:b2c3:d4e5:1::; metallb=fda1:b2c3:d4e5:1::1; asn=4000099999; peer_as=4000099998; fi
  # MetalLB's speaker binds to its address on the host leg, which frr-supervisor creates.
  wait_for "ip -n node$n addr show dev veth-metallb 2>/dev/null | grep -q '$metallb/'" 400
  cat > "$RESULTS/speaker$n.toml" <<TOML
[global.config]
  as = $asn
  router-id = "10.0.0.$n"
  port = -1
[[neighbors]]
  [neighbors.config]
    neighbor-address = "$frr"
    peer-as = $peer_as
$([ -n "$password" ] && printf '    auth-password = "%s"\n' "$password")
$([ -z "$cilium" ] && printf '  [neighbors.transport.config]\n    local-address = "%s"\n' "$metallb")
  [neighbors.timers.config]
$(if [ -n "$cilium" ]; then printf '    connect-retry = 5\n    hold-time = 9\n    keepalive-interval = 3\n'; else printf '    connect-retry = 3\n'; fi)
$([ -n "$cilium" ] && printf '  [neighbors.graceful-restart.config]\n    enabled = true\n    restart-time = 120\n')
$([ -n "$ttl" ] && printf '  [neighbors.ttl-security.config]\n    enabled = true\n    ttl-min = 255\n')
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv4-unicast"
  [[neighbors.afi-safis]]
    [neighbors.afi-safis.config]
      afi-safi-name = "ipv6-unicast"
TOML
  ip netns exec node$n gobgpd -f "$RESULTS/speaker$n.toml" --api-hosts 127.0.0.1:50051 -l warn > "$RESULTS/speaker$n.log" 2>&1 &
  wait_for "ip netns exec node$n gobgp -p 50051 global >/dev/null 2>&1" 80
  # As MetalLB does: its own session address as next hop (IPv4-mapped over node3's IPv4 session).
  # As Cilium does (node1): 0.0.0.0 and ::,
  # which GoBGP replaces with the session's own address.
  if [ -n "$cilium" ]; then v4nh=0.0.0.0; v6nh=::; elif [ $n = 3 ]; then v4nh=$metallb; v6nh=::ffff:$metallb; else v4nh=$metallb; v6nh=$metallb; fi
  ip netns exec node$n gobgp -p 50051 global rib -a ipv4 add 192.0.2.$n/32 nexthop $v4nh >> "$RESULTS/speaker$n.log" 2>&1
  ip netns exec node$n gobgp -p 50051 global rib -a ipv6 add 2001:db8::$n/128 nexthop $v6nh >> "$RESULTS/speaker$n.log" 2>&1
  # A LoadBalancer IP that nodes 1 and 2 both announce (a Service with endpoints on both).
  [ $n != 3 ] && ip netns exec node$n gobgp -p 50051 global rib -a ipv4 add 192.0.2.200/32 nexthop $v4nh >> "$RESULTS/speaker$n.log" 2>&1
  [ $n = 1 ] && hostile_announcements $v4nh $v6nh
  return 0
}

# node1's speaker is hostile too (check 10): beside its good routes, it announces what a pod must
# never get to the fabric, and a good route carrying well-known action communities.
hostile_v4="0.0.0.0/0 0.0.0.0/1 128.0.0.0/1 10.0.0.0/8 127.0.0.1/32 169.254.10.0/24 224.0.0.0/24 240.0.0.1/32 10.0.0.1/32"
hostile_v6="::/0 ::/1 8000::/1 fe80::1/128 ff02::1/128 fda1:b2c3:d4e5:1::/127 2001:db8::/32 ::ffff:10.9.9.9/128"
hostile_announcements() {
  local p
  for p in $hostile_v4; do ip netns exec node1 gobgp -p 50051 global rib -a ipv4 add $p nexthop $1 >> "$RESULTS/speaker1.log" 2>&1; done
  for p in $hostile_v6; do ip netns exec node1 gobgp -p 50051 global rib -a ipv6 add $p nexthop $2 >> "$RESULTS/speaker1.log" 2>&1; done
  # Relayed from another AS: the path is not the speaker's alone.
  ip netns exec node1 gobgp -p 50051 global rib -a ipv4 add 198.51.100.0/24 nexthop $1 aspath 64512 >> "$RESULTS/speaker1.log" 2>&1
  ip netns exec node1 gobgp -p 50051 global rib -a ipv4 add 192.0.2.101/32 nexthop $1 community blackhole,65535:0,64512:1 >> "$RESULTS/speaker1.log" 2>&1
}

# A leaf's kernel route to a prefix, via which of its ports ("swp1 swp2"), or nothing.
via() { ip -n "$1" $( [ "${2#*:}" != "$2" ] && echo -6 ) route show "$2" 2>/dev/null | grep -o 'dev swp[0-9]' | awk '{print $2}' | sort -u | tr '\n' ' ' | sed 's/ $//'; }
# at_both PREFIX PORTS: both leaves have PREFIX via exactly PORTS ("swp1", 'swp1 swp2', or '' for none).
at_both() { [ "$(via leaf1 "$1")" = "$2" ] && [ "$(via leaf2 "$1")" = "$2" ]; }
installed_everywhere() { local n p; for n in 1 2 3; do for p in 192.0.2.$n/32 2001:db8::$n/128 10.0.0.$n/32 fd00::$n/128; do for l in leaf1 leaf2; do [ "$(via $l $p)" = "swp$n" ] || return 1; done; done; done; }

# leaf2: the forky root under a throwaway writeable layer (the cached root stays as built), with
# this network namespace's /sys, and leaf2's config from /etc/frr/leaf2.
start_leaf2() {
  mkdir -p /run/lab/leaf2-root/upper /run/lab/leaf2-root/work /run/lab/leaf2-root/merged
  ip netns exec leaf2 unshare -m --propagation private sh -c '
    r=/run/lab/leaf2-root
    mount -t overlay overlay -o lowerdir="$0",upperdir=$r/upper,workdir=$r/work $r/merged || exit 1
    m=$r/merged
    mount -t proc proc $m/proc; mount --rbind /sys $m/sys; mount --rbind /dev $m/dev
    mount -t tmpfs tmp $m/run; mount -t tmpfs tmp $m/tmp; mount -t tmpfs tmp $m/var/tmp
    mkdir -p $m/etc/frr/leaf2; cp /etc/frr/leaf2/* $m/etc/frr/leaf2/; chroot $m chown -R frr:frr /etc/frr
    chroot $m /usr/lib/frr/frrinit.sh start leaf2
    # Holds the namespace, and is the process whose root and namespaces leaf_vtysh enters.
    echo $$ > /run/lab/leaf2.pid
    exec chroot $m sleep infinity' "$LEAF2_ROOT" > "$RESULTS/leaf2.start.log" 2>&1 &
  wait_for "[ -s /run/lab/leaf2.pid ] && leaf_vtysh leaf2 'show bgp summary' >/dev/null 2>&1" 400
}

# Every change to the leaves' routes, time-stamped: what the checks' samples only glimpse (a
# route gone for a moment between two samples), for reading a failed check afterwards.
for l in leaf1 leaf2; do ip -n $l -ts monitor route > "$RESULTS/$l-route-events.log" 2>&1 & done
t_start=$(now_ms)
ip netns exec leaf1 /usr/lib/frr/frrinit.sh start leaf1 > "$RESULTS/leaf1.start.log" 2>&1
start_leaf2
ip netns exec gw /usr/lib/frr/frrinit.sh start gw > "$RESULTS/gw.start.log" 2>&1
leaf_vtysh leaf1 'show version' | grep -m1 -o 'FRRouting [0-9.]*' > "$RESULTS/leaf1.version"
leaf_vtysh leaf2 'show version' | grep -m1 -o 'FRRouting [0-9.]*' > "$RESULTS/leaf2.version"
t_node1=$(now_ms)
# Convergence as the benchmark reports it: node1's supervisor started to node1's LoadBalancer
# prefix installed at both leaves.
( wait_for "at_both 192.0.2.1/32 swp1" 2400 && echo $(( $(now_ms) - t_node1 )) > "$RESULTS/first-lb-ms" ) &
# Each node, then its speaker as soon as its host leg has the address MetalLB binds to.
for n in 1 2 3; do start_node $n; wait_for "node_vtysh $n 'show bgp vrf all summary' 2>/dev/null | grep -q 'VRF metallb'" 480; start_speaker $n; done

wait_for installed_everywhere 600
t_conv=$(now_ms); log "converged after $(( t_conv - t_start )) ms"
echo $(( t_conv - t_start )) > "$RESULTS/convergence-ms"
# The first node's LB prefix installed at both leaves (for the benchmark).
{ for l in leaf1 leaf2; do echo "== $l"; ip -n $l route; ip -n $l -6 route | grep -v '^fe80'; done; } > "$RESULTS/leaf-routes.txt"
wait_for "[ -f '$RESULTS/first-lb-ms' ]" 40
# The benchmark's side-by-side start: node1 restarted in turn by the supervisor and by the bash +
# jinja2 baseline (BASELINE_TREE, lab/trees.ts), each with its own writeable layer, timed from the
# node's start (its LB prefix gone from both leaves first) to that prefix installed at both leaves
# again: what an operator waits for after a settings change. start-to-lb: "SIDE MS CONTAINER_MS"
# lines, from the lab's start of the node and from the container's.
side_by_side() {
  local state=/run/lab/node1/baseline-state side i t0 from ms started container difference
  # What the earlier extensions' image holds in /etc/frr: the template (node1's settings in the
  # baseline's variables) and a daemons file, here the one the supervisor rendered for node1.
  mkdir -p $state/upper/etc/frr
  node -- "$BASELINE_TEMPLATE" "$RESULTS/node1.env" > $state/upper/etc/frr/frr.conf.j2
  cp /run/lab/node1/state/upper/etc/frr/daemons $state/upper/etc/frr/daemons
  # The baseline's defaults for the veth link's addresses are written long-hand (fda1:...:0001::0):
  # the supervisor's own values, short, so that both frr.conf read the same. Its ports by name:
  # its MAC lookup matches `ip -o link` lines and takes the rack's veth ports as eth0@if2.
  { grep -v '^FE_MACS=' "$RESULTS/node1.env"; echo FE_PORT_NAMES=eth0,eth1; echo PEER_IP_FRR=fda1:b2c3:d4e5:1::; echo PEER_IP_METALLB=fda1:b2c3:d4e5:1::1; } > "$RESULTS/node1-baseline.env"
  # Three pairs: a start's time to the leaves is mostly BGP's (the speaker's and the leaves'
  # retry timers), which varies by 10 s and more from one start to the next.
  for i in 1 2 3; do
    for side in supervisor baseline; do
      stop_node 1
      # A leaf that kept the prefix by graceful restart drops it when the restart time is out.
      wait_for "at_both 192.0.2.1/32 ''" 800 || { log "side by side: node1's LB prefix still at a leaf 200 s after its stop"; return 1; }
      t0=$(now_ms); from=$(log_lines 1)
      # The baseline's own rule for the speaker's session (`ip rule add to PEER_IP_FRR table 88`,
      # ahead of the l3mdev rule) sends the host's SYN to FRR's address into the VRF's table,
      # where it is delivered outside the VRF: a speaker that dials FRR, as MetalLB and Cilium
      # do, never gets a session, and the LB prefix never reaches the leaves (the lab saw it:
      # 6 s after that rule was deleted, it was there). Measured as it would be without that
      # fault: an equal rule after the main table's, which its check finds, so it adds none.
      if [ $side = supervisor ]; then start_node 1
      else ip -n node1 -6 rule add pref 32800 to fda1:b2c3:d4e5:1:: table 88; start_node 1 "$RESULTS/node1-baseline.env" "$BASELINE_TREE" $state; fi
      ms=never; container=never
      wait_for "at_both 192.0.2.1/32 swp1" 2400 && ms=$(( $(now_ms) - t0 ))
      # Also from the container's start (the launcher's line before `crun run`), leaving out the
      # lab's own stand-in for Talos, which runs before either side's entrypoint and is no part of
      # a restart on Talos (machined starts the container at once).
      started=$(tail -n +$(( from + 1 )) "$RESULTS/node1.log" | grep -m1 -o '^[0-9T:.-]*Z\( [A-Z]* *talos: node1: starting \)' | cut -d' ' -f1)
      [ $ms != never ] && [ -n "$started" ] && container=$(( t0 + ms - $(date -d "$started" +%s%3N) ))
      echo "$side $ms $container" >> "$RESULTS/start-to-lb"
      # The supervisor's start, for where its seconds went (lab/restart-phases.ts): its log, and
      # "<container start ms> <installed ms>" (installed: never).
      if [ $side = supervisor ]; then
        tail -n +$(( from + 1 )) "$RESULTS/node1.log" > "$RESULTS/start-to-lb-$i.node-log"
        echo "$t0 $([ $ms = never ] && echo never || echo $(( t0 + ms )))" > "$RESULTS/start-to-lb-$i.times"
      fi
      log "side by side: $side: container start to node1's LB prefix at both leaves: $ms ms"
      [ $side = baseline ] && ip -n node1 -6 rule del pref 32800
      # What node1 and the leaves hold then, for a side that did not get there.
      [ $ms = never ] && { crun exec node1 vtysh -c 'show bgp vrf all summary' -c 'show bfd peers brief'; for l in leaf1 leaf2; do echo "== $l"; leaf_vtysh $l 'show bgp summary' 'show bgp ipv4 unicast 192.0.2.1/32'; done; } > "$RESULTS/side-by-side-$side-$i.txt" 2>&1
    done
  done
  # Both ran the same frr.conf (j2 keeps the template's blank lines), or the figures compare nothing.
  # The difference, if any, is kept with the passwords left out.
  difference=$(diff <(grep -v '^[[:space:]]*$' /run/lab/node1/state/upper/etc/frr/frr.conf) <(grep -v '^[[:space:]]*$' $state/upper/etc/frr/frr.conf) | sed 's/ password .*/ password (not shown)/')
  if [ -z "$difference" ]; then echo same; else echo different; echo "$difference" > "$RESULTS/start-to-lb-frr-conf.diff"; fi > "$RESULTS/start-to-lb-frr-conf"
}

if [ "${CONVERGENCE_ONLY:-0}" = 1 ]; then
  # The benchmark's run: the rack up and measured, no checks.
  [ -n "${BASELINE_TREE:-}" ] && side_by_side
  for n in 1 2 3; do stop_node $n; done
  echo done > "$RESULTS/finished"; exit 0
fi

# The workloads the streams reach (lab/stream.py), in the nodes' host namespaces as pods' would be:
# nodes 1 and 2 answer on the LB IP both announce, each node on its loopback.
for n in 1 2 3; do
  [ $n != 3 ] && { ip netns exec node$n python3 "$STREAM" serve node$n 192.0.2.200 9000 > "$RESULTS/stream-server$n.log" 2>&1 & }
  ip netns exec node$n python3 "$STREAM" serve node$n 10.0.0.$n 9001 >> "$RESULTS/stream-server$n.log" 2>&1 &
done
for n in 1 2 3; do wait_for "[ \$(ip netns exec node$n ss -ltnH | grep -c ':900[01] ') = \$(( n == 3 ? 1 : 2 )) ]" 80 || log "node$n: the stream servers are not all listening: $(head -c 300 "$RESULTS/stream-server$n.log")"; done

# --- checks -------------------------------------------------------------------------------
# One function per check, named for what it proves; each ends with `result N "PASS|FAIL ..."`.
# They run in the order at the end of this file: the disruptive ones last.

# 1. LB IPv4 and IPv6 prefixes and node loopbacks (IPv4 and IPv6) in both leaves' FIBs, via that node.
# The routes that are not at their leaf via their node: " leaf:prefix=[ports]" each.
misplaced_prefixes() {
  local n p l v bad=""
  for n in 1 2 3; do for p in 192.0.2.$n/32 2001:db8::$n/128 10.0.0.$n/32 fd00::$n/128; do for l in leaf1 leaf2; do
    v=$(via $l $p); [ "$v" = "swp$n" ] || bad="$bad $l:$p=[$v]"
  done; done; done
  echo "$bad"
}
# The rack converged just before (installed_everywhere): a route found missing now went away
# since. It must come back within a minute, and the check says which, with the leaf's route
# events for it (time-stamped, from ip monitor), so that a flap is seen, not hidden.
check_1_every_prefix_at_both_leaves_via_its_node() {
  local bad again events="" entry p
  bad=$(misplaced_prefixes)
  if [ -z "$bad" ]; then result 1 "PASS every node's LB IPv4/IPv6 prefixes and IPv4/IPv6 loopbacks installed at both leaves via that node"; return; fi
  wait_for '[ -z "$(misplaced_prefixes)" ]' 240; again=$(misplaced_prefixes)
  for entry in $bad; do
    # entry: leaf2:2001:db8::3/128=[swp3]; ip monitor writes a host route without its length.
    p=${entry#*:}; p=${p%%=*}
    events="$events; ${entry%%=*}: $(grep -F " ${p%/*} " "$RESULTS/${entry%%:*}-route-events.log" | tail -n 3 | cut -c2-27,29- | cut -c1-140 | tr '\n' '|')"
  done
  if [ -z "$again" ]; then result 1 "PASS every node's LB IPv4/IPv6 prefixes and IPv4/IPv6 loopbacks installed at both leaves via that node, after a moment without:$bad (route events$events)"
  else result 1 "FAIL$again (first seen:$bad; route events$events)"; fi
}

# 2. The anycast VIP at each leaf with one next hop per control-plane node.
check_2_anycast_vip_with_ecmp() {
  local v1 v2
  v1=$(via leaf1 10.0.0.100/32); v2=$(via leaf2 10.0.0.100/32)
  if [ "$v1" = "swp1 swp2" ] && [ "$v2" = "swp1 swp2" ]; then result 2 "PASS 10.0.0.100/32: leaf1 via $v1, leaf2 via $v2 (ECMP)"
  else result 2 "FAIL 10.0.0.100/32: leaf1 via [$v1], leaf2 via [$v2]"; fi
}

# 3. No transit (leaf2's loopback never reaches leaf1 through a node), nothing sent to the speakers.
#    A query that fails is a failure, never "no routes".
# The routes node N's speaker got from FRR in FAMILY, or "failed".
routes_sent_to_speaker() { local out; out=$(ip netns exec node$1 gobgp -p 50051 neighbor $2 adj-in -a $3 2>&1) || { echo failed; return; }; grep -c '/' <<< "$out" || true; }
# The paths a leaf has for a prefix, from its JSON, or "failed".
leaf_paths() { leaf_vtysh $1 "show bgp ipv4 unicast $2 json" | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("paths", [])))' 2>/dev/null || echo failed; }
check_3_no_transit_nothing_to_speakers() {
  local transit n peer to_speakers=""
  transit=$(leaf_paths leaf1 10.255.0.2/32)
  for n in 1 2 3; do
    peer=$([ $n = 3 ] && echo 192.168.250.254 || echo fda1:b2c3:d4e5:1::)
    c=$(routes_sent_to_speaker $n $peer ipv4); c6=$(routes_sent_to_speaker $n $peer ipv6)
    [ "$c/$c6" = "0/0" ] || to_speakers="$to_speakers node$n:$c/$c6"
  done
  if [ "$transit" = 0 ] && [ -z "$to_speakers" ]; then result 3 "PASS leaf2's loopback is not at leaf1; the speakers received nothing"
  else result 3 "FAIL transit paths at leaf1: $transit; routes to speakers (IPv4/IPv6):$to_speakers"; fi
}

# 4. Data plane: from leaf1, TCP to an LB IP held on node1.
check_4_tcp_from_a_leaf_to_an_lb_ip() {
  local answer
  ip netns exec node1 python3 -c "
import socket; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('192.0.2.1', 8080)); s.listen(4)
while True: c,_=s.accept(); c.sendall(b'node1'); c.close()" > /dev/null 2>&1 &
  # Listening before the leaf connects (python's start can take seconds in a busy UML).
  wait_for "ip netns exec node1 ss -ltnH 'sport = :8080' | grep -q 192.0.2.1" 80
  answer=$(ip netns exec leaf1 python3 -c "
import socket; s=socket.socket(); s.settimeout(5); s.bind(('10.255.0.1', 0)); s.connect(('192.0.2.1', 8080)); print(s.recv(5).decode())" 2>&1)
  if [ "$answer" = node1 ]; then result 4 "PASS leaf1 -> 192.0.2.1:8080 answered by node1"
  else result 4 "FAIL leaf1 -> 192.0.2.1:8080: $answer"; fi
}

# 10. The hostile speaker (node1's): none of its 18 bad routes is in node1's VRF table or at
#     either leaf; its good ones are, the good one with action communities without them; the
#     ones its policy refused are counted in node1's metrics as its bgpd counts them.
hostile_routes_refused() {
  local p leaf bad="" v4 v6 t communities
  v4=$(node_vtysh 1 'show bgp vrf metallb ipv4 unicast json'); v6=$(node_vtysh 1 'show bgp vrf metallb ipv6 unicast json')
  # A query that failed shows no bad route: it is a failure of its own.
  for t in "$v4" "$v6"; do python3 -c 'import json,sys; sys.exit(0 if "routes" in json.loads(sys.argv[1]) else 1)' "$t" 2>/dev/null || bad="$bad vrf-query-failed:$(head -c 80 <<< "$t" | tr '\n' ' ')"; done
  for p in $hostile_v4 198.51.100.0/24; do grep -qF "\"$p\"" <<< "$v4" && bad="$bad vrf:$p"; done
  for p in $hostile_v6; do grep -qF "\"$p\"" <<< "$v6" && bad="$bad vrf:$p"; done
  for leaf in leaf1 leaf2; do
    # node1's own loopback (10.0.0.1/32) is at the leaves rightly, by node1 itself.
    for p in ${hostile_v4% 10.0.0.1/32} 198.51.100.0/24; do [ -n "$(ip -n $leaf route show exact $p proto bgp)" ] && bad="$bad $leaf:$p"; done
    for p in $hostile_v6; do [ -n "$(ip -n $leaf -6 route show exact $p proto bgp)" ] && bad="$bad $leaf:$p"; done
    [ "$(via $leaf 192.0.2.101/32)" = swp1 ] || bad="$bad $leaf:192.0.2.101/32-missing"
    communities=$(leaf_vtysh $leaf 'show bgp ipv4 unicast 192.0.2.101/32 json' | python3 -c 'import json,sys; print(" ".join(sorted({p.get("community",{}).get("string","") for p in json.load(sys.stdin).get("paths",[])})))')
    [ "$communities" = 64512:1 ] || bad="$bad $leaf:192.0.2.101/32-communities=[$communities]"
  done
  echo "$bad"
}
# Node N's metrics as a Prometheus outside the node gets them: from leaf1, over the fabric.
node_metrics() { ip netns exec leaf1 python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(f"http://10.0.0.{sys.argv[1]}:9342/metrics", timeout=5).read().decode())' "$1"; }
# What node N's metrics say the policy refused of its speaker's routes, against what its bgpd says
# (received-routes' filteredPrefixCounter, per family): "<family>=<metric>/<vtysh> ...", exit 0
# when they agree and some were refused. The metrics follow the session poll, and count refused
# routes again within a minute of the speaker's last UPDATE: asked again meanwhile.
refused_agree() {
  local n=$1 text out
  text=$(node_metrics $n 2>&1) || { echo "no metrics: $(tail -1 <<< "$text")"; return 1; }
  out=$(sed -n 's/^frr_supervisor_bgp_prefixes_refused{vrf="\([^"]*\)",peer="\([^"]*\)",family="\(ipv[46]\)Unicast"} \([0-9]*\)$/\1 \2 \3 \4/p' <<< "$text")
  [ -n "$out" ] || { echo "no frr_supervisor_bgp_prefixes_refused sample"; return 1; }
  local vrf peer family metric vtysh total=0 differ=0 summary=""
  while read -r vrf peer family metric; do
    vtysh=$(node_vtysh $n "show bgp vrf $vrf $family unicast neighbors $peer received-routes json" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("filteredPrefixCounter", "none"))' 2>/dev/null)
    summary="$summary $family=$metric/$vtysh"
    [ "$metric" = "$vtysh" ] || differ=1
    total=$(( total + metric ))
  done <<< "$out"
  echo "${summary# }"
  [ $differ = 0 ] && [ $total -gt 0 ]
}
check_10_hostile_speaker_stopped_at_its_node() {
  local bad refused
  wait_for "at_both 192.0.2.101/32 swp1" 120
  bad=$(hostile_routes_refused)
  # The refused ones are counted, as the node's bgpd counts them (its metric and log line).
  wait_for "refused_agree 1 > /dev/null" 120
  refused=$(refused_agree 1) || bad="$bad refused-routes-metric:[$refused]"
  if [ -z "$bad" ]; then result 10 "PASS none of the hostile speaker's 18 bad routes got past node1; its good ones reached both leaves, without the action communities; refused, as node1's metrics and its bgpd count them: $refused"
  else result 10 "FAIL$bad"; fi
}

# 11. Only the speaker with the password and TTL 255 gets node2's speaker session
#     (SPEAKER_PASSWORD_FILE, SPEAKER_TTL_SECURITY): node2's speaker restarted without the
#     password, then without GTSM, each until the kernel has dropped its attempts (node2's TCP
#     counters: TCPMD5NotFound, TCPMinTTLDrop), and the session is not up; then configured again,
#     and its LoadBalancer prefix back at both leaves.
speaker_session_state() {
  node_vtysh 2 'show bgp vrf metallb neighbors fda1:b2c3:d4e5:1::1 json' | python3 -c 'import json,sys; print(next(iter(json.load(sys.stdin).values()), {}).get("bgpState", "none"))' 2>/dev/null || echo none
}
# tcp_counters NETNS NAME...: the sum of those TcpExt counters of that network namespace.
tcp_counters() {
  local ns=$1; shift
  ip netns exec "$ns" awk -v names=" $* " '$1 == "TcpExt:" { if (!h) { for (i = 2; i <= NF; i++) n[i] = $i; h = 1 } else for (i = 2; i <= NF; i++) if (index(names, " " n[i] " ")) s += $i } END { print s + 0 }' /proc/net/netstat
}
# node2's counter: both FRR's VRF leg and the speaker are in its namespace.
tcp_counter() { tcp_counters node2 "$1"; }
stop_speaker() { pkill -f "gobgpd -f $RESULTS/speaker$1.toml"; wait_for "! pgrep -f 'gobgpd -f $RESULTS/speaker$1.toml' > /dev/null" 40; }
check_11_only_the_speaker_with_the_password_and_ttl_255_gets_the_session() {
  local configured variant counter before dropped state refused="" back statuses leaks
  configured=$(speaker_session_state)
  for variant in no-password:TCPMD5NotFound no-ttl-security:TCPMinTTLDrop; do
    counter=${variant#*:}; variant=${variant%:*}
    before=$(tcp_counter $counter)
    stop_speaker 2; start_speaker 2 $variant
    wait_for "[ \"\$(tcp_counter $counter)\" -gt $before ]" 240; dropped=$(( $(tcp_counter $counter) - before ))
    state=$(speaker_session_state)
    refused="$refused $variant: $dropped dropped ($counter), session $state;"
    { [ $dropped -gt 0 ] && [ "$state" != Established ]; } || refused="$refused FAILED;"
  done
  stop_speaker 2; start_speaker 2
  wait_for "at_both 192.0.2.2/32 swp2" 400; back=$?
  # The passwords are in no node's output (FRR's lines included) and no status file.
  statuses=$(ls /run/lab/node?/host/var/run/frr/frr-supervisor-status.json 2>/dev/null | wc -l)
  leaks=$(grep -lF -e "$speaker_password" -e "$fabric_password" "$RESULTS"/node?.log /run/lab/node?/host/var/run/frr/frr-supervisor-status.json 2>/dev/null | tr '\n' ' ')
  if [ "$configured" = Established ] && [ "${refused#*FAILED}" = "$refused" ] && [ $back = 0 ] && [ "$statuses" = 3 ] && [ -z "$leaks" ]; then
    result 11 "PASS node2's speaker with the password and GTSM: Established; without:$refused back with both, its prefix at both leaves; neither password in any node's log or status file"
  else
    result 11 "FAIL configured speaker: $configured;$refused back at both leaves: $([ $back = 0 ] && echo yes || echo no); $statuses status files; a password in: [$leaks]"
  fi
}

# 12. The fabric sessions only with the password (FABRIC_PASSWORD): leaf1 drops it from its side;
#     its sessions with the nodes go down and stay down, the kernel dropping the nodes' signed
#     segments (leaf1's TCPMD5Unexpected, TCPMD5NotFound), while leaf2 keeps every route; with the
#     password back, every prefix is back at both leaves.
leaf_tcp_md5_drops() { tcp_counters leaf1 TCPMD5Unexpected TCPMD5NotFound; }
leaf1_sessions_up() { leaf_vtysh leaf1 'show bgp summary json' | grep -o '"state":"Established"' | wc -l; }
check_12_fabric_sessions_only_with_the_password() {
  local before dropped up kept back
  before=$(leaf_tcp_md5_drops)
  leaf_vtysh leaf1 'configure terminal' 'router bgp 65101' 'no neighbor nodes password'
  wait_for "[ \$(leaf_tcp_md5_drops) -gt $before ] && [ \$(leaf1_sessions_up) = 0 ]" 240
  dropped=$(( $(leaf_tcp_md5_drops) - before )); up=$(leaf1_sessions_up)
  kept=$(for n in 1 2 3; do echo "$(via leaf2 192.0.2.$n/32)"; done | tr '\n' ' ')
  leaf_vtysh leaf1 'configure terminal' 'router bgp 65101' "neighbor nodes password $fabric_password"
  wait_for installed_everywhere 600; back=$?
  if [ $dropped -gt 0 ] && [ "$up" = 0 ] && [ "$kept" = "swp1 swp2 swp3 " ] && [ $back = 0 ]; then
    result 12 "PASS leaf1 without the password: no session with any node, $dropped signed segments dropped by its kernel, leaf2 kept every node's routes; with it again, every prefix back at both leaves"
  else
    result 12 "FAIL leaf1 without the password: $up sessions up, $dropped segments dropped; leaf2 via [$kept]; back at both leaves: $([ $back = 0 ] && echo yes || echo no)"
  fi
}

# 13. The export policy (node3: FABRIC_COMMUNITIES, FABRIC_LB_COMMUNITIES, FABRIC_AS_PATH_PREPEND=1):
#     at both leaves node3's LB route carries both lists, its loopback only FABRIC_COMMUNITIES,
#     and both have node3's AS twice in front.
# "<communities>|<large communities>|<AS path>" of the leaf's path for a prefix.
path_attributes() {
  leaf_vtysh $1 "show bgp ipv4 unicast $2 json" | python3 -c 'import json,sys
p = (json.load(sys.stdin).get("paths") or [{}])[0]
print("|".join([p.get("community", {}).get("string", ""), p.get("largeCommunity", {}).get("string", ""), p.get("aspath", {}).get("string", "")]))'
}
check_13_export_policy_at_both_leaves() {
  local leaf lb lo bad=""
  for leaf in leaf1 leaf2; do
    lb=$(path_attributes $leaf 192.0.2.3/32); lo=$(path_attributes $leaf 10.0.0.3/32)
    # The LB route's path goes on with the speaker's AS: only the front is node3's to say.
    [[ "$lb" == "64512:3 64512:300|4200000000:3:3|65003 65003 "* ]] || bad="$bad $leaf lb [$lb]"
    [ "$lo" = "64512:3||65003 65003" ] || bad="$bad $leaf loopback [$lo]"
  done
  if [ -z "$bad" ]; then result 13 "PASS at both leaves node3's LB route has 64512:3 64512:300 and 4200000000:3:3 (AS path ${lb##*|}), its loopback 64512:3 alone (AS path ${lo##*|})"
  else result 13 "FAIL$bad"; fi
}

# 14. A fabric peer by address (FABRIC_PEERS, IPv6 global, with the password): the gateway's
#     session and BFD session with node3 are up, it has node3's IPv4 and IPv6 loopbacks and LB
#     prefixes installed via its link to node3, and no transit either way: none of the other
#     nodes' routes at the gateway, not the gateway's loopback at a leaf.
gw_session() { leaf_vtysh gw 'show bgp neighbors fd00:101::13 json' | python3 -c 'import json,sys; print(next(iter(json.load(sys.stdin).values()), {}).get("bgpState", "none"))' 2>/dev/null || echo none; }
gw_bfd() { leaf_vtysh gw 'show bfd peers json' | python3 -c 'import json,sys; print(" ".join(p.get("status", "?") for p in json.load(sys.stdin) if p.get("peer") == "fd00:101::13") or "none")' 2>/dev/null || echo none; }
gw_missing() { local p m=""; for p in 10.0.0.3/32 fd00::3/128 192.0.2.3/32 2001:db8::3/128; do [ "$(via gw $p)" = swp3 ] || m="$m $p"; done; echo "$m"; }
check_14_a_numbered_ipv6_peer_gets_both_loopbacks_and_nothing_else() {
  local missing session bfd transit="" p l
  wait_for '[ -z "$(gw_missing)" ]' 240
  missing=$(gw_missing); session=$(gw_session); bfd=$(gw_bfd)
  for p in 10.0.0.1/32 10.0.0.2/32 192.0.2.1/32 fd00::1/128; do [ -n "$(via gw $p)" ] && transit="$transit gw:$p"; done
  for l in leaf1 leaf2; do [ -n "$(via $l 10.255.0.254/32)" ] && transit="$transit $l:10.255.0.254/32"; done
  if [ -z "$missing" ] && [ "$session" = Established ] && [ "$bfd" = up ] && [ -z "$transit" ]; then
    result 14 "PASS the gateway peers with node3 at fd00:101::13 (password, BFD $bfd): node3's loopbacks 10.0.0.3/32 and fd00::3/128 and its LB prefixes installed via its link; no other node's route at the gateway, the gateway's loopback at no leaf"
  else result 14 "FAIL gateway session $session, BFD [$bfd], missing at the gateway:[$missing], transit:[$transit]"; fi
}

# 15. node3's FRR_EXTRA_CONFIG_FILE (from configFiles) is in its FRR's running config, and in
#     effect: the gateway's session holds for 6 s (timers 2 6) and node3's BFD session with it
#     has the profile's detect multiplier 4.
check_15_extra_config_applied_and_in_effect() {
  local running hold multiplier
  running=$(node_vtysh 3 'show running-config')
  hold=$(leaf_vtysh gw 'show bgp neighbors fd00:101::13 json' | python3 -c 'import json,sys; print(next(iter(json.load(sys.stdin).values()), {}).get("bgpTimerHoldTimeMsecs", "none"))' 2>/dev/null)
  multiplier=$(node_vtysh 3 'show bfd peers json' | python3 -c 'import json,sys; print(" ".join(str(p.get("detect-multiplier", "?")) for p in json.load(sys.stdin) if p.get("peer") == "fd00:101::fffe") or "none")' 2>/dev/null)
  if grep -q '^ profile gateway$' <<< "$running" && grep -q 'neighbor fabric-numbered timers 2 6' <<< "$running" && [ "$hold" = 6000 ] && [ "$multiplier" = 4 ]; then
    result 15 "PASS node3's extra config is in its running config: the gateway holds the session for $hold ms, node3's BFD with it has detect multiplier $multiplier"
  else result 15 "FAIL profile in running config: $(grep -c '^ profile gateway$' <<< "$running"), timers line: $(grep -c 'timers 2 6' <<< "$running"), hold at the gateway: $hold ms, BFD detect multiplier: [$multiplier]"; fi
}

# 16. node1's speaker is configured as Cilium's BGP control plane configures GoBGP: its session
#     is up (Cilium connects, FRR listens), FRR received its graceful restart capability, GoBGP
#     filled in the session's own address as both LoadBalancer routes' next hop, and the routes
#     are at both leaves via node1.
speaker_facts() {
  node_vtysh 1 "show bgp vrf metallb neighbors fda1:b2c3:d4e5:1::1 json" | python3 -c 'import json,sys
p = next(iter(json.load(sys.stdin).values()), {})
print(p.get("bgpState", "none"), (p.get("neighborCapabilities") or {}).get("gracefulRestart", "none"))' 2>/dev/null || echo "none none"
}
vrf_next_hop() {
  node_vtysh 1 "show bgp vrf metallb $1 unicast $2 json" | python3 -c 'import json,sys
p = (json.load(sys.stdin).get("paths") or [{}])[0]
print(next((h.get("ip") for h in p.get("nexthops", []) if h.get("scope", "global") == "global"), "none"))' 2>/dev/null || echo none
}
check_16_a_cilium_configured_speaker_reaches_both_leaves() {
  local facts v4 v6 leaves=""
  facts=$(speaker_facts); v4=$(vrf_next_hop ipv4 192.0.2.1/32); v6=$(vrf_next_hop ipv6 2001:db8::1/128)
  for l in leaf1 leaf2; do for p in 192.0.2.1/32 2001:db8::1/128; do [ "$(via $l $p)" = swp1 ] || leaves="$leaves $l:$p"; done; done
  if [[ "$facts" == "Established "*"eceived" ]] && [ "$v4" = fda1:b2c3:d4e5:1::1 ] && [ "$v6" = fda1:b2c3:d4e5:1::1 ] && [ -z "$leaves" ]; then
    result 16 "PASS node1's Cilium-configured speaker: session ${facts% *}, graceful restart ${facts#* }; GoBGP set next hop $v4 on its IPv4 and IPv6 LB routes; both at both leaves via node1"
  else result 16 "FAIL speaker session and graceful restart: [$facts], next hops: IPv4 [$v4] IPv6 [$v6], missing at the leaves:[$leaves]"; fi
}

# 17. The live drain switch (issue 15): the link frr-drain appears on node2, as Talos adds it
#     from a DummyLinkConfig without restarting the service; the leaves stop using node2 for the
#     LB IP both nodes announce: leaf2 (10.7.1) has its path with GRACEFUL_SHUTDOWN and local
#     preference 0, leaf1 (8.4) that or none (it drops the session at the drain's BFD AdminDown);
#     node2's status file says drained, by the link; node2 restarts
#     (a settings change) while drained and comes back drained; the link goes, the drain ends,
#     both nodes serve the LB IP again. Each leaf's FIB sampled throughout: the two-node LB IP
#     must never be missing while node1, its other announcer, is there; node2's loopback is
#     held per leaf (drained_loopback_as_documented: 0 ms at leaf2, 10.7.1, unless BFD reset its
#     session at node2's start). A TCP stream from each leaf to node2's loopback must be held,
#     every line answered; those to the LB IP are reported (one the leaf's hash gave node2 moves to node1 at the drain,
#     which knows no such connection).
drain_status() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])).get("drain", {}); print(d.get("on"), ",".join(d.get("by", [])) or "-")' /run/lab/node2/host/var/run/frr/frr-supervisor-status.json 2>/dev/null || echo "none"; }
# The LB IP's loss at LEAF in drain-live's samples, one line per time it went: "<leaf> <ms> <by>",
# by "node1" when node1's own loopback was gone from that leaf then too (node1 is untouched: its
# session with the leaf dropped, a false BFD failure in a starved UML), else "drain".
lb_losses() {
  awk -v leaf="$1" '$1 == leaf {
      if ($3 == 0) { if (!out) { out = 1; from = $2; other = 0 } if ($5 == 0) other = 1 }
      else if (out) { out = 0; print leaf, $2 - from, (other ? "node1" : "drain") }
      t = $2 }
    END { if (out) print leaf, t - from, (other ? "node1" : "drain") }' "$RESULTS/drain-live.samples"
}
# One run of the scenario; its findings in the check's variables (bash's scope is dynamic).
live_drain_scenario() {
  local pinned starts from
  # From a settled node2 (check 7 restarted it twice just before): converged since its last start,
  # and its BFD sessions up at both leaves, or the drain's AdminDown meets a session not up yet.
  from=$(grep -n 'talos: node2: starting' "$RESULTS/node2.log" | tail -1 | cut -d: -f1)
  wait_for "converged_since 2 $(( ${from:-1} - 1 )) && bfd_up_at leaf1 swp2 && bfd_up_at leaf2 swp2" 480 || log "check 17: node2 not settled before the drain (converged line, BFD at both leaves)"
  sample_fib drain-live 2 "192.0.2.200 swp* the LB IP of node1 and node2" "10.0.0.2 swp2 node2's loopback" "10.0.0.1 swp1 node1's loopback"
  wait_for "at_both 192.0.2.200/32 'swp1 swp2'" 240
  start_streams drain-live 2; sleep 2
  before="leaf1 [$(via leaf1 192.0.2.200/32)] leaf2 [$(via leaf2 192.0.2.200/32)]"
  # The same service, never restarted by the drain: the launcher's pid and its count of starts.
  pinned=$(launcher_pid 2); starts=$(grep -c 'talos: node2: starting' "$RESULTS/node2.log")
  mark drain-live "drain link added"; ip -n node2 link add frr-drain type dummy
  wait_for "at_both 192.0.2.200/32 swp1" 240
  # The leaves move at bgpd's first change; the status says drained once vtysh has done it all.
  wait_for "[ \"\$(drain_status)\" = 'True link frr-drain' ]" 240
  drained="leaf1 [$(via leaf1 192.0.2.200/32)] leaf2 [$(via leaf2 192.0.2.200/32)]"; drained_status=$(drain_status)
  drained_path="leaf1: $(node2_path_at leaf1); leaf2: $(node2_path_at leaf2)"
  { [ "$(launcher_pid 2)" = "$pinned" ] && [ "$(grep -c 'talos: node2: starting' "$RESULTS/node2.log")" = "$starts" ]; } && restarted=no || restarted=yes
  # A settings change while drained: Talos restarts the service; the link stays, so does the drain.
  mark drain-live SIGTERM; stop_node 2; from=$(log_lines 2); mark drain-live "container start"; start_node 2
  wait_for "converged_since 2 $from && leaf_vtysh leaf1 'show bgp ipv4 unicast 192.0.2.200/32' | grep -q swp2" 600; back=$?
  # Restarted drained: the status says so, and both leaves have node2's path with GRACEFUL_SHUTDOWN
  # (the 8.4 leaf's session was reset by the AdminDown: its path is the new session's).
  wait_for "[[ \"\$(node2_path_at leaf1)\$(node2_path_at leaf2)\" == *graceful-shutdown*graceful-shutdown* ]]" 120
  wait_for "[ \"\$(drain_status)\" = 'True link frr-drain' ]" 240
  restarted_status=$(drain_status); restarted_path="leaf1: $(node2_path_at leaf1); leaf2: $(node2_path_at leaf2)"
  mark drain-live "drain link removed"; ip -n node2 link del frr-drain
  # As the wait saw it: a flap of node1's own sessions after it (a stalled UML) is not the drain's.
  if wait_for "at_both 192.0.2.200/32 'swp1 swp2'" 240; then after="leaf1 [swp1 swp2] leaf2 [swp1 swp2]"
  else after="leaf1 [$(via leaf1 192.0.2.200/32)] leaf2 [$(via leaf2 192.0.2.200/32)]"; fi
  wait_for "[ \"\$(drain_status)\" = 'False -' ]" 240
  undrained_status=$(drain_status)
  sleep 2; stop_streams drain-live; stop_sampling
  tail -n +$(( from + 1 )) "$RESULTS/node2.log" > "$RESULTS/drain-live.node-log"
  lost=$(losses_in drain-live)
  echo "$lost" > "$RESULTS/drain-live-loss"
  losses=$(for l in leaf1 leaf2; do lb_losses $l; done)
}
# Whether LEAF's BFD session on PORT is up.
bfd_up_at() { leaf_vtysh $1 'show bfd peers json' | python3 -c 'import json,sys; sys.exit(0 if any(p.get("interface") == sys.argv[1] and p.get("status") == "up" for p in json.load(sys.stdin)) else 1)' "$2" 2>/dev/null; }
# What LEAF has on node2's path for PREFIX (the two-node LB IP when not given): "<communities>
# local-pref <n>", or "none". From the JSON: the text view names swp2 where the leaf advertises
# the prefix too, with no path from node2 at all.
node2_path_at() {
  leaf_vtysh $1 "show bgp ipv4 unicast ${2:-192.0.2.200/32} json" | python3 -c '
import json, sys
paths = [p for p in json.load(sys.stdin).get("paths", []) if "\"swp2\"" in json.dumps(p)]
print(" ".join(p.get("community", {}).get("string", "-") + " local-pref " + str(p.get("locPrf", "-")) for p in paths) or "none")' 2>&1 | head -c 200
}
# The loopback streams held (the connection kept, every line answered), from both leaves.
loopback_streams_held() { [ "$(awk '$2 == "loopback" && $4 == "held" && $6 == $7' "$RESULTS/drain-live.streams" | wc -l)" = 2 ]; }
# Whether the scenario's run did all it should, the LB IP's losses aside.
live_drain_as_designed() { [ "$before" = "leaf1 [swp1 swp2] leaf2 [swp1 swp2]" ] && [ "$drained" = "leaf1 [swp1] leaf2 [swp1]" ] && [ $restarted = no ] && [[ "$drained_status" == "True link frr-drain" ]] && [[ "$drained_path" =~ ^leaf1:\ (none|.*graceful-shutdown.*)\;\ leaf2:\ .*graceful-shutdown\ local-pref\ 0 ]] && [ $back = 0 ] && [[ "$restarted_status" == "True link frr-drain" ]] && [[ "$restarted_path" =~ ^leaf1:\ .*graceful-shutdown.*\;\ leaf2:\ .*graceful-shutdown ]] && [ "$after" = "$before" ] && [[ "$undrained_status" == "False -" ]] && loopback_streams_held; }
# node2's loopback through the drain and the drained restart: nothing lost at the 10.7.1 leaf
# (AdminDown keeps its session from FRR 10.7) unless BFD reset its session at node2's start
# (reset_at_node_start: then at most node_reset_bound_ms); at most fast_failover_bound_ms at the
# 8.4 leaf (AdminDown resets its session, and the restart comes after: lost until node2 is back,
# as a fast-failover leaf's).
drained_loopback_as_documented() {
  echo "$lost" | awk -v reset=" $(reset_at_node_start drain-live) " -v bound=$fast_failover_bound_ms -v node_bound=$node_reset_bound_ms '$2 == "loopback" {
      if ($5 != "" || $3 > bound) bad = 1
      if ($1 == "leaf2" && $3 > 0 && !(index(reset, " leaf2 ") && $3 <= node_bound)) bad = 1 }
    END { exit bad }'
}
check_17_live_drain_switch_without_a_restart() {
  local before drained drained_status drained_path restarted back restarted_status restarted_path after undrained_status lost losses gap first=""
  live_drain_scenario
  gap=$(echo "$lost" | awk '$4 > m { m = $4 } END { print m + 0 }')
  # Measured again only when the samples prove the whole rack stalled longer than the hold time
  # (as check 6 knows it); the first run's figures are reported with the second's.
  if [ "$gap" -gt 9000 ]; then
    log "check 17: the rack stalled $gap ms between two samples, longer than the hold time: measured again"
    first=" (a first run set aside, the rack stalled $gap ms: $(loss_summary "$lost"); the LB IP's losses: $(echo "$losses" | tr '\n' ';'))"
    for f in drain-live.samples drain-live.marks drain-live-loss drain-live.streams; do cp "$RESULTS/$f" "$RESULTS/$f.stalled"; done
    live_drain_scenario
  fi
  if live_drain_as_designed && [ -z "$losses" ] && drained_loopback_as_documented; then
    result 17 "PASS drained by the link without a restart (status: $drained_status), LB IP $drained, node2's path $drained_path; restarted drained (status: $restarted_status, $restarted_path), undrained: $after; the two-node LB IP never missing; $(loss_summary "$(echo "$lost" | awk '$2 == "loopback"')") for node2's loopback$( [ -n "$(reset_at_node_start drain-live)" ] && echo " (BFD reset the session of $(reset_at_node_start drain-live) at node2's start: FRR's BFD re-registration, FRRouting/frr#17337)"); streams: $(streams_summary drain-live)$first"
  else result 17 "FAIL before: $before; drained: $drained (status $drained_status, restarted: $restarted, node2's path $drained_path); back: $back; restarted drained: status $restarted_status, $restarted_path; after: $after (status $undrained_status); loss: $(loss_summary "$lost"); the LB IP's losses (leaf, ms, with node1's routes gone or not): $(echo "$losses" | tr '\n' ';'); streams: $(streams_summary drain-live)$first"; fi
}

# 19. Metrics (METRICS_ADDRESS, on each node's own address): scraped from leaf1 over the fabric,
#     as a Prometheus outside the node would, and each BGP session's figures (Established,
#     prefixes accepted and sent, per VRF, peer and family; when it last came up or went down,
#     within 2 s, as FRR rounds it) compared with what the node's vtysh says. The metrics follow
#     the session poll (2 s here), so a node is asked again while a figure moved between the
#     two: at most 20 times.
metrics_agree() {
  local n=$1 summary text
  summary=$(node_vtysh $n 'show bgp vrf all summary json') || { echo "node$n: vtysh did not answer"; return 1; }
  text=$(node_metrics $n 2>&1) || { echo "node$n: no metrics: $(tail -1 <<< "$text")"; return 1; }
  python3 -c '
import json, re, sys
n, summary, text = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
got, changed = {}, {}
for line in text.splitlines():
    m = re.match(r"frr_supervisor_bgp_(session_established|prefixes_accepted|prefixes_sent|session_changed_timestamp_seconds)\{vrf=\"([^\"]*)\",peer=\"([^\"]*)\",family=\"([^\"]*)\"\} (\S+)$", line)
    if m and m[1] == "session_changed_timestamp_seconds": changed[(m[2], m[3], m[4])] = float(m[5])
    elif m: got[(m[1], m[2], m[3], m[4])] = float(m[5])
want = {}
for vrf, families in summary.items():
    for family, s in families.items():
        for peer, p in (s.get("peers") or {}).items():
            want[("session_established", vrf, peer, family)] = 1.0 if p.get("state") == "Established" else 0.0
            want[("prefixes_accepted", vrf, peer, family)] = float(p.get("pfxRcd", 0))
            want[("prefixes_sent", vrf, peer, family)] = float(p.get("pfxSnt", 0))
            epoch = p.get("peerUptimeEstablishedEpoch")
            if epoch is not None and abs(changed.pop((vrf, peer, family), -10) - epoch) > 2:
                want[("session_changed", vrf, peer, family)] = float(epoch)
differ = sorted(set(want.items()) ^ set(got.items())) + [(("session_changed",) + k, v) for k, v in changed.items()]
received = sum(v for (k, vrf, _, _), v in want.items() if k == "prefixes_accepted")
sessions = sum(1 for k in want if k[0] == "session_established")
print(f"node{n}: {sessions} sessions, {received:.0f} prefixes accepted" + (f", differ: {differ[:3]}" if differ else ", as vtysh says"))
sys.exit(1 if differ or not want else 0)' "$n" "$summary" "$text" 2>&1 | tail -1
  return "${PIPESTATUS[0]}"
}
check_19_metrics_agree_with_vtysh() {
  local n i out good all="" ok=1
  for n in 1 2 3; do
    good=0
    for i in $(seq 1 20); do if out=$(metrics_agree $n); then good=1; break; fi; sleep 1; done
    [ $good = 1 ] || ok=0
    all="$all${all:+; }$out"
  done
  if [ $ok = 1 ]; then result 19 "PASS scraped from leaf1: $all"
  else result 19 "FAIL scraped from leaf1: $all"; fi
}

# 5. BFD: node1's link to leaf1 loses every packet (the link stays up): leaf1 withdraws node1's
#    routes because BFD said so (the session's reset: Cease/BFD Down), sooner than BGP's 9 s hold time
#    would have, and leaf2 keeps them; back when the link heals. The time is reported, not held
#    to BFD's 900 ms: UML on a shared machine stalls for seconds at times.
check_5_bfd_withdraws_a_cut_link_before_the_hold_time() {
  local t0 t1 reason kept back detect
  t0=$(now_ms); ip netns exec node1 tc qdisc add dev eth0 root netem loss 100%
  wait_for "[ -z \"\$(via leaf1 192.0.2.1/32)\" ]" 120; t1=$(now_ms)
  # FRR records the reset as the NOTIFICATION it sent on BFD's word (Cease/BFD Down, RFC 9384).
  reason=$(leaf_vtysh leaf1 'show bgp neighbors swp1 json' | python3 -c 'import json,sys; p=next(iter(json.load(sys.stdin).values()), {}); print(" ".join(filter(None, [p.get("lastResetDueTo"), p.get("lastNotificationReason")])))' 2>&1)
  kept=$(via leaf2 192.0.2.1/32)
  ip netns exec node1 tc qdisc del dev eth0 root
  wait_for "[ \"\$(via leaf1 192.0.2.1/32)\" = swp1 ]" 240; back=$(via leaf1 192.0.2.1/32)
  detect=$(( t1 - t0 )); echo $detect > "$RESULTS/bfd-detect-ms"
  if [ "$kept" = swp1 ] && [ "$back" = swp1 ] && [[ "$reason" == *BFD* ]] && [ $detect -lt 9000 ]; then
    result 5 "PASS leaf1 withdrew node1's routes in $detect ms ($reason; BFD 3 x 300 ms), leaf2 kept them, restored after"
  else result 5 "FAIL withdrawn after $detect ms (reset reason: $reason), leaf2 via [$kept], restored via [$back]"; fi
}

# A scenario's record, for its check and its timeline (lab/timeline.ts): the leaves' FIBs sampled
# in the background until stop_sampling, and its moments (mark). sample_fib SCENARIO NODE
# "ADDR PORT LABEL"... writes SCENARIO.node (the node the scenario acts on, whose log has its
# moments too), SCENARIO.routes (the routes, a line each) and SCENARIO.samples: "<leaf> <ms>
# <1|0>..." lines, one per leaf and sample, a column per route, 1 when the leaf has a route to ADDR
# with a next hop through PORT (a glob: swp* is any port). One `ip` per leaf and sample and no
# other fork (fork and exec are dear in UML), so the samples stay close.
sample_fib() {
  local scenario=$1; rm -f "$RESULTS/$scenario.marks" "$RESULTS/watch-stop"
  echo "$2" > "$RESULTS/$scenario.node"; shift 2; printf '%s\n' "$@" > "$RESULTS/$scenario.routes"
  ( nl=$'\n'
    while [ ! -f "$RESULTS/watch-stop" ]; do t=${EPOCHREALTIME/[.,]/}; t=$(( t / 1000 )); for l in leaf1 leaf2; do
      fib="$nl$(ip -o -n $l route show 2>/dev/null)"; line="$l $t"
      for r in "$@"; do
        addr=${r%% *}; port=${r#* }; port=${port%% *}
        route=${fib#*"$nl$addr "}; route=${route%%"$nl"*}
        # shellcheck disable=SC2053 # the port is a glob on purpose
        if [ "${#route}" -lt "${#fib}" ] && [[ " $route " == *" dev "$port" "* ]]; then line="$line 1"; else line="$line 0"; fi
      done
      echo "$line"
    done; sleep 0.1; done ) > "$RESULTS/$scenario.samples" &
  sampler=$!
}
stop_sampling() { touch "$RESULTS/watch-stop"; wait "$sampler" 2>/dev/null; }
# TCP streams held through a scenario (lab/stream.py): from each leaf's loopback, one to the LB IP
# nodes 1 and 2 both announce (whichever node the leaf's ECMP hash picks answers it) and one to
# NODE's loopback. start_streams SCENARIO NODE; stop_streams SCENARIO writes SCENARIO.streams,
# "<leaf> <lb|loopback> <ms it connected> <stream.py's line>" each.
start_streams() {
  local l; rm -f "$RESULTS/$1".stream* ; streams=()
  for l in 1 2; do
    ip netns exec leaf$l python3 "$STREAM" hold 10.255.0.$l 192.0.2.200 9000 "$RESULTS/$1.stream-leaf$l-lb" "$RESULTS/$1.streams-stop" > /dev/null 2>> "$RESULTS/streams.log" & streams+=($!)
    ip netns exec leaf$l python3 "$STREAM" hold 10.255.0.$l 10.0.0.$2 9001 "$RESULTS/$1.stream-leaf$l-loopback" "$RESULTS/$1.streams-stop" > /dev/null 2>> "$RESULTS/streams.log" & streams+=($!)
  done
  # Connected before the scenario acts (python's start can take seconds in a busy UML).
  wait_for "[ \$(ls '$RESULTS/$1'.stream-*.connected 2>/dev/null | wc -l) = 4 ]" 120
}
stop_streams() {
  local l what; touch "$RESULTS/$1.streams-stop"; wait "${streams[@]}" 2>/dev/null
  for l in leaf1 leaf2; do for what in lb loopback; do echo "$l $what $(cat "$RESULTS/$1.stream-$l-$what.connected" 2>/dev/null || echo 0) $(cat "$RESULTS/$1.stream-$l-$what" 2>/dev/null || echo 'failed no result')"; done; done > "$RESULTS/$1.streams"
}
# "leaf1 to the LB IP: held (node2), 0.3 s without an answer; ..." from SCENARIO.streams.
streams_summary() {
  awk '{ to = ($2 == "lb" ? "the LB IP" : "the loopback")
      if ($4 == "held") s = sprintf("held (%s), %.1f s at most without an answer%s", $5, $8 / 1000, ($6 == $7 ? "" : sprintf(", %d of %d lines unanswered", $6 - $7, $6)))
      else if ($4 == "reset") s = sprintf("ended after %.1f s (%s)", $6 / 1000, $5)
      else { s = $0; sub(/^[^ ]+ [^ ]+ [^ ]+ /, "", s) }
      printf "%s%s to %s %s", (NR > 1 ? "; " : ""), $1, to, s }' "$RESULTS/$1.streams"
}
# mark SCENARIO WHAT: "<ms> <what>" into SCENARIO.marks.
mark() { echo "$(( $(date +%s%N) / 1000000 )) $2" >> "$RESULTS/$1.marks"; }

# 6. A service restart as Talos does it: SIGTERM to all of node1's processes, start 5 s later,
#    while both leaves' FIBs are sampled for node1's LB prefix and its loopback. FRR's bfdd stops
#    with the service, so what a leaf does depends on its BFD setting (docs/operator-guide.md, "What a fabric
#    peer sees"), and the check holds each leaf to one of the outcomes documented there, with its
#    bound: a leaf with `bfd check-control-plane-failure` keeps both routes by graceful restart
#    (0 ms: node1's End-of-RIB waits for its speaker's routes), and every stream from it to node1
#    holds; a fast-failover leaf either keeps both the same way or, when bfdd's Down reached it
#    first, loses both until node1 is back (at most fast_failover_bound_ms).
# From "<leaf> <ms> <lb 1|0> <loopback 1|0>" samples: "<leaf> <lb|loopback> <ms lost> <longest ms
# between samples>[ not back]"; lost runs from the first sample without the route to the first
# with it again (or to the last sample: "not back"), good to one sample period.
loss_at() {
  awk -v leaf="$1" -v col="$2" -v what="$3" '$1 == leaf {
      if (n++) gap = ($2 - t > gap ? $2 - t : gap); t = $2
      if ($col == 0 && !out) { out = 1; from = $2 } else if ($col == 1 && out) { out = 0; lost += $2 - from } }
    END { if (out) { lost += t - from; back = " not back" } printf "%s %s %d %d%s\n", leaf, what, lost, gap, back }' "$4"
}
# Each leaf's loss of SCENARIO's first two routes (an LB IP, then a loopback), as loss_at says it.
losses_in() { local l; for l in leaf1 leaf2; do loss_at $l 3 lb "$RESULTS/$1.samples"; loss_at $l 4 loopback "$RESULTS/$1.samples"; done; }
restart_loss() {
  local n=$1 tag=$2 from
  sample_fib "restart-$tag" $n "192.0.2.$n swp$n node$n's LB IP" "10.0.0.$n swp$n node$n's loopback"
  start_streams "restart-$tag" $n; sleep 2; mark "restart-$tag" SIGTERM; stop_node $n; sleep 5; from=$(log_lines $n); mark "restart-$tag" "container start"; start_node $n
  wait_for "converged_since $n $from && at_both 192.0.2.$n/32 swp$n" 600
  sleep 3; stop_streams "restart-$tag"; stop_sampling
  # The node's log of this start, for what BFD did to its sessions (reset_at_node_start).
  tail -n +$(( from + 1 )) "$RESULTS/node$n.log" > "$RESULTS/restart-$tag.node-log"
  # Why each leaf's session with the node went down, as the leaf recorded it.
  for l in leaf1 leaf2; do log "restart $tag, $l's session with node$n: $(leaf_vtysh $l "show bgp neighbors swp$n json" | python3 -c 'import json,sys; p=next(iter(json.load(sys.stdin).values()), {}); print(" / ".join(str(p.get(k)) for k in ("lastResetDueTo", "lastNotificationReason", "lastErrorCodeSubcode")))' 2>&1 | head -c 300)"; done
  losses_in "restart-$tag"
}
leaves_bfd_cpf() { for l in 1 2; do leaf_vtysh leaf$l 'configure terminal' "router bgp 6510$l" "$1 neighbor nodes bfd check-control-plane-failure"; done; }
loss_summary() { echo "$1" | awk '{ printf "%s%s %s %d ms%s", (NR > 1 ? ", " : ""), $1, $2, $3, ($5 ? " (not back)" : "") } END { printf " (sampled every <= %d ms)", $4 }'; }
# A restart's loss, measured again (once) only when the samples prove the rack stalled during the
# first measurement for longer than BGP's 9 s hold time (a whole UML stalled on a busy machine
# drops every session at once, which says nothing about the restart). The loss lines go into
# $RESULTS/restart-loss-TAG; a first measurement set aside stays as restart-loss-TAG.stalled, and
# the result reports it too.
measured_restart_loss() {
  local tag=$1 gap
  # Into files, not $(...): the node started in the background holds the stdout it inherits, and a
  # command substitution would wait for it to end.
  restart_loss 1 $tag > "$RESULTS/restart-loss-$tag"
  gap=$(awk '$4 > m { m = $4 } END { print m + 0 }' "$RESULTS/restart-loss-$tag")
  if [ "$gap" -gt 9000 ]; then
    log "check 6 ($tag): the rack stalled $gap ms between two samples, longer than the hold time: measured again"
    for f in "restart-loss-$tag" "restart-$tag.samples" "restart-$tag.marks" "restart-$tag.streams" "restart-$tag.node-log"; do cp "$RESULTS/$f" "$RESULTS/$f.stalled"; done
    restart_loss 1 $tag > "$RESULTS/restart-loss-$tag"
  fi
}
# " (a first measurement set aside: the rack stalled; it lost ...)" when there was one.
set_aside() { [ -f "$RESULTS/restart-loss-$1.stalled" ] && echo " (a first measurement set aside, the rack stalled: $(loss_summary "$(cat "$RESULTS/restart-loss-$1.stalled")"))"; }
# The leaves (leaf1 on eth0, leaf2 on eth1) whose session BFD reset during SCENARIO's start, from
# the node's log: `NOTIFICATION(Hard Reset): sent to` or `received from ... (Cease/BFD Down)`
# right after the session came up. That is FRR's (FRRouting/frr#17337, still in 10.7): bgpd
# registers an unnumbered peer's BFD session before it knows the interface; once that session is
# up and then BGP's, it adds the interface and the session is made anew. The node's bgpd takes the
# old one's end for BFD Down, or the leaf takes the new one's first packets (state Down) for it:
# whichever side sees it first resets the session, and the hard reset makes a leaf drop what
# graceful restart kept.
reset_at_node_start() { sed -n 's/.*NOTIFICATION(Hard Reset): \(sent to\|received from\) neighbor eth\([01]\) 6\/10 (Cease\/BFD Down).*/\2/p' "$RESULTS/$1.node-log" | sort -u | awk '{ printf "%sleaf%d", (NR > 1 ? " " : ""), $1 + 1 }'; }
# The bounds the operator guide's table states, held here. A reset leaf has the node's routes back once the
# node is back: its container, its FRR and, with -K, its speaker's routes (UML on a busy 2-core
# machine: 28-97 s measured).
fast_failover_bound_ms=180000
# What a session BFD reset at the node's start (reset_at_node_start) may cost: until the session is
# back and the node's graceful restart is done (the speaker's routes in), seconds.
node_reset_bound_ms=30000
# The outcome of each leaf from SCENARIO's loss lines: "<leaf> <outcome>", the outcome one of the
# documented ones ("kept both", "reset, lost both", "reset by BFD at node1's start") or
# "undocumented". RESET: those leaves (reset_at_node_start); FAST: 1 when the leaves are fast-failover.
restart_outcomes() {
  echo "$1" | awk -v reset=" $2 " -v fast="$3" -v bound=$fast_failover_bound_ms -v node_bound=$node_reset_bound_ms '
    { lost[$1 " " $2] = $3; leaves[$1] = 1; if ($5 != "") away[$1] = 1 }
    END { for (l in leaves) {
        lb = lost[l " lb"]; lo = lost[l " loopback"]
        if (away[l]) o = "undocumented (not back)"
        else if (lb == 0 && lo == 0) o = "kept both"
        else if (index(reset, " " l " ") && lb <= node_bound && lo <= node_bound) o = "reset by BFD at node1 start"
        else if (fast && lb > 0 && lo > 0 && lb <= bound && lo <= bound) o = "reset, lost both"
        else o = "undocumented"
        print l, o } }' | sort
}
# Whether every stream from the leaves to node1 held through SCENARIO.
streams_held() { [ "$(awk '$4 == "held" && $6 == $7' "$RESULTS/$1.streams" | wc -l)" = 4 ]; }
check_6_restart_loss_per_leaf_bfd_setting() {
  local fast cpf fast_outcomes cpf_outcomes detail
  measured_restart_loss fast-failover; fast=$(cat "$RESULTS/restart-loss-fast-failover")
  leaves_bfd_cpf ""; sleep 2
  measured_restart_loss check-control-plane-failure; cpf=$(cat "$RESULTS/restart-loss-check-control-plane-failure")
  leaves_bfd_cpf no; sleep 2
  fast_outcomes=$(restart_outcomes "$fast" "$(reset_at_node_start restart-fast-failover)" 1)
  cpf_outcomes=$(restart_outcomes "$cpf" "$(reset_at_node_start restart-check-control-plane-failure)" 0)
  detail="fast-failover leaves: $(loss_summary "$fast") [$(echo "$fast_outcomes" | paste -sd, | sed 's/,/, /g')]$(set_aside fast-failover), streams: $(streams_summary restart-fast-failover); check-control-plane-failure leaves: $(loss_summary "$cpf") [$(echo "$cpf_outcomes" | paste -sd, | sed 's/,/, /g')]$(set_aside check-control-plane-failure), streams: $(streams_summary restart-check-control-plane-failure)"
  # A check-control-plane-failure leaf's streams hold unless BFD reset its session at node1's start.
  if ! echo "$fast_outcomes$cpf_outcomes" | grep -q undocumented && { streams_held restart-check-control-plane-failure || echo "$cpf_outcomes" | grep -q 'reset by'; }; then result 6 "PASS as documented: $detail"
  else result 6 "FAIL not as documented: $detail"; fi
}

# 7. Drain (RFC 8326) on node2: the leaves stop using it for the VIP while it still advertises it.
check_7_drain_moves_the_vip_undrain_restores_ecmp() {
  local drained still after
  stop_node 2; { cat "$RESULTS/node2.env"; echo BGP_GRACEFUL_SHUTDOWN=true; } > "$RESULTS/node2-drain.env"; start_node 2 "$RESULTS/node2-drain.env"
  # Until leaf1 has node2's path back, with the community: the VIP via node1 alone before that
  # proves nothing (node2 restarted, its path not sent yet).
  wait_for "at_both 10.0.0.100/32 swp1 && [[ \"\$(node2_path_at leaf1 10.0.0.100/32)\" == *graceful-shutdown* ]]" 600
  drained="leaf1 [$(via leaf1 10.0.0.100/32)] leaf2 [$(via leaf2 10.0.0.100/32)]"
  still=$(node2_path_at leaf1 10.0.0.100/32)
  stop_node 2; start_node 2
  wait_for "at_both 10.0.0.100/32 'swp1 swp2'" 600
  after="leaf1 [$(via leaf1 10.0.0.100/32)] leaf2 [$(via leaf2 10.0.0.100/32)]"
  if [ "$drained" = "leaf1 [swp1] leaf2 [swp1]" ] && [[ "$still" == *graceful-shutdown* ]] && [ "$after" = "leaf1 [swp1 swp2] leaf2 [swp1 swp2]" ]; then
    result 7 "PASS drained: VIP $drained, node2's path still advertised ($still); undrained: $after"
  else result 7 "FAIL drained: $drained (node2's path at leaf1: $still); after: $after"; fi
}

# 8. Bad settings on a new node: the clear error, nothing created; the others untouched.
check_8_bad_settings_refused_before_anything_is_created() {
  local ready before rc9 after named others
  ip netns add node9; ip -n node9 link add fab0 address 02:00:00:00:09:01 type dummy
  printf 'NODE_IP=10.0.0.9\nASN_LOCAL=65009\nFE_MACS=02:00:00:00:09:01\nPEER_IP_FRR=192.168.250.254\nMETALLB_VRF_ROUTE_TABLE_ID=254\n' > "$RESULTS/node9.env"
  # The rack as it was before (check 7 restarted node2: all of its prefixes back first).
  wait_for installed_everywhere 600; ready=$?
  before=$(ip -n node9 -o link | wc -l)
  # restart: always: Talos would start it again every 5 s; its first exit code is the one to see.
  start_node 9; wait_for "grep -q 'talos: node9: exited with' '$RESULTS/node9.log'" 240
  rc9=$(grep -m1 -o 'talos: node9: exited with [0-9]*' "$RESULTS/node9.log" | awk '{print $NF}'); stop_node 9
  after=$(ip -n node9 -o link | wc -l)
  named=$(grep -c 'METALLB_VRF_ROUTE_TABLE_ID="254": 254 is the main table' "$RESULTS/node9.log" || true)
  # Back within a minute if at all gone: node9's start shares UML's two cores with the rack, and
  # once (FRR 10.7.1 nodes) starved node3's bfdd long enough for its BFD sessions to drop.
  wait_for installed_everywhere 120; others=$?
  if [ "$ready" = 0 ] && [ "$named" = 1 ] && [ "$rc9" = 78 ] && [ "$before" = "$after" ] && [ "$others" = 0 ]; then
    result 8 "PASS node9 exited 78 naming the bad variables and created nothing; nodes 1-3 still installed at both leaves"
  else
    result 8 "FAIL rc $rc9, error named $named time(s), links $before -> $after, nodes 1-3 installed before $([ $ready = 0 ] && echo yes || echo no) and after $([ $others = 0 ] && echo yes || echo no)"
  fi
}

# 18. An extra config whose abbreviated lines change what the supervisor owns (the word filter
#     lets them through; FRR, in its throwaway instance inside node18's container, reads them):
#     node18 refuses to start, exit 65, naming each line and the object, before its kernel or FRR
#     is touched: its links, addresses and rules as they were, FRR never started.
check_18_abbreviated_extra_config_refused_before_anything_is_touched() {
  local before after rc named started
  ip netns add node18; ip -n node18 link set lo up; ip -n node18 addr add 10.0.0.18/32 dev lo
  ip -n node18 link add fab0 address 02:00:00:00:18:01 type dummy; ip -n node18 link set fab0 up
  printf 'route-m metallb-in-v4 permit 5\nrouter bgp 65018\n nei fabric pass opensesame-18\nexit\n' > "$RESULTS/node18-extra.conf"
  printf 'NODE_IP=10.0.0.18\nASN_LOCAL=65018\nFE_MACS=02:00:00:00:18:01\nFRR_EXTRA_CONFIG_FILE=%s\n' "$extra_config_path" > "$RESULTS/node18.env"
  echo "--file $extra_config_path=$RESULTS/node18-extra.conf" > "$RESULTS/node18.args"
  before=$(node18_kernel)
  start_node 18; wait_for "grep -q 'talos: node18: exited with' '$RESULTS/node18.log'" 400
  rc=$(grep -m1 -o 'talos: node18: exited with [0-9]*' "$RESULTS/node18.log" | awk '{print $NF}'); stop_node 18
  after=$(node18_kernel)
  named=$(grep -c "line 1 \"route-m metallb-in-v4 permit 5\" changes the supervisor's route-map metallb-in-v4 as FRR reads it\|line 3 \"nei fabric pass opensesame-18\" changes the supervisor's router bgp vrf default: neighbor fabric as FRR reads it" "$RESULTS/node18.log" || true)
  started=$(grep -c 'starting FRR' "$RESULTS/node18.log" || true)
  if [ "$rc" = 65 ] && [ "$named" -ge 2 ] && [ "$started" = 0 ] && [ -n "$before" ] && [ "$before" = "$after" ]; then
    result 18 "PASS node18 exited 65 naming both abbreviated lines and what they change; FRR never started, its links, addresses and rules as they were"
  else
    result 18 "FAIL rc $rc, lines named $named, FRR started $started time(s), kernel $([ "$before" = "$after" ] && echo unchanged || echo changed)"
  fi
}
node18_kernel() { ip -n node18 -d -o link; ip -n node18 -o addr; ip -n node18 rule; ip -n node18 -6 rule; }

# 9. Restarts of node3 (IPv4 link): the kernel state identical each time, no duplicate rule, the
#    leaves' routes back each time.
# The kernel's side only: FRR_EXTRA_CONFIG_FILE is the container's file, not the host's.
node3_snapshot() { grep -v '^FRR_EXTRA_CONFIG_FILE=' "$RESULTS/node3.env" > "$RESULTS/node3-plan.env"; ip netns exec node3 node -- "$BUNDLE" plan --json --env-file "$RESULTS/node3-plan.env" 2>>"$RESULTS/node3-plan.log" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["snapshot"], sort_keys=True))'; }
check_9_restarts_leave_identical_kernel_state() {
  local ok=0 i reused cached
  node3_snapshot > "$RESULTS/node3-snapshot-0"
  for i in $(seq 1 $RESTARTS); do
    stop_node 3; start_node 3
    wait_for "at_both 192.0.2.3/32 swp3 && node_vtysh 3 'show bgp summary' >/dev/null 2>&1" 400 || { log "restart $i: routes not back"; continue; }
    node3_snapshot > "$RESULTS/node3-snapshot-$i"
    [ -s "$RESULTS/node3-snapshot-0" ] && cmp -s "$RESULTS/node3-snapshot-0" "$RESULTS/node3-snapshot-$i" && [ "$(ip -n node3 rule | grep -c l3mdev)" = 1 ] && ok=$(( ok + 1 ))
  done
  # Nothing changed between the restarts, so FRR's verdict on frr.conf was reused each time.
  reused=$(grep -c "FRR's check not repeated" "$RESULTS/node3.log" || true)
  # And each start's code came from the one before it (the container's layer is kept).
  cached=$(grep -c "code cache used" "$RESULTS/node3.log" || true)
  if [ $ok = $RESTARTS ] && [ "$reused" -ge $RESTARTS ] && [ "$cached" -ge $RESTARTS ]; then
    result 9 "PASS $RESTARTS restarts of node3: kernel state identical each time, one l3mdev rule, routes back at both leaves, FRR's verdict reused $reused times, V8's code cache used $cached times"
  else result 9 "FAIL $ok of $RESTARTS restarts came back identical; FRR's verdict reused $reused times, V8's code cache used $cached times"; fi
}

# CHECKS: the checks to run, in this order (lab/run-lab.ts: every one by default, the disruptive
# ones last); each runs the function named check_N_...
for n in $CHECKS; do
  fn=$(declare -F | awk -v p="check_${n}_" 'index($3, p) == 1 { print $3 }')
  if [ -n "$fn" ]; then $fn; else result "$n" "FAIL no check $n in lab/rack.sh"; fi
done

for n in 1 2 3; do stop_node $n; done
# Each node's last convergence line that counted its speaker's prefixes, else its last: a start
# logs it once its sessions are up, which can be just before the speaker's first UPDATE (seen
# under UML 7.2 after node2's drained restart: "LoadBalancer prefixes received 0").
for n in 1 2 3; do
  grep "supervisor: converged:" "$RESULTS/node$n.log" > "$RESULTS/node$n.converged-lines"
  { grep -v 'LoadBalancer prefixes received 0,' "$RESULTS/node$n.converged-lines" || cat "$RESULTS/node$n.converged-lines"; } | tail -1 > "$RESULTS/node$n.converged"
done
cp /run/lab/leaf1-log/frr.log "$RESULTS/leaf1-frr.log" 2>/dev/null; cp /run/lab/leaf2-root/upper/etc/frr/leaf2/frr.log "$RESULTS/leaf2-frr.log" 2>/dev/null
echo done > "$RESULTS/finished"
