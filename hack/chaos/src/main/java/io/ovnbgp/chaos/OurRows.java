package io.ovnbgp.chaos;

import io.ovnbgp.e2e.harness.OvnDatabases;
import java.util.ArrayList;
import java.util.List;

/** The bridge's rows in NB, found by its owner key, as the scenarios count them (never through the bridge). */
final class OurRows {
    private OurRows() {}

    /** The prefixes of the rows with {@code node}'s owner key, one per row (a duplicate shows twice). */
    static List<String> prefixes(OvnDatabases ovn, String node) {
        String csv = ovn.nbctl(
                "--format=csv",
                "--no-headings",
                "--columns=ip_prefix",
                "find",
                "Logical_Router_Static_Route",
                "external_ids:ovn-bgp-bridge/owner=" + node);
        List<String> out = new ArrayList<>();
        for (String line : csv.split("\n")) {
            String p = line.strip().replace("\"", "");
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }
}
