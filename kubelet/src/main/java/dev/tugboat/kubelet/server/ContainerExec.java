package dev.tugboat.kubelet.server;

import java.net.URI;
import java.util.List;

/**
 * Starts a command in a running container, for the kubelet's exec endpoint: the seam between the
 * kubelet's HTTP server and whatever knows the pods on this node and their runtime. Implementations
 * must be thread-safe; they are asked from the threads serving requests.
 */
public interface ContainerExec {

    /** What to run and which of its streams the client attaches to. */
    record Command(List<String> argv, boolean stdin, boolean stdout, boolean stderr, boolean tty) {
        public Command {
            argv = List.copyOf(argv);
        }
    }

    /** The answer to {@link #prepare}. */
    sealed interface Preparation permits Prepared, Unavailable {
    }

    /**
     * The runtime's streaming server is ready to run the command at {@code url} (a one-time URL, which
     * speaks the kubelet streaming protocols once a client upgrades its connection there).
     */
    record Prepared(URI url) implements Preparation {
    }

    /** The command cannot run, with the HTTP status and the message the client sees, e.g. {@code container not found ("x")}. */
    record Unavailable(int httpStatus, String message) implements Preparation {
    }

    Preparation prepare(String namespace, String pod, String container, Command command);

    /** Prepares attaching to the container's main process (its argv is ignored). */
    default Preparation prepareAttach(String namespace, String pod, String container, Command streams) {
        return new Unavailable(404, "attach is not available here");
    }

    /**
     * Prepares forwarding to the pod's ports: the runtime's streaming server at the returned URL then
     * speaks the port-forward protocol, the ports named in its streams.
     */
    default Preparation preparePortForward(String namespace, String pod) {
        return new Unavailable(404, "port forwarding is not available here");
    }
}
