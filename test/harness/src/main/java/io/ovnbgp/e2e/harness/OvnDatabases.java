package io.ovnbgp.e2e.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real OVN Northbound ovsdb-server (and, on request, Southbound plus ovn-northd) listening on a unix socket
 * and on a loopback TCP port, each daemon with its own unixctl socket, pid file and log in the test's directory.
 */
public final class OvnDatabases implements AutoCloseable {
    public static final Path NB_SCHEMA = Path.of("/usr/share/ovn/ovn-nb.ovsschema");
    public static final Path SB_SCHEMA = Path.of("/usr/share/ovn/ovn-sb.ovsschema");
    private static final Duration READY = Duration.ofSeconds(20);

    private final Path dir;
    private final Map<String, String> env;
    private ManagedProcess nb;
    private final int nbTcpPort;
    private ManagedProcess sb;
    private int sbTcpPort;
    private ManagedProcess northd;

    private OvnDatabases(Path dir) {
        this.dir = dir;
        this.env = runDirEnv(dir);
        this.nbTcpPort = FreePorts.next();
    }

    /** The environment that keeps OVS's and OVN's tools (run, log and database files) inside {@code dir}. */
    static Map<String, String> runDirEnv(Path dir) {
        String d = dir.toString();
        return Map.of("OVS_RUNDIR", d, "OVN_RUNDIR", d, "OVS_LOGDIR", d, "OVN_LOGDIR", d, "OVS_DBDIR", d);
    }

