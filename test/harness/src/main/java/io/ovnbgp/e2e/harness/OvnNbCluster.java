package io.ovnbgp.e2e.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * An OVN Northbound RAFT cluster of ovsdb-server members on loopback: member 0 created with
 * {@code ovsdb-tool create-cluster}, the others with {@code join-cluster}; each member serves clients on its own
 * unix socket and TCP port, with its own unixctl socket, pid file and log under the test's directory.
 */
public final class OvnNbCluster implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(30);
    private static final String DB = "OVN_Northbound";

    private final Path dir;
    private final Map<String, String> env;
    private final int[] raftPorts;
    private final int[] clientPorts;
    private final ManagedProcess[] members;

    private OvnNbCluster(Path dir, int size) {
        this.dir = dir;
        this.env = OvnDatabases.runDirEnv(dir);
        this.raftPorts = new int[size];
        this.clientPorts = new int[size];
        this.members = new ManagedProcess[size];
        for (int i = 0; i < size; i++) {
            raftPorts[i] = FreePorts.next();
            clientPorts[i] = FreePorts.next();
        }
    }

    static OvnNbCluster start(Path dir, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one member");
        }
        OvnNbCluster c = new OvnNbCluster(dir, size);
        try {
            Command.run(
                            List.of(
                                    "ovsdb-tool",
                                    "create-cluster",
                                    c.db(0).toString(),
                                    OvnDatabases.NB_SCHEMA.toString(),
                                    c.raftAddress(0)),
                            c.env,
                            READY)
                    .orThrow();
            for (int i = 1; i < size; i++) {
                List<String> argv = new ArrayList<>(
                        List.of("ovsdb-tool", "join-cluster", c.db(i).toString(), DB, c.raftAddress(i)));
                for (int j = 0; j < i; j++) {
                    argv.add(c.raftAddress(j));
                }
                Command.run(argv, c.env, READY).orThrow();
            }
            for (int i = 0; i < size; i++) {
                c.serve(i);
            }
            for (int i = 0; i < size; i++) {
                int m = i;
                c.members[i].awaitReady(
                        "cluster member", READY, () -> c.status(m).contains("Status: cluster member"));
            }
            c.awaitLeader(READY);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private Path db(int i) {
        return dir.resolve("nb" + i + ".db");
    }

    private String raftAddress(int i) {
        return "tcp:127.0.0.1:" + raftPorts[i];
    }

    private void serve(int i) {
        serve(i, READY);
    }

    private void serve(int i, Duration ready) {
        String name = "nb" + i;
        members[i] = ManagedProcess.start(
                name,
                dir,
                List.of(
                        "ovsdb-server",
                        "--remote=punix:" + dir.resolve(name + ".sock"),
                        "--remote=ptcp:" + clientPorts[i] + ":127.0.0.1",
                        "--unixctl=" + ctl(i),
                        "--pidfile=" + dir.resolve(name + ".pid"),
                        "--log-file=" + dir.resolve(name + ".log"),
                        "--no-chdir",
                        db(i).toString()),
                env);
        String remote = "unix:" + dir.resolve(name + ".sock");
        members[i].awaitReady(
                "list-dbs on " + remote,
                ready,
                () -> Command.run(
                                List.of("ovsdb-client", "--timeout=2", "list-dbs", remote), env, Duration.ofSeconds(5))
                        .ok());
    }

    private Path ctl(int i) {
        return dir.resolve("nb" + i + ".ctl");
    }

    public int size() {
        return members.length;
    }

    /** {@code ovs-appctl cluster/status} of member {@code i} ("" if it is not running). */
    public String status(int i) {
        if (members[i] == null || !members[i].isAlive()) {
            return "";
        }
        Command.Result r = Command.run(
                List.of("ovs-appctl", "-t", ctl(i).toString(), "cluster/status", DB), env, Duration.ofSeconds(5));
        return r.ok() ? r.stdout() : "";
    }

    /** The index of the member that says it is leader, or -1. */
    public int leader() {
        for (int i = 0; i < members.length; i++) {
            if (status(i).contains("Role: leader")) {
                return i;
            }
        }
        return -1;
    }

    /** Waits until some running member is leader; returns its index. */
    public int awaitLeader(Duration timeout) {
        try {
            return Awaitility.await("a cluster leader")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(100))
                    .until(this::leader, l -> l >= 0);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("no cluster leader within " + timeout + "\n" + logs(), e);
        }
    }

    /**
     * Sets the RAFT election timer to {@code millis} through the leader ({@code cluster/change-election-timer}, which
     * takes at most twice the current value per step, so larger values go in doubling steps). A loaded leader
     * that misses its heartbeats for longer than the timer loses the leadership: benchmarks that load a shared
     * machine raise it as deployments at scale do.
     */
    public void electionTimer(int millis) {
        int current = 1_000;
        while (current != millis) {
            current = millis > current ? Math.min(millis, 2 * current) : millis;
            String ctl = ctl(awaitLeader(READY)).toString();
            Command.run(
                            List.of(
                                    "ovs-appctl",
                                    "-t",
                                    ctl,
                                    "cluster/change-election-timer",
                                    DB,
                                    Integer.toString(current)),
                            env,
                            Duration.ofSeconds(10))
                    .orThrow();
        }
    }

    /** TCP client remote of member {@code i}. */
    public String tcpRemote(int i) {
        return "tcp:127.0.0.1:" + clientPorts[i];
    }

    public String unixRemote(int i) {
        return "unix:" + dir.resolve("nb" + i + ".sock");
    }

    /** Every member's TCP remote, comma separated, in member order. */
    public String tcpRemotes() {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < members.length; i++) {
            l.add(tcpRemote(i));
        }
        return String.join(",", l);
    }

    public ManagedProcess member(int i) {
        return members[i];
    }

    /** SIGKILLs member {@code i}, as a crash would. */
    public void kill(int i) {
        members[i].kill();
    }

    /** Starts member {@code i} again on its database file, sockets and ports. */
    public void restart(int i) {
        restart(i, READY);
    }

    /**
     * As {@link #restart(int)}, waiting up to {@code ready} for it to answer: a member replays its whole RAFT log
     * before it serves, which after many large transactions takes longer than a fresh start.
     */
    public void restart(int i, Duration ready) {
        if (members[i].isAlive()) {
            throw new IllegalStateException("member " + i + " is still running");
        }
        serve(i, ready);
    }

    /** ovn-nbctl against the running members (it finds the leader itself); fails with its stderr. */
    public String nbctl(String... args) {
        String remotes = IntStream.range(0, members.length)
                .filter(i -> members[i] != null && members[i].isAlive())
                .mapToObj(this::tcpRemote)
                .collect(Collectors.joining(","));
        List<String> argv = new ArrayList<>(List.of("ovn-nbctl", "--db=" + remotes, "--timeout=10"));
        argv.addAll(List.of(args));
        return Command.run(argv, env, Duration.ofSeconds(15)).orThrow().stdout();
    }

    public String logs() {
        StringBuilder sb = new StringBuilder();
        for (ManagedProcess p : members) {
            if (p != null) {
                sb.append(p.logs());
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (ManagedProcess p : members) {
            if (p != null) {
                p.close();
            }
        }
    }
}
