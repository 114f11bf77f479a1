package dev.tugboat.e2e.fabric8;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what an informer delivers, in delivery order, as readable lines: {@code ADD name v=1},
 * {@code UPDATE name v=1->2}, {@code DELETE name}. fabric8 calls a handler from one thread at a
 * time; reads may come from any thread.
 */
final class RecordingHandler implements ResourceEventHandler<ConfigMap> {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(ConfigMap cm) {
        events.add("ADD " + name(cm) + " v=" + version(cm));
    }

    @Override
    public void onUpdate(ConfigMap before, ConfigMap after) {
        events.add("UPDATE " + name(after) + " v=" + version(before) + "->" + version(after));
    }

    @Override
    public void onDelete(ConfigMap cm, boolean finalStateUnknown) {
        events.add("DELETE " + name(cm));
    }

    /** All events so far. */
    List<String> events() {
        return List.copyOf(events);
    }

    /** The number of events so far: a mark for {@link #since}. */
    int mark() {
        return events.size();
    }

    /** Events delivered after {@code mark}. */
    List<String> since(int mark) {
        List<String> all = events();
        return all.subList(Math.min(mark, all.size()), all.size());
    }

    /** Events about one object delivered after {@code mark}, in order. */
    List<String> about(String name, int mark) {
        return since(mark).stream().filter(e -> e.split(" ")[1].equals(name)).toList();
    }

    private static String name(ConfigMap cm) {
        return cm.getMetadata().getName();
    }

    private static String version(ConfigMap cm) {
        Map<String, String> data = cm.getData();
        return data == null ? "-" : data.getOrDefault("v", "-");
    }
}