    static OvnDatabases start(Path dir, boolean withSouthboundAndNorthd) {
        OvnDatabases db = new OvnDatabases(dir);
        try {
            db.nb = db.startOvsdb("nb", NB_SCHEMA, db.nbTcpPort);
            if (withSouthboundAndNorthd) {
                db.sbTcpPort = FreePorts.next();
                db.sb = db.startOvsdb("sb", SB_SCHEMA, db.sbTcpPort);
                db.startNorthd();
            }
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private ManagedProcess startOvsdb(String name, Path schema, int tcpPort) {
        Path db = dir.resolve(name + ".db");
        Command.run(List.of("ovsdb-tool", "create", db.toString(), schema.toString()), env, READY)
                .orThrow();
        return serveOvsdb(name, tcpPort);
    }

    private ManagedProcess serveOvsdb(String name, int tcpPort) {
        Path db = dir.resolve(name + ".db");
        ManagedProcess p = ManagedProcess.start(
                name,
                dir,
                List.of(
                        "ovsdb-server",
                        "--remote=punix:" + dir.resolve(name + ".sock"),
                        "--remote=ptcp:" + tcpPort + ":127.0.0.1",
                        "--unixctl=" + dir.resolve(name + ".ctl"),
                        "--pidfile=" + dir.resolve(name + ".pid"),
                        "--log-file=" + dir.resolve(name + ".log"),
                        "--no-chdir",
                        db.toString()),
                env);
        String remote = "unix:" + dir.resolve(name + ".sock");
        p.awaitReady(
                "list-dbs on " + remote,
                READY,
                () -> Command.run(
                                List.of("ovsdb-client", "--timeout=2", "list-dbs", remote), env, Duration.ofSeconds(5))
                        .ok());
        return p;
    }

    private void startNorthd() {
        Path ctl = dir.resolve("northd.ctl");
        northd = ManagedProcess.start(
                "northd",
                dir,
                List.of(
                        "ovn-northd",
                        "--ovnnb-db=" + nbRemote(),
                        "--ovnsb-db=" + sbRemote(),
                        "--unixctl=" + ctl,
                        "--pidfile=" + dir.resolve("northd.pid"),
                        "--log-file=" + dir.resolve("northd.log"),
                        "--no-chdir"),
                env);
        northd.awaitReady("status active", READY, () -> {
            Command.Result r =
                    Command.run(List.of("ovn-appctl", "-t", ctl.toString(), "status"), env, Duration.ofSeconds(5));
            return r.ok() && r.stdout().contains("active");
        });
    }

    /**
     * Starts Southbound and ovn-northd next to a Northbound started alone ({@link Daemons#ovnNb()}), for a test that
     * measures NB first with no other client and then wants northd's view of the same database.
     */
    public void startSouthboundAndNorthd() {
        if (sb != null) {
            throw new IllegalStateException("Southbound and ovn-northd already run");
        }
        sbTcpPort = FreePorts.next();
        sb = startOvsdb("sb", SB_SCHEMA, sbTcpPort);
        startNorthd();
    }

    /** {@code ovn-appctl} against ovn-northd's unixctl socket; fails with its stderr. Returns stdout. */
    public String northdCtl(String... args) {
        requireSouthbound();
        List<String> argv = new ArrayList<>(
                List.of("ovn-appctl", "-t", dir.resolve("northd.ctl").toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, env, Duration.ofSeconds(15)).orThrow().stdout();
    }

    /** Stops the NB server as a crash would (SIGKILL); its database file stays for {@link #startNorthbound()}. */
    public void killNorthbound() {
        nb.kill();
    }

    /** Starts the NB server again on the same database, socket and port, as after a restart. */
    public void startNorthbound() {
        if (nb.isAlive()) {
            throw new IllegalStateException("the NB server is still running");
        }
        nb = serveOvsdb("nb", nbTcpPort);
    }

    public String nbRemote() {
        return "unix:" + dir.resolve("nb.sock");
    }

    public Path nbSocket() {
        return dir.resolve("nb.sock");
    }

    /** The NB database file; while the server is down it can be edited with {@code ovsdb-tool transact}. */
    public Path nbDatabaseFile() {
        return dir.resolve("nb.db");
    }

    /** Environment (rundir, logdir) the daemons and ctl tools of this OVN use. */
    public Map<String, String> env() {
        return env;
    }

    public String nbTcpRemote() {
        return "tcp:127.0.0.1:" + nbTcpPort;
    }

    public int nbTcpPort() {
        return nbTcpPort;
    }

    public String sbRemote() {
        requireSouthbound();
        return "unix:" + dir.resolve("sb.sock");
    }

    public ManagedProcess nbServer() {
        return nb;
    }

    public ManagedProcess northd() {
        requireSouthbound();
        return northd;
    }

    /** Runs {@code ovn-nbctl} against this NB; fails with its stderr if it fails. Returns stdout. */
    public String nbctl(String... args) {
        return ctl("ovn-nbctl", nbRemote(), args).orThrow().stdout();
    }

    public Command.Result nbctlResult(String... args) {
        return ctl("ovn-nbctl", nbRemote(), args);
    }

    public String sbctl(String... args) {
        return ctl("ovn-sbctl", sbRemote(), args).orThrow().stdout();
    }

    private Command.Result ctl(String tool, String remote, String... args) {
        List<String> argv = new ArrayList<>(List.of(tool, "--db=" + remote, "--timeout=10"));
        argv.addAll(List.of(args));
        return Command.run(argv, env, Duration.ofSeconds(15));
    }

    private void requireSouthbound() {
        if (sb == null) {
            throw new IllegalStateException(
                    "this OVN was started without Southbound/ovn-northd: use Daemons.ovnCentral()");
        }
    }

    public String logs() {
        StringBuilder sb2 = new StringBuilder();
        for (ManagedProcess p : new ManagedProcess[] {nb, sb, northd}) {
            if (p != null) {
                sb2.append(p.logs());
            }
        }
        return sb2.toString();
    }

    @Override
    public void close() {
        // northd first, so that it does not log a storm of reconnects to databases we are stopping
        for (ManagedProcess p : new ManagedProcess[] {northd, sb, nb}) {
            if (p != null) {
                p.close();
            }
        }
    }
}
