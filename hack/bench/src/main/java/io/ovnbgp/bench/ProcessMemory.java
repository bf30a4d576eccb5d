package io.ovnbgp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of a process from /proc: now (VmRSS) and its peak (VmHWM), in KiB. */
final class ProcessMemory {
    private ProcessMemory() {}

    static long peakKib(long pid) {
        return field(pid, "VmHWM:");
    }

    static long rssKib(long pid) {
        return field(pid, "VmRSS:");
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
