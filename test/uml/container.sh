# frr-supervisor in the extension's container, started as Talos starts it (lab/talos: crun, an
# overlay rootfs, frr.yaml's entrypoint and mounts, the ExtensionServiceConfig's environment),
# with the Debian tree TREE (FRR 10.x) on a node peering with a leaf running Debian 12's FRR 8.4.
# Set by the test: LAUNCHER, TREE, RESULTS.
set -u
mount -t tmpfs tmp /etc/frr
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_for() { local i; for i in $(seq 1 "$2"); do eval "$1" && return 0; sleep 0.5; done; return 1; }
step() { echo "$(date +%T) $*" >> "$RESULTS/steps"; }

ip netns add leaf; ip -n leaf link set lo up; ip -n leaf addr add 10.255.0.1/32 dev lo
ip netns add node; ip -n node link set lo up; ip -n node addr add 10.0.0.1/32 dev lo
ip netns exec node sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip link add eth0 netns node address 02:00:00:00:01:01 type veth peer name swp1 netns leaf
ip -n node link set eth0 up; ip -n leaf link set swp1 up
mkdir -p /etc/frr/leaf
printf 'zebra=yes\nbgpd=yes\nbfdd=yes\nstaticd=yes\nvtysh_enable=yes\nzebra_options="-A 127.0.0.1"\nbgpd_options="-A 127.0.0.1"\nbfdd_options="-A 127.0.0.1"\n' > /etc/frr/leaf/daemons
echo 'service integrated-vtysh-config' > /etc/frr/leaf/vtysh.conf
cat > /etc/frr/leaf/frr.conf <<'CONF'
frr defaults datacenter
hostname leaf
interface swp1
 ipv6 nd ra-interval 3
 no ipv6 nd suppress-ra
exit
router bgp 65101
 bgp router-id 10.255.0.1
 neighbor swp1 interface remote-as external
 neighbor swp1 bfd
 address-family ipv4 unicast
  redistribute connected
 exit-address-family
exit
CONF
ip netns exec leaf /usr/lib/frr/frrinit.sh start leaf > "$RESULTS/leaf.log" 2>&1

cat > "$RESULTS/esc.yaml" <<'YAML'
apiVersion: v1alpha1
kind: ExtensionServiceConfig
name: frr
environment:
  - NODE_IP=10.0.0.1
  - ASN_LOCAL=65001
  - FE_MACS=02:00:00:00:01:01
  - SESSION_POLL_SECONDS=1
YAML
state=/run/lab/node/state; host=/run/lab/node/host
launch() { ( ip netns exec node node "$LAUNCHER" --tree "$TREE" --state $state --host-root $host --id node --config "$RESULTS/esc.yaml" >> "$RESULTS/node.log" 2>&1; echo $? > "$RESULTS/launcher.rc" ) & }
learned() { ip -n leaf route show 10.0.0.1/32 | grep -q 'swp1'; }
# The node's log since the last mark: what the current run of the container wrote.
mark() { wc -l < "$RESULTS/node.log" > "$RESULTS/mark"; }
since_mark() { tail -n +"$(( $(cat "$RESULTS/mark") + 1 ))" "$RESULTS/node.log"; }
session_up() { since_mark | grep -q 'bgp eth0 vrf default ipv4Unicast: \w* -> Established'; }
container_pids() { crun ps --format json node 2>/dev/null | python3 -c 'import json,sys; print(" ".join(map(str, json.load(sys.stdin))))'; }
# Process names, the supervisor by its script (Node 24 names its main thread "MainThread").
is_supervisor() { [ "$(cat /proc/$1/comm 2>/dev/null)" != tini ] && tr '\0' ' ' < /proc/$1/cmdline 2>/dev/null | grep -q 'frr-supervisor.cjs run'; }
names_of() { for p in $1; do if is_supervisor $p; then echo frr-supervisor; else cat /proc/$p/comm 2>/dev/null; fi; done | sort | tr '\n' ' '; }
supervisor_pid() { for p in $(container_pids); do is_supervisor $p && echo $p; done; }
frr_left() { for p in $(pgrep -x 'zebra|bgpd|bfdd|staticd|mgmtd|watchfrr'); do [ "$(readlink /proc/$p/root)" = / ] || echo $p; done; }

