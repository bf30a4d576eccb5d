package io.ovnbgp.bridge.cli;

import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.ovsdb.client.TransactionException;
import io.ovnbgp.ovsdb.nb.MonitorMode;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundOptions;
import io.ovnbgp.ovsdb.nb.OwnedRows;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ovn-bgp-bridge uninstall --config FILE}: removes from OVN Northbound every row this node's bridge owns
 * (static routes and BFD rows marked {@code ovn-bgp-bridge/owner=<nodeName>}) in one transaction, and nothing
 * else. A daemon of this node still running would write its rows straight back, so the command refuses while
 * the configured metrics endpoint answers, unless {@code --force}.
 */
@Command(
        name = "uninstall",
        description = "Remove every OVN Northbound row this node owns (routes, BFD) and say "
                + "which; touches nothing else. Stop the daemon first.")
final class UninstallCommand implements Callable<Integer> {
    private static final Duration CONNECT_WAIT = Duration.ofSeconds(30);
    private static final Duration TX_TIMEOUT = Duration.ofSeconds(60);

    @Option(
            names = {"-c", "--config"},
            required = true,
            paramLabel = "FILE",
            description = "config.yaml: nodeName and ovn.northbound say whose rows and where.")
    Path config;

    @Option(names = "--dry-run", description = "Only print what would be removed.")
    boolean dryRun;

    @Option(names = "--force", description = "Remove even while a daemon answers on the configured metrics address.")
    boolean force;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BridgeConfig c = Main.load(config, err);
        if (c == null) {
            return Main.EXIT_INVALID_CONFIG;
        }
        DaemonClient daemon = new DaemonClient(DaemonEndpoint.resolve(null, c));
        if (!dryRun && daemon.answers()) {
            String msg = "an ovn-bgp-bridge answers at " + daemon.base() + " (metrics of " + config + "): it would "
                    + "write its rows back at once; stop it first (e.g. remove the DaemonSet from this node)";
            if (!force) {
                err.println("refusing: " + msg + ", or pass --force");
                err.flush();
                return 1;
            }
            err.println("warning: " + msg);
            err.flush();
        }
        String remote = c.ovn().northbound();
        // the whole database (NbScope.ALL): our rows may also sit on a router other than today's ovn.router, and
        // each must be dropped from every router that references it
        NorthboundOptions options = NorthboundOptions.parse(remote)
                .withMonitorMode(MonitorMode.parse(c.ovn().northboundMonitor()));
        try (NorthboundClient nb = NorthboundClient.start(options, null)) {
            if (!nb.awaitSynced(CONNECT_WAIT)) {
                String why = nb.state().lastError();
                err.println("cannot reach OVN Northbound at " + remote + " (ovn.northbound) within "
                        + CONNECT_WAIT.toSeconds() + " s" + (why == null ? "" : ": " + why));
                err.flush();
                return 1;
            }
            OwnedRows owned = OwnedRows.find(nb.snapshot(), StaticRouteReconciler.OWNER_KEY, c.nodeName());
            if (!dryRun && !owned.isEmpty()) {
                try {
                    nb.transact(owned.removal(), TX_TIMEOUT);
                } catch (TransactionException e) {
                    err.println("nothing removed: the transaction on " + remote + " failed: " + e.getMessage());
                    err.flush();
                    return 1;
                }
            }
            out.print(UninstallReport.render(owned, remote, dryRun));
            out.flush();
            return 0;
        }
    }
}
