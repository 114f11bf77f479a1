package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.labels.Labels;
import dev.tugboat.api.meta.Json;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Printers of IngressClass, NetworkPolicy and EndpointSlice. */
final class NetworkingPrinters {

    private static final int MAX_ENTRIES = 3;

    private NetworkingPrinters() {
    }

    private static String age(JsonNode obj, Instant now) {
        return Cells.age(Obj.at(obj, "metadata", "creationTimestamp"), now);
    }

    /** PARAMETERS is {@code Kind.apiGroup/name}, or {@code <none>}. */
    static TablePrinter ingressClass() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Controller", "Controller that is responsible for handling this class"),
                Columns.str("Parameters", "A reference to a resource with additional parameters"), Columns.age()),
                (ic, now) -> {
                    JsonNode params = Obj.at(ic, "spec", "parameters");
                    String parameters = "<none>";
                    if (params.isObject()) {
                        parameters = params.path("kind").asText("");
                        if (params.path("apiGroup").isTextual()) {
                            parameters += "." + params.path("apiGroup").asText();
                        }
                        parameters += "/" + params.path("name").asText("");
                    }
                    return List.of(Meta.name(ic), Obj.str(ic, "spec", "controller"), parameters, age(ic, now));
                });
    }

    static TablePrinter networkPolicy() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Pod-Selector", "The pods this policy applies to."), Columns.age()),
                (np, now) -> List.of(Meta.name(np), Labels.formatSelector(podSelector(np)), age(np, now)));
    }

    /** podSelector is a non-pointer field upstream: absent reads as the empty selector. */
    private static JsonNode podSelector(JsonNode np) {
        JsonNode s = Obj.at(np, "spec", "podSelector");
        return s.isObject() ? s : Json.object();
    }

    static TablePrinter endpointSlice() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("AddressType", "The type of addresses carried by the slice."),
                Columns.str("Ports", "The ports exposed by the endpoints."),
                Columns.str("Endpoints", "The addresses of the endpoints."), Columns.age()),
                (slice, now) -> {
                    List<String> ports = new ArrayList<>();
                    for (JsonNode p : Obj.list(slice, "ports")) {
                        ports.add(p.path("port").isNumber() ? p.path("port").asText()
                                : p.path("name").isTextual() ? p.path("name").asText() : "*");
                    }
                    List<String> addresses = new ArrayList<>();
                    for (JsonNode e : Obj.list(slice, "endpoints")) {
                        Obj.list(e, "addresses").forEach(a -> addresses.add(a.asText("")));
                    }
                    return List.of(Meta.name(slice), Obj.str(slice, "addressType"),
                            Cells.listWithMore(ports, MAX_ENTRIES), Cells.listWithMore(addresses, MAX_ENTRIES),
                            age(slice, now));
                });
    }
}
