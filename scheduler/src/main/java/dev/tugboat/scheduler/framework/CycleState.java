package dev.tugboat.scheduler.framework;

import java.util.HashMap;
import java.util.Map;

/**
 * Data plugins keep for one pod's scheduling cycle (upstream's {@code framework.CycleState}), keyed by
 * the data's class. Used by the single scheduling thread (and by preemption's dry runs on copies).
 */
public final class CycleState {

    /** State that preemption's dry runs may change: it must copy itself deeply enough for that. */
    public interface StateData {
        StateData copy();
    }

    private final Map<Class<?>, Object> data = new HashMap<>();

    public <T> void write(Class<T> type, T value) {
        data.put(type, value);
    }

    /** The data of that type, or null. */
    public <T> T read(Class<T> type) {
        return type.cast(data.get(type));
    }

    /** A copy for a dry run: {@link StateData} values are copied, others shared. */
    public CycleState copy() {
        CycleState c = new CycleState();
        data.forEach((k, v) -> c.data.put(k, v instanceof StateData s ? s.copy() : v));
        return c;
    }
}
