package dev.tugboat.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.scheduler.plugins.podtopologyspread.SpreadListers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Services and controllers set by hand, for the default topology spreading. */
public final class FakeSpreadListers implements SpreadListers {

    private final Map<String, List<Map<String, String>>> services = new HashMap<>();
    private final Map<String, JsonNode> controllers = new HashMap<>();

    public FakeSpreadListers service(String ns, Map<String, String> selector) {
        services.computeIfAbsent(ns, k -> new ArrayList<>()).add(selector);
        return this;
    }

    /** A controller with {@code spec.selector} given as JSON with single quotes. */
    public FakeSpreadListers controller(ControllerKind kind, String ns, String name, String selectorJson) {
        controllers.put(kind + "/" + ns + "/" + name, Objects.json(selectorJson));
        return this;
    }

    @Override
    public Collection<Map<String, String>> serviceSelectors(String namespace) {
        return services.getOrDefault(namespace, List.of());
    }

    @Override
    public JsonNode controllerSelector(ControllerKind kind, String namespace, String name) {
        return controllers.get(kind + "/" + namespace + "/" + name);
    }
}
