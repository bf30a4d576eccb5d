package io.ovnbgp.bridge.cli;

import io.ovnbgp.ovsdb.nb.OwnedRows;

/** What {@code uninstall} removed: one line per row (router, prefix, next hop / BFD destination), then a count. */
public final class UninstallReport {
    private UninstallReport() {}

    public static String render(OwnedRows owned, String remote, boolean dryRun) {
        String verb = dryRun ? "would remove" : "removed";
        StringBuilder b = new StringBuilder();
        for (OwnedRows.Route r : owned.routes()) {
            b.append(verb)
                    .append(" route ")
                    .append(String.join(",", r.routers()))
                    .append(' ')
                    .append(r.prefix())
                    .append(" via ")
                    .append(r.nexthop())
                    .append(" (")
                    .append(r.uuid())
                    .append(")\n");
        }
        for (OwnedRows.BfdRow f : owned.bfds()) {
            b.append(verb)
                    .append(" BFD ")
                    .append(f.logicalPort())
                    .append(" -> ")
                    .append(f.dstIp())
                    .append(" (")
                    .append(f.uuid())
                    .append(")\n");
        }
        for (OwnedRows.BfdRow f : owned.bfdsKept()) {
            b.append("kept BFD ")
                    .append(f.logicalPort())
                    .append(" -> ")
                    .append(f.dstIp())
                    .append(" (")
                    .append(f.uuid())
                    .append("): still used by route(s) not ours ")
                    .append(f.usedBy())
                    .append('\n');
        }
        b.append(verb)
                .append(' ')
                .append(owned.routes().size())
                .append(" route(s) and ")
                .append(owned.bfds().size())
                .append(" BFD row(s) owned by ")
                .append(owned.value())
                .append(" (")
                .append(owned.key())
                .append('=')
                .append(owned.value())
                .append(") from OVN Northbound ")
                .append(remote)
                .append('\n');
        return b.toString();
    }
}
