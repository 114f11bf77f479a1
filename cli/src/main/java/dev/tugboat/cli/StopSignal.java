package dev.tugboat.cli;

import java.util.concurrent.CountDownLatch;

/**
 * SIGTERM and SIGINT as a latch, so that a foreground command stops its components in order and exits
 * 0 (a JVM ended by a signal would exit 143). sun.misc.Signal is the JDK's supported way to do this.
 */
final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);

    private StopSignal() {
    }

    /** Installs the handlers; call once per process. */
    static StopSignal install() {
        StopSignal s = new StopSignal();
        for (String sig : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(sig), x -> s.requested.countDown());
        }
        return s;
    }

    void await() throws InterruptedException {
        requested.await();
    }
}
