package dev.tugboat.scheduler.framework;

import java.util.List;

/**
 * The outcome of running a plugin (upstream's {@code framework.Status}): a code, the reasons shown to
 * users (each one counted separately in the "0/N nodes are available" message), and the plugin that
 * produced it.
 */
public record Status(Code code, List<String> reasons, String plugin) {

    public enum Code {
        SUCCESS,
        /** An internal error: the pod is retried with backoff. */
        ERROR,
        /** The node does not fit now, but preemption might help. */
        UNSCHEDULABLE,
        /** The node does not fit and preemption cannot change that. */
        UNSCHEDULABLE_AND_UNRESOLVABLE,
        /** From PreFilter/PreScore: the plugin has nothing to do for this pod. */
        SKIP
    }

    public static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), "");
    public static final Status SKIP = new Status(Code.SKIP, List.of(), "");

    public Status {
        reasons = List.copyOf(reasons);
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons), "");
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), "");
    }

    public static Status error(String message) {
        return new Status(Code.ERROR, List.of(message), "");
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** Unschedulable or unresolvable: the pod does not fit (as opposed to an error). */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** The same status attributed to a plugin. */
    public Status withPlugin(String name) {
        return plugin.equals(name) ? this : new Status(code, reasons, name);
    }

    /** The reasons joined with ", " (upstream's {@code Status.Message}). */
    public String message() {
        return String.join(", ", reasons);
    }
}
