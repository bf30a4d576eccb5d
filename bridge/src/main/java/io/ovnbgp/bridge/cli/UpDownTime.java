package io.ovnbgp.bridge.cli;

/**
 * A duration as routers print their Up/Down column: {@code 00:04:05} under a day, {@code 1d02h03m} under a week,
 * {@code 2w3d04h} beyond.
 */
public final class UpDownTime {
    private UpDownTime() {}

    public static String format(long seconds) {
        long s = Math.max(0, seconds);
        long days = s / 86_400;
        long h = s / 3_600 % 24;
        long m = s / 60 % 60;
        if (days == 0) {
            return String.format("%02d:%02d:%02d", s / 3_600, m, s % 60);
        }
        if (days < 7) {
            return String.format("%dd%02dh%02dm", days, h, m);
        }
        return String.format("%dw%dd%02dh", days / 7, days % 7, h);
    }
}
