# `frr-supervisor run` with Debian's FRR, inside one User-Mode Linux boot. Each scenario runs the
# bundle under tini in its own PID namespace (as Talos runs the extension) and its own network
# namespace, with a private /etc/frr. Set by the test: BUNDLE, RESULTS, TEMPLATES (this checkout's).
set -u
mount -t tmpfs tmp /etc/frr

new_ns() {
  ip netns add "$1"; ip -n "$1" link set lo up; ip -n "$1" addr add 10.10.10.10/32 dev lo
  ip -n "$1" link add fab0 address 02:00:00:00:10:01 mtu 9000 type dummy; ip -n "$1" link set fab0 up
}
env_file() { printf 'NODE_IP=%s\nASN_LOCAL=65001\nFE_MACS=02:00:00:00:10:01\nSESSION_POLL_SECONDS=1\nFE_WAIT_SECONDS=5\n' "$1" > "$RESULTS/$2.env"; }
# Starts run in the background; its exit code lands in $RESULTS/$name.rc.
start_run() {
  local ns=$1 name=$2; shift 2
  ( ip netns exec "$ns" env "$@" unshare --pid --fork --mount-proc tini -s -- node -- "$BUNDLE" run --env-file "$RESULTS/$name.env" > "$RESULTS/$name.log" 2>&1; echo $? > "$RESULTS/$name.rc" ) &
}
supervisor_pid() { ps -eo pid=,comm=,args= | awk -v n="$1" '$2=="node" && index($0, n".env") {print $1}'; }
tini_pid() { ps -eo pid=,comm=,args= | awk -v n="$1" '$2=="tini" && index($0, n".env") {print $1}'; }
# Every process in the PID namespace of that run's tini (the container's processes).
container_pids() { local t; t=$(tini_pid "$1"); [ -n "$t" ] || return 0; local ns; ns=$(readlink /proc/$t/ns/pid); for p in /proc/[0-9]*; do [ "$(readlink $p/ns/pid 2>/dev/null)" = "$ns" ] && echo "${p#/proc/}"; done; }
frr_pids() { pgrep -x "$1" ; }
wait_for() { local i; for i in $(seq 1 "$2"); do eval "$1" && return 0; sleep 0.5; done; return 1; }
bgpd_answers() { ip netns exec "$1" vtysh -c 'show bgp summary json' >/dev/null 2>&1; }
gone() { ! pgrep -x zebra >/dev/null && ! pgrep -x bgpd >/dev/null && ! pgrep -x bfdd >/dev/null && ! pgrep -x staticd >/dev/null && ! pgrep -x watchfrr >/dev/null; }
# No FRR daemon has a vty on TCP (daemons: -P 0): each port they would listen on, refused; bgpd's BGP port, open, shows the probe sees a listener.
vty_tcp() { for port in 179 2601 2605 2616 2617 2623; do if ip netns exec "$1" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null; then echo "$port open"; else echo "$port closed"; fi; done; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# A. Up; bgpd killed five times; SIGTERM to the entrypoint alone. watchfrr restarts a daemon at
#    most once a minute by default; the start command (a setting) shortens that for the test.
new_ns a; env_file 10.10.10.10 a; echo 'FRR_START_COMMAND=/usr/lib/frr/watchfrr --restart-timeout 120 --min-restart-interval 1 --max-restart-interval 3 zebra bgpd staticd bfdd' >> "$RESULTS/a.env"; start_run a a
wait_for "bgpd_answers a" 120 && echo up > "$RESULTS/a.up"
wait_for "grep -q 'converged\|bgp fab0' '$RESULTS/a.log'" 20
wait_for "grep -q 'FRR runs the whole frr.conf\|FRR runs only part' '$RESULTS/a.log'" 120
ip netns exec a vtysh -c 'show running-config' > "$RESULTS/a.running-config"
vty_tcp a > "$RESULTS/a.vty-tcp"
cp /run/frr/frr-supervisor-status.json "$RESULTS/a.status.json" 2>/dev/null
for i in 1 2 3 4 5; do
  old=$(pgrep -x bgpd); kill -9 $old
  wait_for "[ -n \"\$(pgrep -x bgpd)\" ] && [ \"\$(pgrep -x bgpd)\" != '$old' ] && bgpd_answers a" 120 && echo "restart $i ok" >> "$RESULTS/a.bgpd-restarts"
done
# watchfrr's restarts as the status counts them (the metrics serve the same count).
wait_for "grep -q '\"bgpd\": 5' /run/frr/frr-supervisor-status.json" 20
cp /run/frr/frr-supervisor-status.json "$RESULTS/a.status-after-kills.json" 2>/dev/null
# A zombie can be caught in the instant between a process's exit and its reaping; one that is
# still there three seconds later is one nobody reaps.
ps -eo stat=,pid=,ppid=,args= | awk '$1 ~ /^Z/' > "$RESULTS/a.zombies-first"
sleep 3
ps -eo stat=,pid=,ppid=,args= | awk '$1 ~ /^Z/' > "$RESULTS/a.zombies-later"
grep -Fxf "$RESULTS/a.zombies-first" "$RESULTS/a.zombies-later" > "$RESULTS/a.zombies"
container_pids a | wc -l > "$RESULTS/a.container-process-count"
# Twice, as it happens on Talos: SIGTERM to every process, and tini forwarding its own.
sup=$(supervisor_pid a); t0=$(date +%s%N); kill -TERM "$sup"; sleep 0.05; kill -TERM "$sup"
wait_for "[ -f '$RESULTS/a.rc' ]" 30; ms_since $t0 > "$RESULTS/a.stop-ms"
gone && echo yes > "$RESULTS/a.all-gone"

# B. SIGTERM to every process of the container at once, as Talos does.
#    The drain is on here: applied at run time, never written to frr.conf.
new_ns b; env_file 10.10.10.10 b; echo 'BGP_GRACEFUL_SHUTDOWN=true' >> "$RESULTS/b.env"; start_run b b
wait_for "bgpd_answers b" 120
wait_for "ip netns exec b vtysh -c 'show running-config' | grep -q '^bgp graceful-shutdown'" 40
ip netns exec b vtysh -c 'show running-config' > "$RESULTS/b.running-config"; cp /etc/frr/frr.conf "$RESULTS/b.frr.conf"
pids=$(container_pids b); echo "$pids" | wc -l > "$RESULTS/b.signalled-count"
t0=$(date +%s%N); kill -TERM $pids
wait_for "[ -f '$RESULTS/b.rc' ]" 30; ms_since $t0 > "$RESULTS/b.stop-ms"
gone && echo yes > "$RESULTS/b.all-gone"

# C. watchfrr dies: the rest is stopped and the supervisor exits non-zero.
new_ns c; env_file 10.10.10.10 c; start_run c c
# The start script starts the daemons before watchfrr: wait for watchfrr itself.
wait_for "bgpd_answers c && pgrep -x watchfrr >/dev/null" 120
kill -9 "$(pgrep -x watchfrr)"
wait_for "[ -f '$RESULTS/c.rc' ]" 40
gone && echo yes > "$RESULTS/c.all-gone"

# D. A config FRR rejects: FRR never starts.
mkdir -p "$RESULTS/broken-templates"; cp "$TEMPLATES"/*.njk "$RESULTS/broken-templates/"
sed -i 's/^ bgp bestpath as-path multipath-relax$/ bgp bestpath as-path multipath-relaxed/' "$RESULTS/broken-templates/frr.conf.njk"
new_ns d; env_file 10.10.10.10 d; start_run d d FRR_SUPERVISOR_TEMPLATES="$RESULTS/broken-templates"
wait_for "[ -f '$RESULTS/d.rc' ]" 60
pgrep -x zebra > "$RESULTS/d.frr-pids"; ls /etc/frr > "$RESULTS/d.etc-frr"
# Checked before the kernel is touched: no VRF, no veth.
ip -n d -o link show > "$RESULTS/d.links"

# E. NODE_IP that is not an address of this host: reported before FRR starts.
new_ns e; env_file 10.99.99.99 e; start_run e e
wait_for "[ -f '$RESULTS/e.rc' ]" 60
pgrep -x zebra > "$RESULTS/e.frr-pids"

# F. The frr user plants links where root writes: /etc/frr is theirs (as Debian's packages make
#    it), and so is /run/frr. Every link points at a root-only file of its own, which must come
#    out of a whole run (up, then SIGTERM) as it went in; the real files are in their place.
mkdir -p /root/victims; chmod 0700 /root/victims
as_frr() { setpriv --reuid frr --regid frr --clear-groups -- "$@"; }
chown frr:frr /etc/frr /run/frr
for target in /etc/frr/frr.conf /etc/frr/daemons /etc/frr/vtysh.conf /etc/frr/daemon-log.conf \
              /etc/frr/.frr-supervisor-accepted.json /run/frr/frr.log /run/frr/frr-supervisor-status.json; do
  victim=/root/victims/$(echo "$target" | tr / _); echo "root's own $target" > "$victim"; chmod 0600 "$victim"
  rm -f "$target"; as_frr ln -s "$victim" "$target"
done
ls -l /etc/frr /run/frr > "$RESULTS/f.planted"
new_ns f; env_file 10.10.10.10 f; start_run f f
wait_for "bgpd_answers f" 120 && echo up > "$RESULTS/f.up"
wait_for "grep -q 'FRR runs the whole frr.conf\|FRR runs only part' '$RESULTS/f.log'" 120
kill -TERM "$(supervisor_pid f)"
wait_for "[ -f '$RESULTS/f.rc' ]" 30
for victim in /root/victims/*; do echo "$(stat -c '%U %a' "$victim") $(cat "$victim")"; done > "$RESULTS/f.victims"
for target in /etc/frr/frr.conf /etc/frr/daemon-log.conf /run/frr/frr.log /run/frr/frr-supervisor-status.json; do
  echo "$target $(stat -c '%F %U' "$target")"
done > "$RESULTS/f.targets"
echo done > "$RESULTS/finished"
