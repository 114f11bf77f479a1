package dev.tugboat.client.leaderelection;

/**
 * What a {@link LeaderElector} tells its owner.
 *
 * <p>{@link #onStartedLeading()} runs on a thread of its own (it may run the component until
 * interrupted); the other callbacks run on the elector's thread and must return quickly.
 */
public interface LeaderCallbacks {

    /**
     * This candidate became the leader. Its thread is interrupted when leadership is lost or the elector
     * is closed.
     */
    void onStartedLeading();

    /** This candidate stopped being the leader (renewal failed, or the elector was closed). */
    void onStoppedLeading();

    /** The observed leader changed (including to this candidate). */
    default void onNewLeader(String identity) {
    }
}
