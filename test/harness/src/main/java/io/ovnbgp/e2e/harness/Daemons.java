package io.ovnbgp.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The real daemons of one test (or one test class): each in its own directory under one temp dir, stopped by
 * pid in reverse start order on {@link #close()}, after which the temp dir is removed. Obtain it from the
 * {@link RealDaemons} extension, or create one with {@link #create()} and close it yourself.
 */
public final class Daemons implements AutoCloseable {
    private final Path root;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<Supplier<String>> logs = new ArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private boolean closed;

    private Daemons(Path root) {
        this.root = root;
    }

    public static Daemons create() {
        try {
            Path root = Files.createTempDirectory("ovnbgp-test-");
            // frr's bgpd drops to user frr and must be able to traverse into its own directory below this one
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            return new Daemons(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temp dir for daemons", e);
        }
    }

    /** The temp dir all of this test's daemons live under; removed on close. */
    public Path dir() {
        return root;
    }

    /** A fresh, empty directory under {@link #dir()} for a test's own files. */
    public Path newDir(String prefix) {
        Path d = root.resolve(prefix + "-" + seq.incrementAndGet());
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** OVN Northbound only. */
    public synchronized OvnDatabases ovnNb() {
        OvnDatabases db = OvnDatabases.start(newDir("ovn"), false);
        register(db, db::logs);
        return db;
    }

    /** OVN Northbound, Southbound and ovn-northd between them. */
    public synchronized OvnDatabases ovnCentral() {
        OvnDatabases db = OvnDatabases.start(newDir("ovn"), true);
        register(db, db::logs);
        return db;
    }

    /** An OVN Northbound RAFT cluster of {@code members} ovsdb-servers, each with its own sockets and ports. */
    public synchronized OvnNbCluster ovnNbCluster(int members) {
        OvnNbCluster c = OvnNbCluster.start(newDir("nb-cluster"), members);
        register(c, c::logs);
        return c;
    }

    /** FRR bgpd listening on {@code address:port} with the given configuration. */
    public synchronized FrrBgpd frr(String address, int port, String config) {
        FrrBgpd frr = FrrBgpd.start(newDir("frr"), "bgpd", address, port, config);
        register(frr, frr::logs);
        return frr;
    }

    /** gobgpd from a TOML configuration (its BGP port is whatever the TOML says). */
    /**
     * FRR with zebra in a network namespace of its own, linked to this host; bgpd listens on its
     * {@link FrrRouter#address()} port 179 with {@code bgpdConfig}.
     */
    public synchronized FrrRouter frrRouter(int hostAddresses, String bgpdConfig) {
        FrrRouter r = FrrRouter.start(newDir("frr-router"), hostAddresses, bgpdConfig);
        register(r, r::logs);
        return r;
    }

    /**
     * The node and its two routers of {@code hack/topology} ({@code scripts} is that folder), in a run directory
     * under this test's; {@code name} prefixes its namespaces and interfaces. Torn down with the rest.
     */
    public synchronized Topology topology(Path scripts, String name, Map<String, String> env) {
        Topology t = Topology.up(scripts, newDir("topology"), name, env);
        register(t, t::logs);
        return t;
    }

    public synchronized GoBgpd gobgp(String toml) {
        GoBgpd g = GoBgpd.start(newDir("gobgp"), "gobgpd", toml);
        register(g, g::logs);
        return g;
    }

    /** Any other process this test wants stopped by pid with the rest, and its logs shown on failure. */
    public synchronized ManagedProcess start(String name, List<String> argv, Map<String, String> env) {
        ManagedProcess p = ManagedProcess.start(name, newDir(name), argv, env);
        register(p, p::logs);
        return p;
    }

    private void register(AutoCloseable c, Supplier<String> logSource) {
        if (closed) {
            throw new IllegalStateException("daemons already stopped");
        }
        started.push(c);
        logs.add(logSource);
    }

    /** Every daemon's console output and log tail, for a failing test's report. */
    public synchronized String logs() {
        StringBuilder sb = new StringBuilder();
        for (var s : logs) {
            sb.append(s.get());
        }
        return sb.toString();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("stopping a daemon failed", e);
                }
            }
        }
        deleteTree(root);
        if (first != null) {
            throw first;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root, e);
        }
    }
}
