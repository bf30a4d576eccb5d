package io.ovnbgp.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A field of /proc/PID/status in KiB (VmRSS now, VmHWM its peak), or -1 once the process is gone. */
final class ProcStatus {
    private ProcStatus() {}

    static long field(long pid, String name) {
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
