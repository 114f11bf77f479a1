package dev.tugboat.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.labels.InvalidSelectorException;
import dev.tugboat.api.labels.LabelSelector;
import dev.tugboat.api.labels.Labels;
import dev.tugboat.api.meta.Meta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Printers of workload controllers: Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, ControllerRevision. */
final class AppsPrinters {

    private AppsPrinters() {
    }

    private static String age(JsonNode obj, Instant now) {
        return Cells.age(Obj.at(obj, "metadata", "creationTimestamp"), now);
    }

    /** Replicas default to 1 when absent, as decoding with defaults gives them. */
    private static long desired(JsonNode obj) {
        return Obj.numOr(obj, 1, "spec", "replicas");
    }

    /** Cells followed by the wide CONTAINERS and IMAGES of a pod template. */
    private static List<Object> withContainers(List<Object> cells, JsonNode template) {
        List<Object> out = new ArrayList<>(cells);
        out.addAll(Cells.containerCells(template.path("spec")));
        return out;
    }

    static TablePrinter deployment() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.str("Ready", "Number of the pod with ready state"),
                Columns.str("Up-to-date", "Total number of pods running the latest template."),
                Columns.str("Available", "Total number of pods available for at least minReadySeconds."),
                Columns.age(), Columns.containers(), Columns.images(),
                Columns.selector("Label query over pods that should match the replicas count.")),
                (d, now) -> {
                    List<Object> cells = withContainers(List.of(Meta.name(d),
                            Obj.num(d, "status", "readyReplicas") + "/" + desired(d),
                            Obj.num(d, "status", "updatedReplicas"), Obj.num(d, "status", "availableReplicas"),
                            age(d, now)), d.path("spec").path("template"));
                    cells.add(selectorString(Obj.at(d, "spec", "selector")));
                    return cells;
                });
    }

    /** The selector's canonical string; {@code <invalid>} when it does not convert. */
    private static String selectorString(JsonNode selector) {
        try {
            return LabelSelector.fromJson(selector).toString();
        } catch (InvalidSelectorException e) {
            return "<invalid>";
        }
    }

    static TablePrinter replicaSet() {
        return new SimplePrinter(replicaColumns(), (rs, now) -> {
            List<Object> cells = withContainers(replicaCells(rs, now), rs.path("spec").path("template"));
            cells.add(Labels.formatSelector(Obj.at(rs, "spec", "selector")));
            return cells;
        });
    }

    static TablePrinter replicationController() {
        return new SimplePrinter(replicaColumns(), (rc, now) -> {
            List<Object> cells = withContainers(replicaCells(rc, now), rc.path("spec").path("template"));
            cells.add(Labels.format(Obj.map(rc, "spec", "selector")));
            return cells;
        });
    }

    private static List<Column> replicaColumns() {
        return List.of(Columns.name(),
                Columns.integer("Desired", "The number of desired replicas."),
                Columns.integer("Current", "The most recently observed number of replicas."),
                Columns.integer("Ready", "The number of ready replicas."),
                Columns.age(), Columns.containers(), Columns.images(),
                Columns.selector("Label query over pods that should match the replicas count."));
    }

    private static List<Object> replicaCells(JsonNode obj, Instant now) {
        return List.of(Meta.name(obj), desired(obj), Obj.num(obj, "status", "replicas"),
                Obj.num(obj, "status", "readyReplicas"), age(obj, now));
    }

    static TablePrinter statefulSet() {
        return new SimplePrinter(List.of(Columns.name(), Columns.str("Ready", "Number of the pod with ready state"),
                Columns.age(), Columns.containers(), Columns.images()),
                (sts, now) -> withContainers(List.of(Meta.name(sts),
                        Obj.num(sts, "status", "readyReplicas") + "/" + desired(sts), age(sts, now)),
                        sts.path("spec").path("template")));
    }

    static TablePrinter daemonSet() {
        return new SimplePrinter(List.of(Columns.name(),
                Columns.integer("Desired", "The number of nodes that should be running the daemon pod."),
                Columns.integer("Current", "The number of nodes running at least one daemon pod that should."),
                Columns.integer("Ready", "The number of nodes whose daemon pod is ready."),
                Columns.integer("Up-to-date", "The number of nodes running the updated daemon pod."),
                Columns.integer("Available", "The number of nodes whose daemon pod is available."),
                Columns.str("Node Selector", "The node selector of the pod template."),
                Columns.age(), Columns.containers(), Columns.images(),
                Columns.selector("A label query over pods that are managed by the daemon set.")),
                (ds, now) -> {
                    JsonNode status = ds.path("status");
                    List<Object> cells = withContainers(List.of(Meta.name(ds),
                            Obj.num(status, "desiredNumberScheduled"), Obj.num(status, "currentNumberScheduled"),
                            Obj.num(status, "numberReady"), Obj.num(status, "updatedNumberScheduled"),
                            Obj.num(status, "numberAvailable"),
                            Labels.format(Obj.map(ds, "spec", "template", "spec", "nodeSelector")), age(ds, now)),
                            ds.path("spec").path("template"));
                    cells.add(Labels.formatSelector(Obj.at(ds, "spec", "selector")));
                    return cells;
                });
    }

    /** CONTROLLER is the controlling owner as {@code kind.group/name} in lower case, or {@code <none>}. */
    static TablePrinter controllerRevision() {
        return new SimplePrinter(List.of(Columns.name(), Columns.str("Controller", "Controller of the object"),
                Columns.str("Revision", "The revision of the state the data represents."), Columns.age()),
                (cr, now) -> List.of(Meta.name(cr), controller(cr), Obj.num(cr, "revision"), age(cr, now)));
    }

    private static String controller(JsonNode obj) {
        for (JsonNode ref : Meta.ownerReferences(obj)) {
            if (ref.path("controller").asBoolean(false)) {
                String apiVersion = ref.path("apiVersion").asText("");
                int slash = apiVersion.indexOf('/');
                String group = slash < 0 ? "" : apiVersion.substring(0, slash);
                String kind = ref.path("kind").asText("");
                String groupKind = group.isEmpty() ? kind : kind + "." + group;
                String name = ref.path("name").asText("");
                return groupKind.isEmpty() ? name : groupKind.toLowerCase(Locale.ROOT) + "/" + name;
            }
        }
        return "<none>";
    }
}
