package io.ovnbgp.bridge.kube;

import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An informer's exception handler that keeps retrying (with fabric8's back-off), also before the first list
 * succeeded: the API server may come up after us, and BGP must not wait for it. Only an object that cannot be
 * read as the type (a client/server version mismatch) stops the informer. Logs a warning per failure.
 */
final class KeepTrying implements ExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(KeepTrying.class);
    private final String what;

    KeepTrying(String what) {
        this.what = what;
    }

    @Override
    public boolean retryAfterException(boolean started, Throwable t) {
        if (ExceptionHandler.isDeserializationException(t)) {
            LOG.error("Kubernetes API: {} cannot be read ({}); no longer watched", what, t.toString());
            return false;
        }
        LOG.warn("Kubernetes API: watching {} failed ({}); retrying", what, t.toString());
        return true;
    }
}