# 1. First start: no frr.conf, no verdict, a fresh rootfs layer.
step "first start"; t0=$(now_ms); launch
wait_for learned 600 && echo $(( $(now_ms) - t0 )) > "$RESULTS/first-learned-ms"
step "learned"
wait_for "grep -q 'FRR runs the whole frr.conf\|FRR runs only part' '$RESULTS/node.log'" 120; sleep 2
cp "$RESULTS/node.log" "$RESULTS/first-start.log"
names_of "$(container_pids)" > "$RESULTS/processes-1"
for p in $(container_pids); do [ "$(cat /proc/$p/comm)" = zebra ] && tr '\0' '\n' < /proc/$p/environ > "$RESULTS/zebra-environ"; done
cp $host/var/run/frr/frr-supervisor-status.json "$RESULTS/status-1.json" 2>/dev/null
ip netns exec node nsenter -t "$(crun ps --format json node | python3 -c 'import json,sys; print(json.load(sys.stdin)[0])')" -m -p -r vtysh -c 'show running-config' > "$RESULTS/running-config-1" 2>&1
for port in 179 2601 2605 2616 2617 2623; do if ip netns exec node bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then echo "$port open"; else echo "$port closed"; fi; done > "$RESULTS/vty-tcp-1"

# 2. talosctl service ext-frr stop: SIGTERM to every process, SIGKILL after 10 s.
step "stop"; t0=$(now_ms); kill -TERM "$(pgrep -f "talos-service.mjs.*--id node")"
wait_for "[ -f '$RESULTS/launcher.rc' ]" 60; echo $(( $(now_ms) - t0 )) > "$RESULTS/stop-ms"
frr_left > "$RESULTS/frr-left-1"; crun list 2>/dev/null | tail -n +2 > "$RESULTS/containers-left-1"
step "stopped"

# 3. Start again on the same rootfs layer: frr.conf and FRR's verdict survived.
wait_for "! learned" 60
rm -f "$RESULTS/launcher.rc"; mark; launch
step "second start"; wait_for "session_up && learned" 600 && echo yes > "$RESULTS/relearned"
since_mark > "$RESULTS/second-start.log"

# 4. The supervisor dies (SIGKILL): tini ends the container, restart: always starts it 5 s later.
mark; step "kill supervisor"; kill -9 "$(supervisor_pid)"
wait_for "since_mark | grep -q 'restarting in 5 s'" 60
wait_for "since_mark | grep -q 'talos: node: starting' && session_up && learned" 600 && echo yes > "$RESULTS/restarted"
names_of "$(container_pids)" > "$RESULTS/processes-3"

cp $host/var/run/frr/frr-supervisor-status.json "$RESULTS/status-3.json" 2>/dev/null
stop_service() { kill -TERM "$(pgrep -f "talos-service.mjs.*--id node")"; wait_for "[ -f '$RESULTS/launcher.rc' ]" 60; }
step "final stop"; stop_service
frr_left > "$RESULTS/frr-left-2"
esc_with() { local name=$1; shift; { cat "$RESULTS/esc.yaml"; for e in "$@"; do echo "  - $e"; done; } > "$RESULTS/esc-$name.yaml"; }
launch_with() { ( ip netns exec node node "$LAUNCHER" --tree "$TREE" --state $state --host-root $host --id node --config "$RESULTS/esc-$1.yaml" >> "$RESULTS/node.log" 2>&1; echo $? > "$RESULTS/launcher.rc" ) & }

# 5. The vtysh -b that applies frr.conf cut short, as watchfrr cuts a restart job's past
#    --restart-timeout (SIGTERM): here the start script's, which applies it first. The supervisor
#    sees FRR run part of the config and, once every daemon is up, applies it whole itself.
rm -f "$RESULTS/launcher.rc"; mark; step "start, then cut the apply short"; launch
for i in $(seq 1 3000); do
  for v in $(pgrep -f 'vtysh -b$'); do
    if tr '\0' ' ' < /proc/"$(ps -o ppid= -p "$v" | tr -d ' ')"/cmdline 2>/dev/null | grep -q 'frr-start'; then kill -TERM "$v"; echo "$v" > "$RESULTS/vtysh-killed"; break 2; fi
  done
  sleep 0.05
