package io.ovnbgp.bench;

import io.ovnbgp.e2e.harness.OvnNbCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the members' own logs say about a run: how often a member's main loop took over a second (ovsdb-server's
 * "Unreasonably long poll interval", with the CPU it used in it: CPU near the wall time is work, far below it is
 * waiting for a CPU), the longest such loop, and how many elections were won. A leader whose loop outlasts the
 * election timer sends no heartbeats and loses the leadership.
 */
final class ClusterLogs {
    private static final Pattern LONG_POLL =
            Pattern.compile("Unreasonably long (\\d+)ms poll interval \\((\\d+)ms user, (\\d+)ms system\\)");

    private ClusterLogs() {}

    static String summary(OvnNbCluster cluster) {
        StringBuilder sb = new StringBuilder(
                "| member | main loops over 1 s | longest (CPU in it) | elections won |\n|---|---:|---:|---:|\n");
        for (int i = 0; i < cluster.size(); i++) {
            List<String> lines = lines(cluster.member(i).dir().resolve("nb" + i + ".log"));
            int longPolls = 0;
            long longest = 0;
            long longestCpu = 0;
            int won = 0;
            for (String l : lines) {
                Matcher m = LONG_POLL.matcher(l);
                if (m.find()) {
                    longPolls++;
                    long wall = Long.parseLong(m.group(1));
                    if (wall > longest) {
                        longest = wall;
                        longestCpu = Long.parseLong(m.group(2)) + Long.parseLong(m.group(3));
                    }
                }
                if (l.contains("elected leader by")) {
                    won++;
                }
            }
            sb.append(String.format(
                    Locale.ROOT, "| nb%d | %d | %,d ms (%,d ms) | %d |%n", i, longPolls, longest, longestCpu, won));
        }
        return sb.toString();
    }

    private static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
