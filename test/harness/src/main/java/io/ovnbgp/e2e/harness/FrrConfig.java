package io.ovnbgp.e2e.harness;

import java.util.List;

/**
 * The text of an FRR 8.4 bgpd configuration, written in the order the calls are made, each statement indented as
 * FRR shows it: global lines, {@code router bgp} with its lines, address families inside it, route-maps after it.
 * The order is the caller's because it is the order FRR reads (and some tests compare logs or outputs against it);
 * the builder only spares each test the indentation and the repeated statements.
 */
public final class FrrConfig {
    private final StringBuilder text = new StringBuilder();
    /** Indentation of a plain line: none at the top, one space inside {@code router bgp} or a route-map. */
    private String indent = "";

    private FrrConfig(String defaults, String hostname) {
        line("frr defaults " + defaults);
        line("hostname " + hostname);
    }

    /** {@code frr defaults datacenter} (the short timers the tests want) and a host name. */
    public static FrrConfig datacenter(String hostname) {
        return new FrrConfig("datacenter", hostname);
    }

    /** {@code frr defaults traditional}: e.g. for a router that accepts dynamic neighbors without a policy. */
    public static FrrConfig traditional(String hostname) {
        return new FrrConfig("traditional", hostname);
    }

    /** {@code log stdout informational}: bgpd's log ends up in the harness's process log. */
    public FrrConfig logToStdout() {
        return line("log stdout informational");
    }

    /** A {@code !} comment line. */
    public FrrConfig comment(String comment) {
        return line("! " + comment);
    }

    /** {@code bgp route-map delay-timer 0}: route-maps apply at once, not after the default 5 s delay. */
    public FrrConfig routeMapsAtOnce() {
        return line("bgp route-map delay-timer 0");
    }

    /** Opens {@code router bgp AS}; the lines that follow go inside it. */
    public FrrConfig routerBgp(long as) {
        indent = "";
        line("router bgp " + as);
        indent = " ";
        return this;
    }

    /** Opens {@code router bgp AS} with its {@code bgp router-id}. */
    public FrrConfig routerBgp(long as, String routerId) {
        return routerBgp(as).routerId(routerId);
    }

    public FrrConfig routerId(String routerId) {
        return line("bgp router-id " + routerId);
    }

    /** {@code no bgp ebgp-requires-policy}: eBGP routes flow without a route-map. */
    public FrrConfig noEbgpPolicy() {
        return line("no bgp ebgp-requires-policy");
    }

    /** {@code no bgp network import-check}: {@code network} statements announce without a route in a RIB. */
    public FrrConfig noImportCheck() {
        return line("no bgp network import-check");
    }

    /** Graceful restart (RFC 4724) with this restart time, forwarding state preserved. */
    public FrrConfig gracefulRestart(int restartSeconds) {
        return line("bgp graceful-restart")
                .line("bgp graceful-restart restart-time " + restartSeconds)
                .line("bgp graceful-restart preserve-fw-state");
    }

    /** One {@code neighbor N ...} line per option, in order: {@code neighbor("127.0.0.1", "remote-as 64512")}. */
    public FrrConfig neighbor(String neighbor, String... options) {
        for (String o : options) {
            line("neighbor " + neighbor + " " + o);
        }
        return this;
    }

    /** An {@code address-family} block of {@code router bgp} with these lines, closed again. */
    public FrrConfig addressFamily(String afiSafi, List<String> lines) {
        line("address-family " + afiSafi);
        for (String l : lines) {
            line(" " + l);
        }
        return line("exit-address-family");
    }

    /** The same with the lines as arguments. */
    public FrrConfig addressFamily(String afiSafi, String... lines) {
        return addressFamily(afiSafi, List.of(lines));
    }

    /** {@code route-map NAME permit 10} with these {@code set ...} (or other) lines; it closes {@code router bgp}. */
    public FrrConfig routeMap(String name, String... lines) {
        indent = "";
        line("route-map " + name + " permit 10");
        indent = " ";
        for (String l : lines) {
            line(l);
        }
        return this;
    }

    /** One line at the current indentation. */
    public FrrConfig line(String line) {
        text.append(indent).append(line).append('\n');
        return this;
    }

    /** Text as is, already indented and ending in a newline (or empty): what a test passes in verbatim. */
    public FrrConfig raw(String lines) {
        text.append(lines);
        return this;
    }

    public String text() {
        return text.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