done
wait_for "since_mark | grep -q 'FRR runs the whole frr.conf\|FRR refused frr.conf again'" 600
sleep 2; since_mark > "$RESULTS/killed-apply.log"
cp $host/var/run/frr/frr-supervisor-status.json "$RESULTS/status-5.json" 2>/dev/null
ip netns exec node nsenter -t "$(crun ps --format json node | python3 -c 'import json,sys; print(json.load(sys.stdin)[0])')" -m -p -r vtysh -c 'show running-config' > "$RESULTS/running-config-5" 2>&1
step "stop"; stop_service

# 6. A line that vtysh --dryrun takes and only bgpd refuses (local-as equal to the node's AS),
#    from templates placed in the container's writeable layer: refused by FRR's check where
#    bgpd -C runs (10.3), at run time where it does not (10.7): exit 65 either way, never healthy.
mkdir -p $state/upper/etc/broken-templates; cp "$TREE"/rootfs/usr/local/lib/containers/frr/usr/local/lib/frr-supervisor/templates/*.njk $state/upper/etc/broken-templates/
sed -i 's/local-as {{ asnVrfMetallb }}/local-as {{ asnLocal }}/' $state/upper/etc/broken-templates/frr.conf.njk
grep -c 'local-as {{ asnLocal }}' $state/upper/etc/broken-templates/frr.conf.njk > "$RESULTS/broken-template-lines"
esc_with broken FRR_SUPERVISOR_TEMPLATES=/etc/broken-templates
rm -f "$RESULTS/launcher.rc"; mark; step "start with a config only bgpd refuses"; launch_with broken
wait_for "since_mark | grep -q 'restarting in 5 s'" 600
since_mark > "$RESULTS/refused.log"
cp $host/var/run/frr/frr-supervisor-status.json "$RESULTS/status-6.json" 2>/dev/null
step "stop"; stop_service
frr_left > "$RESULTS/frr-left-3"

# 7. An extra config from configFiles whose abbreviated lines change what the supervisor owns
#    (the word filter does not read them; FRR does, in its throwaway instance inside the
#    container): refused before the kernel or FRR is touched. The VRF and veth pair the earlier
#    starts made are removed first, so that a start that went on would make them again.
ip -n node link del veth-metallb 2>/dev/null; ip -n node link del metallb 2>/dev/null
kernel_state() { ip -n node -d -o link show | sed 's/ \(mtu\|qdisc\|state\|mode\|group\|qlen\|link\/[a-z]*\|brd\|promiscuity\|minmtu\|maxmtu\) [^ ]*//g'; ip -n node -o addr show; ip -n node rule show; ip -n node -6 rule show; }
kernel_state > "$RESULTS/kernel-before-7"
{ cat "$RESULTS/esc.yaml"; echo '  - FRR_EXTRA_CONFIG_FILE=/usr/local/etc/frr-supervisor/extra.conf'; cat <<'YAML'
configFiles:
  - mountPath: /usr/local/etc/frr-supervisor/extra.conf
    content: |
      route-m metallb-in-v4 permit 5
      router bgp 65001
       nei fabric pass opensesame-1
      exit
YAML
} > "$RESULTS/esc-abbreviated.yaml"
rm -f "$RESULTS/launcher.rc"; mark; step "start with an extra config of abbreviated owned lines"; launch_with abbreviated
wait_for "since_mark | grep -q 'restarting in 5 s'" 600
since_mark > "$RESULTS/abbreviated.log"
kernel_state > "$RESULTS/kernel-after-7"
frr_left > "$RESULTS/frr-left-7"
step "stop"; stop_service
ip netns exec leaf /usr/lib/frr/frrinit.sh stop leaf >/dev/null 2>&1
echo done > "$RESULTS/finished"
