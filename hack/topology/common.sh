# Shared by hack/topology/up, down and router: the names and addresses of one topology. Sourced, not run.
#
# Environment (all optional):
#   TOPO_DIR   run directory: databases, sockets, pid files, logs, configs (default /tmp/ovn-bgp-topology)
#   TOPO_NAME  prefix of every namespace and interface this topology makes, at most 6 characters (default obb)
#   TOPO_EXT   the first three octets of the external network in the root namespace (default 172.31.250)
#   TOPO_AS_A, TOPO_AS_B   the routers' ASes (default 65001 and 65002: each upstream router its own AS)
#   TOPO_BRIDGE_METRICS_PORT   the status/metrics port written into the bridge's config (default 9473)
#   TOPO_BFD   1: the bridge's config turns ovn.bfd on (300 ms, 3 missed); the routers' bfdd always answer
#   TOPO_KUBECONFIG   a kubeconfig for the bridge's config (kubernetes.kubeconfig): where it learns the Services'
#              LoadBalancer and external IPs (those of up's two Services below); unset: kubernetes is off
topo_dir=${TOPO_DIR:-/tmp/ovn-bgp-topology}
topo_name=${TOPO_NAME:-obb}
if (( ${#topo_name} > 6 )); then
  echo "topology: TOPO_NAME '$topo_name' is longer than 6 characters (interface names are at most 15)" >&2
  exit 2
fi
ext=${TOPO_EXT:-172.31.250}
as_a=${TOPO_AS_A:-65001}
as_b=${TOPO_AS_B:-65002}
node_as=64512
node=node1

# Namespaces: the two Pods, the two upstream routers, the "outside" they lead to, and the underlay (the physical
# L2 network of the node's external interface, a Linux bridge).
ns_pod1=$topo_name-pod1
ns_pod2=$topo_name-pod2
ns_ra=$topo_name-ra
ns_rb=$topo_name-rb
ns_out=$topo_name-out
ns_ul=$topo_name-ul
# ovs-vswitchd runs in a namespace of its own: its userspace datapath makes a tap named ovs-netdev, one per network
# namespace, so two topologies (or another userspace OVS) on one machine would fight over the root namespace's
ns_ovs=$topo_name-ovs
namespaces=("$ns_pod1" "$ns_pod2" "$ns_ra" "$ns_rb" "$ns_out" "$ns_ul" "$ns_ovs")

# Interfaces: the Pods' and the underlay's ports of the OVS integration bridge (in the OVS namespace), and the
# host's own leg on the underlay (in the root namespace: where the bridge speaks BGP from). Their peers live in
# the namespaces, so deleting the namespaces deletes them too; down deletes them by name as well, in case a
# failed up left one in the root namespace.
if_pod1=$topo_name-p1
if_pod2=$topo_name-p2
if_ext=$topo_name-ext
if_host=$topo_name-host
br_int=$topo_name-int
root_links=("$if_pod1" "$if_pod2" "$if_ext" "$if_host")

# Addresses
host_ip=$ext.1          # the node's host on the external network: the bridge's BGP source
gr_ip=$ext.2            # GR_node1's external port (rtoe-GR_node1): the next hop of the Pod subnet
ra_ip=$ext.11
rb_ip=$ext.12
ra_out=198.18.1.1       # router A's leg towards the outside (198.18.1.0/30); the outside is .2
rb_out=198.18.2.1
outside_ip=203.0.113.10 # the address the routers lead to; they advertise 203.0.113.0/24
outside_net=203.0.113.0/24
cluster_net=10.244.0.0/16
pod_net=10.244.1.0/24
pod1_ip=10.244.1.5
pod2_ip=10.244.1.6
pod1_mac=0a:58:0a:f4:01:05
pod2_mac=0a:58:0a:f4:01:06
# Two Services as ovnkube would load-balance them on this node (one cluster-wide OVN Load_Balancer each, on the node
# switch and GR_node1): default/web-lb, a LoadBalancer (externalTrafficPolicy Local) whose ingress IP and ClusterIP
# are answered by pod1, and default/web-ext, whose external IP and ClusterIP are answered by pod2. Each Pod runs a small TCP server on svc_port that names itself.
svc_lb=default/web-lb
svc_lb_ip=192.0.2.80
svc_lb_cluster_ip=10.96.0.80
svc_ext=default/web-ext
svc_ext_ip=192.0.2.81
svc_ext_cluster_ip=10.96.0.81
svc_net=192.0.2.0/24    # the outside reaches Service IPs through the two routers (what they learn by BGP)
svc_cidr=10.96.0.0/16   # the cluster's Service CIDR (kube-apiserver's --service-cluster-ip-range): the ClusterIPs
svc_port=8080

ovs_env() {
  export OVS_RUNDIR=$topo_dir/ovs OVS_LOGDIR=$topo_dir/ovs OVS_DBDIR=$topo_dir/ovs
  export OVN_RUNDIR=$topo_dir/ovn OVN_LOGDIR=$topo_dir/ovn OVN_DBDIR=$topo_dir/ovn
}
nbctl() { ovn-nbctl --db="unix:$topo_dir/ovn/nb.sock" "$@"; }
sbctl() { ovn-sbctl --db="unix:$topo_dir/ovn/sb.sock" "$@"; }
vsctl() { ovs-vsctl --db="unix:$topo_dir/ovs/db.sock" "$@"; }
# vtysh of one router (a or b): every FRR daemon of that router has its vty socket in the router's directory
router_vtysh() { local r=$1; shift; vtysh --vty_socket "$topo_dir/router-$r" "$@"; }
