package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.OvsdbException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a call's answer on the control thread, bounded, turning every failure into an OvsdbException. */
final class RpcWait {
    private RpcWait() {}

    /** Waits {@code rpcTimeout} plus a second (the session's own timeout should fire first). */
    static <T> T get(CompletableFuture<T> f, String what, Duration rpcTimeout)
            throws OvsdbException, InterruptedException {
        try {
            return f.get(rpcTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OvsdbException oe) {
                throw oe;
            }
            throw new OvsdbException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new OvsdbException(what + ": no answer within " + rpcTimeout, e);
        }
    }
}
