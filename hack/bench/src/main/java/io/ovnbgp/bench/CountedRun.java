package io.ovnbgp.bench;

import io.ovnbgp.e2e.harness.Daemons;

/**
 * The {@code main} of a benchmark that takes one count ({@code --changes N}, {@code --rounds N}), runs against
 * daemons of its own and prints Markdown: the daemons are stopped before the JVM exits (the OVSDB library leaves
 * non-daemon threads behind, so it exits explicitly).
 */
final class CountedRun {
    /** The benchmark itself: its Markdown, from the daemons and the count. */
    @FunctionalInterface
    interface Body {
        String run(Daemons daemons, int count) throws Exception;
    }

    private CountedRun() {}

    static void main(String[] args, String option, int defaultCount, Body body) throws Exception {
        int count = defaultCount;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option) && i + 1 < args.length) {
                count = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + " (known: " + option + " N)");
            }
        }
        try (Daemons daemons = Daemons.create()) {
            // Ctrl-C or kill: the daemons (and a topology's namespaces) go too
            Thread hook = new Thread(daemons::close, "bench-daemons-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            System.out.println(body.run(daemons, count));
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.out.flush();
        System.exit(0);
    }
}
