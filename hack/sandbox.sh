#!/usr/bin/env bash
# The main job on one machine, with real packets: hack/topology builds one Kubernetes node as OVN-Kubernetes lays
# it out (NB, SB, ovn-northd, ovs-vswitchd on the userspace datapath, ovn-controller, two Pods in namespaces) and
# its two upstream routers (FRR, each its own AS) towards an "outside" namespace. A Kubernetes API (fabric8's mock
# server, holding the Node and two Services) stands in for the cluster's, and the packaged bridge peers with both
# routers, with OVN's BFD towards them. Prints the sessions, the routes in OVN Northbound, each router's table,
# pings between a Pod and the outside in both directions, TCP from the outside to the Services' LoadBalancer,
# external and ClusterIPs, and a failover by BFD (router A's link cut, then mended); then waits for Ctrl-C (or,
# with --once, tears down at once).
# Everything is stopped on exit: the bridge and the API by pid, the topology by hack/topology/down.
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
once=
[[ "${1:-}" == "--once" ]] && once=1

if [[ $(id -u) -ne 0 ]]; then
  # network namespaces, veths and OVS need root
  exec sudo -E "$0" "$@"
fi

t0=$(date +%s)
"$top/hack/install-deps.sh"
jar="$top/bridge/target/ovn-bgp-bridge.jar"
# the tools jar carries the test harness, whose KubeApi stands in for the Kubernetes API here
tools="$top/hack/bench/target/ovn-bgp-bench.jar"
if [[ ! -f "$jar" || ! -f "$tools" || -n "$(find "$top"/bgp-core/src "$top"/ovsdb-model/src "$top"/bridge/src \
      "$top"/test/harness/src -newer "$tools" -type f 2>/dev/null | head -1)" ]]; then
  echo "== building the bridge" >&2
  (cd "$top" && mvn -B -q -ntp -pl bridge,hack/bench -am install -DskipTests -DskipITs) >&2
fi

# a topology of its own (run directory, namespace prefix), so that a test's or a hand-built one is left alone
export TOPO_DIR=${TOPO_DIR:-/tmp/ovn-bgp-sandbox}
export TOPO_NAME=${TOPO_NAME:-obbsx}
# the external network sits in the root namespace: take a /24 no interface here uses yet
if [[ -z "${TOPO_EXT:-}" ]]; then
  for i in $(seq 230 239); do
    ip -4 -o addr show | grep -q " 172\.31\.$i\." || { export TOPO_EXT=172.31.$i; break; }
  done
  [[ -n "${TOPO_EXT:-}" ]] || { echo "sandbox: 172.31.230-239.0/24 are all in use here; set TOPO_EXT" >&2; exit 1; }
fi
free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
http_port=$(free_port)
export TOPO_BRIDGE_METRICS_PORT=$http_port

