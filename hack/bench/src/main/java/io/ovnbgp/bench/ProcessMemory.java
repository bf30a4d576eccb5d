package io.ovnbgp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of a process from /proc: now (VmRSS) and its peak (VmHWM), in KiB; and the CPU time it used
 * (user + system, all threads), which a host shared with other work does not inflate as it does elapsed time.
 */
public final class ProcessMemory {
    private ProcessMemory() {}

    public static long peakKib(long pid) {
        return field(pid, "VmHWM:");
    }

    public static long rssKib(long pid) {
        return field(pid, "VmRSS:");
    }

    /** CPU seconds the process has used so far (utime + stime of /proc/pid/stat); NaN if unknown. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
