package dev.tugboat.kubelet.metrics;

import dev.tugboat.api.meta.GoFloats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A node's sample in the kubelet's {@code /metrics/resource} format (Prometheus text 0.0.4): the
 * families upstream's resource metrics collector writes, with its HELP texts, label names and order,
 * values printed as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} and millisecond timestamps. Pure.
 */
public final class ResourceMetricsText {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private ResourceMetricsText() {
    }

    /** One family: name, type, HELP text. Families are written sorted by name, as Prometheus gathers them. */
    private record Family(String name, String type, String help) {
        void header(StringBuilder out) {
            out.append("# HELP ").append(name).append(" [STABLE] ").append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }
    }

    private static final Family CONTAINER_CPU = new Family("container_cpu_usage_seconds_total", "counter",
            "Cumulative cpu time consumed by the container in core-seconds");
    private static final Family CONTAINER_MEMORY = new Family("container_memory_working_set_bytes", "gauge",
            "Current working set of the container in bytes");
    private static final Family CONTAINER_START = new Family("container_start_time_seconds", "gauge",
            "Start time of the container since unix epoch in seconds");
    private static final Family NODE_CPU = new Family("node_cpu_usage_seconds_total", "counter",
            "Cumulative cpu time consumed by the node in core-seconds");
    private static final Family NODE_MEMORY = new Family("node_memory_working_set_bytes", "gauge",
            "Current working set of the node in bytes");
    private static final Family POD_CPU = new Family("pod_cpu_usage_seconds_total", "counter",
            "Cumulative cpu time consumed by the pod in core-seconds");
    private static final Family POD_MEMORY = new Family("pod_memory_working_set_bytes", "gauge",
            "Current working set of the pod in bytes");
    private static final Family SCRAPE_ERROR = new Family("resource_scrape_error", "gauge",
            "1 if there was an error while getting container metrics, 0 otherwise");

    /** One container line's labels and sample. */
    private record ContainerRow(String namespace, String pod, ResourceSample.ContainerSample sample) {
    }

    public static String render(ResourceSample.NodeSample s) {
        StringBuilder out = new StringBuilder(512 + 400 * s.pods().size());
        String ts = Long.toString(s.timestamp().toEpochMilli());
        List<ResourceSample.PodSample> pods = new ArrayList<>(s.pods());
        // Label sets in the order Prometheus sorts them: by namespace, then pod (then container).
        pods.sort(Comparator.comparing(ResourceSample.PodSample::namespace).thenComparing(ResourceSample.PodSample::name));
        List<ContainerRow> rows = new ArrayList<>();
        for (ResourceSample.PodSample p : pods) {
            p.containers().forEach(c -> rows.add(new ContainerRow(p.namespace(), p.name(), c)));
        }
        rows.sort(Comparator.comparing((ContainerRow r) -> r.sample().container()).thenComparing(ContainerRow::namespace)
                .thenComparing(ContainerRow::pod));
        if (!rows.isEmpty()) {
            CONTAINER_CPU.header(out);
            rows.forEach(r -> line(out, CONTAINER_CPU, containerLabels(r), seconds(r.sample().cpuCoreNanos()), ts));
            CONTAINER_MEMORY.header(out);
            rows.forEach(r -> line(out, CONTAINER_MEMORY, containerLabels(r), GoFloats.formatG(r.sample().memoryBytes()), ts));
            CONTAINER_START.header(out);
            rows.forEach(r -> {
                Instant started = r.sample().startedAt();
                line(out, CONTAINER_START, containerLabels(r), seconds(started.getEpochSecond() * 1_000_000_000L
                        + started.getNano()), Long.toString(started.toEpochMilli()));
            });
        }
        NODE_CPU.header(out);
        line(out, NODE_CPU, "", seconds(s.cpuCoreNanos()), ts);
        NODE_MEMORY.header(out);
        line(out, NODE_MEMORY, "", GoFloats.formatG(s.memoryBytes()), ts);
        if (!pods.isEmpty()) {
            POD_CPU.header(out);
            pods.forEach(p -> line(out, POD_CPU, podLabels(p.namespace(), p.name()), seconds(p.cpuCoreNanos()), ts));
            POD_MEMORY.header(out);
            pods.forEach(p -> line(out, POD_MEMORY, podLabels(p.namespace(), p.name()), GoFloats.formatG(p.memoryBytes()), ts));
        }
        SCRAPE_ERROR.header(out);
        out.append(SCRAPE_ERROR.name()).append(" 0\n");
        return out.toString();
    }

    private static void line(StringBuilder out, Family f, String labels, String value, String timestamp) {
        out.append(f.name()).append(labels).append(' ').append(value).append(' ').append(timestamp).append('\n');
    }

    private static String containerLabels(ContainerRow r) {
        return "{container=\"" + escape(r.sample().container()) + "\",namespace=\"" + escape(r.namespace())
                + "\",pod=\"" + escape(r.pod()) + "\"}";
    }

    private static String podLabels(String namespace, String pod) {
        return "{namespace=\"" + escape(namespace) + "\",pod=\"" + escape(pod) + "\"}";
    }

    /** A label value as the text format escapes it: backslash, double quote and line feed. */
    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String seconds(long nanos) {
        return GoFloats.formatG(nanos / 1e9);
    }
}