pids=()
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  echo >&2
  echo "== tearing down" >&2
  local t=$SECONDS
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    # the bridge withdraws its routes and closes its sessions within its 10 s stop bound
    for _ in $(seq 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$p" 2>/dev/null || true
  done
  echo "   bridge and API stopped in $(( SECONDS - t )) s" >&2
  "$top/hack/topology/down"
  rm -rf "$work"
  echo "   everything gone in $(( SECONDS - t )) s" >&2
  exit "$rc"
}
work=$(mktemp -d /tmp/ovn-bgp-sandbox-bridge.XXXXXX)
chmod 755 "$work"
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # what, seconds, command...
  local what=$1 secs=$2 deadline=$(( SECONDS + $2 )); shift 2
  while (( SECONDS < deadline )); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "sandbox: $what not ready after ${secs}s; logs in $TOPO_DIR and $work:" >&2
  tail -n 30 "$work"/*.log >&2 || true
  exit 1
}

# the bridge's config that up writes points at this kubeconfig (written by the mock API below)
export TOPO_KUBECONFIG=$work/kubeconfig
export TOPO_BFD=1
"$top/hack/topology/up" >"$work/topology-up.log" 2>&1 || { cat "$work/topology-up.log" >&2; exit 1; }
grep '^==' "$work/topology-up.log" >&2 || true
# shellcheck disable=SC1091
. "$TOPO_DIR/topology.env"
nbctl() { ovn-nbctl --db="$NB" "$@"; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
vty() { local r=$1; shift; vtysh --vty_socket "$TOPO_DIR/router-$r" -d bgpd -c "$*"; }

lb_ip=$SVC_LB_IP
echo "== Kubernetes API (fabric8's mock server): Node $NODE; Service $SVC_LB, LoadBalancer $lb_ip, ClusterIP" \
  "$SVC_LB_CLUSTER_IP, externalTrafficPolicy Local, its endpoint pod1; Service $SVC_EXT, ClusterIP" \
  "$SVC_EXT_CLUSTER_IP, external IP $SVC_EXT_IP, its endpoint pod2" >&2
java -cp "$tools" io.ovnbgp.e2e.harness.KubeApi "$work/kubeconfig" "$TOPO_DIR/topology.env" \
  >"$work/kube-api.log" 2>&1 &
pids+=($!)
wait_for "the Kubernetes API" 60 test -s "$work/kubeconfig"

echo "== the bridge (AS $NODE_AS) on $HOST_IP, peering with router A ($ROUTER_A_IP, AS $ROUTER_A_AS) and B ($ROUTER_B_IP, AS $ROUTER_B_AS)" >&2
java -jar "$jar" run --config "$BRIDGE_CONFIG" >"$work/bridge.log" 2>&1 &
pids+=($!)
wait_for "the bridge" 60 curl -sf "http://127.0.0.1:$http_port/readyz"

established() { vty "$1" "show bgp neighbors $HOST_IP json" | grep -q '"bgpState":"Established"'; }
ecmp_rows() {
  [[ $(nbctl --bare --columns=nexthop find Logical_Router_Static_Route ip_prefix="\"$OUTSIDE_NET\"" \
        "external_ids:ovn-bgp-bridge/owner=$NODE" | grep -c .) -eq 2 ]]
}
# in the router's kernel table (zebra), by BGP, through GR_<node>'s external port
in_fib() { vtysh --vty_socket "$TOPO_DIR/router-$1" -c "show ip route $2" | grep -q "^ *\* $GR_IP, via"; }
at_router() {
  in_fib "$1" "$POD_NET" && in_fib "$1" "$lb_ip/32" && in_fib "$1" "$SVC_EXT_IP/32" && in_fib "$1" "$SVC_CIDR" \
    && in_fib "$1" "$SVC_LB_CLUSTER_IP/32"
}
ready() { established a && established b && ecmp_rows && at_router a && at_router b; }
echo "== waiting for both sessions Established, two ECMP rows in NB, the node's prefixes at both routers" >&2
wait_for "the sessions and routes" 60 ready

show() {
  echo
  echo "== the bridge: ovn-bgp-bridge status (the JSON behind it: curl http://127.0.0.1:$http_port/status)"
  java -jar "$jar" status --url "http://127.0.0.1:$http_port"
  echo
  echo "== the bridge: ovn-bgp-bridge routes"
  java -jar "$jar" routes --url "http://127.0.0.1:$http_port"
  echo
  echo "== OVN Northbound: ovn-nbctl lr-route-list GR_$NODE (the bridge's rows: $OUTSIDE_NET over both routers)"
  nbctl lr-route-list "GR_$NODE"
  echo
  echo "== OVN Northbound: OVN's own BFD sessions towards the routers (the rows above name them: bfd)"
  nbctl --columns=dst_ip,logical_port,min_tx,detect_mult,status list BFD
  echo
  echo "== OVN Northbound: NAT on GR_$NODE (the cluster subnet is SNATed only towards the node IPs, not the outside)"
  nbctl lr-nat-list "GR_$NODE"
  local set
  set=$(nbctl --bare --columns=allowed_ext_ips find nat logical_ip="\"$CLUSTER_NET\"")
  echo "-- the SNAT of $CLUSTER_NET applies only towards $(nbctl get address_set "$set" name) =" \
    "$(nbctl get address_set "$set" addresses) (its allowed_ext_ips): to the outside, Pods keep their own address"
  for r in a b; do
    local ns ip as
    if [[ $r == a ]]; then ns=$ROUTER_A_NS ip=$ROUTER_A_IP as=$ROUTER_A_AS; else ns=$ROUTER_B_NS ip=$ROUTER_B_IP as=$ROUTER_B_AS; fi
    echo
    echo "== router ${r^^} ($ip, AS $as, netns $ns): show bgp ipv4 unicast (the Pod subnet, the Service CIDR and the"
    echo "   Service IPs from the node: /32s of the LoadBalancer and external IPs, and of $SVC_LB's ClusterIP, Local)"
    vty "$r" "show bgp ipv4 unicast"
    echo
    echo "== router ${r^^}: show ip route (kernel FIB: B>* are BGP routes, next hop GR_$NODE's $GR_IP)"
    vtysh --vty_socket "$TOPO_DIR/router-$r" -c "show ip route"
  done

  # counters of ICMP from the other side's own address: they show which source address each end saw
  in_ns "$OUTSIDE_NS" iptables -w -I INPUT -s "$POD1_IP" -p icmp --icmp-type echo-request
  in_ns "$POD1_NS" iptables -w -I INPUT -s "$OUTSIDE_IP" -p icmp --icmp-type echo-request
  seen() { in_ns "$1" iptables -w -L INPUT 1 -v -x -n | awk '{print $1}'; }
  echo
  echo "== ping from pod1 ($POD1_IP, netns $POD1_NS) to the outside ($OUTSIDE_IP)"
  in_ns "$POD1_NS" ping -c 3 -i 0.2 -W 2 "$OUTSIDE_IP" || true
  echo "-- the outside saw $(seen "$OUTSIDE_NS") echo requests from $POD1_IP: the Pod's own address, not SNATed"
  echo
  echo "== ping from the outside ($OUTSIDE_IP, netns $OUTSIDE_NS) to pod1 ($POD1_IP)"
  in_ns "$OUTSIDE_NS" ping -c 3 -i 0.2 -W 2 -I "$OUTSIDE_IP" "$POD1_IP" || true
  echo "-- pod1 saw $(seen "$POD1_NS") echo requests from $OUTSIDE_IP: the outside's own address, no SNAT, no tunnel"
  in_ns "$OUTSIDE_NS" iptables -w -D INPUT 1
  in_ns "$POD1_NS" iptables -w -D INPUT 1
  echo
  echo "== TCP from the outside to $SVC_LB's LoadBalancer IP $lb_ip:80 (an OVN Load_Balancer on GR_$NODE, backend pod1:$SVC_PORT)"
  in_ns "$OUTSIDE_NS" timeout 5 bash -c "exec 3<>/dev/tcp/$lb_ip/80 && cat <&3" || echo "(no answer)"
  echo
  echo "== TCP from the outside to $SVC_EXT's external IP $SVC_EXT_IP:80 (an OVN Load_Balancer on GR_$NODE, backend pod2:$SVC_PORT)"
  in_ns "$OUTSIDE_NS" timeout 5 bash -c "exec 3<>/dev/tcp/$SVC_EXT_IP/80 && cat <&3" || echo "(no answer)"
  echo
  echo "== TCP from the outside to $SVC_LB's ClusterIP $SVC_LB_CLUSTER_IP:80 (its /32: Local, endpoint on this node)"
  in_ns "$OUTSIDE_NS" timeout 5 bash -c "exec 3<>/dev/tcp/$SVC_LB_CLUSTER_IP/80 && cat <&3" || echo "(no answer)"
  echo
  echo "== TCP from the outside to $SVC_EXT's ClusterIP $SVC_EXT_CLUSTER_IP:80 (through the Service CIDR $SVC_CIDR)"
  in_ns "$OUTSIDE_NS" timeout 5 bash -c "exec 3<>/dev/tcp/$SVC_EXT_CLUSTER_IP/80 && cat <&3" || echo "(no answer)"
  echo "-- each Pod names itself and the client address it saw (GR_$NODE SNATs Service traffic to its join address:"
  echo "   lb_force_snat_ip=router_ip, as ovnkube sets it)"
}
show

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
a_rows() { nbctl --bare --columns=nexthop find Logical_Router_Static_Route ip_prefix="\"$OUTSIDE_NET\"" \
  "external_ids:ovn-bgp-bridge/owner=$NODE" | grep -c "^$ROUTER_A_IP\$" || true; }
bfd_a() { nbctl --bare --columns=status find BFD dst_ip="\"$ROUTER_A_IP\""; }
a_out() { [[ $(bfd_a) == down ]]; }
a_gone() { [[ $(a_rows) == 0 ]]; }
a_back() { [[ $(bfd_a) == up && $(a_rows) == 1 ]]; }
failover() {
  echo
  echo "== failover by OVN's BFD: router A's link to the node cut (hack/topology/router a cut); A's BGP session"
  echo "   lives on until the 9 s hold time, OVN's BFD (300 ms x 3) takes A out of the ECMP group before that"
  # the outside's way back to pod1 through B only: what is shown is the node's way out
  in_ns "$OUTSIDE_NS" ip route replace "$POD1_IP/32" via "$ROUTER_B_OUT" src "$OUTSIDE_IP"
  local t
  t=$(date +%s%N)
  "$top/hack/topology/router" a cut
  wait_for "OVN's BFD to see A down" 10 a_out
  echo "-- OVN's BFD towards A: $(bfd_a) after $(ms "$t") ms; A's row still in NB: $(a_rows) (BGP has not noticed)"
  nbctl lr-route-list "GR_$NODE"
  echo "-- ping from pod1 to the outside, through B:"
  in_ns "$POD1_NS" ping -c 3 -i 0.2 -W 2 "$OUTSIDE_IP" | grep -E 'transmitted' || true
  wait_for "A's row to leave NB" 20 a_gone
  echo "-- A's row left NB after $(ms "$t") ms (the hold time expired; the bridge withdrew A's path)"
  "$top/hack/topology/router" a mend
  t=$(date +%s%N)
  wait_for "A back (session, BFD, row)" 60 a_back
  echo "-- link mended (hack/topology/router a mend): session, BFD and A's row back after $(ms "$t") ms"
  in_ns "$OUTSIDE_NS" ip route del "$POD1_IP/32"
}
failover
echo
echo "(up and shown in $(( $(date +%s) - t0 )) s)" >&2
if [[ -n "$once" ]]; then
  exit 0
fi
echo
echo "Running; topology in $TOPO_DIR (summary.txt), the bridge's and the API's logs in $work. Ctrl-C stops everything." >&2
echo "Try: ip netns exec $POD1_NS ping $OUTSIDE_IP   |   TOPO_DIR=$TOPO_DIR TOPO_NAME=$TOPO_NAME hack/topology/router a stop|cut|mend" >&2
echo "Edit $BRIDGE_CONFIG (peers, receive, advertise): the bridge applies each saved version live." >&2
while :; do sleep 1; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "pid $p exited" >&2; exit 1; }; done; done
