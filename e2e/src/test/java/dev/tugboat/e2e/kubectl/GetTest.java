package dev.tugboat.e2e.kubectl;

import static dev.tugboat.e2e.kubectl.Tables.assertTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.e2e.Kubectl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code kubectl get} in every output format, with selectors, across namespaces and sorted. The tests
 * here only read: they share three pods created once in one namespace (pods stay Pending: the server
 * runs no simulated nodes, so the scheduler finds none to bind them to).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GetTest {

    private Cluster cluster;
    private String ns;

    @BeforeAll
    void startServerWithPods() throws Exception {
        cluster = Cluster.start();
        ns = cluster.newNamespace("get");
        String pods = pod("db", "app: db", "redis:7") + "---\n" + pod("web-1", "app: web\n    tier: fe", "nginx:2")
                + "---\n" + pod("web-2", "app: web", "nginx:1");
        Kubectl.Result r = cluster.runWithInput(pods, "create", "-f", "-", "-n", ns).assertOk();
        assertThat(r.out()).isEqualTo("pod/db created\npod/web-1 created\npod/web-2 created\n");
    }

    private String pod(String name, String labels, String image) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels:
                    %s
                    suite: %s
                spec:
                  containers:
                  - name: main
                    image: %s
                """.formatted(name, labels, ns, image);
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void getPrintsTheServersTableWithPodColumns() throws Exception {
        assertTable(cluster.ok("get", "pods", "-n", ns), """
                NAME    READY   STATUS    RESTARTS   AGE
                db      0/1     Pending   0          {age}
                web-1   0/1     Pending   0          {age}
                web-2   0/1     Pending   0          {age}
                """);
    }

    @Test
    void getOfOneObjectByShortNameAndByTypeSlashName() throws Exception {
        assertTable(cluster.ok("get", "po", "db", "-n", ns), """
                NAME   READY   STATUS    RESTARTS   AGE
                db     0/1     Pending   0          {age}
                """);
        assertTable(cluster.ok("get", "pod/db", "pods/web-1", "-n", ns), """
                NAME    READY   STATUS    RESTARTS   AGE
                db      0/1     Pending   0          {age}
                web-1   0/1     Pending   0          {age}
                """);
    }

    @Test
    void getWideAddsThePriorityOneColumns() throws Exception {
        assertTable(cluster.ok("get", "pods", "-n", ns, "-o", "wide"), """
                NAME    READY   STATUS    RESTARTS   AGE     IP       NODE     NOMINATED NODE   READINESS GATES
                db      0/1     Pending   0          {age}   <none>   <none>   <none>           <none>
                web-1   0/1     Pending   0          {age}   <none>   <none>   <none>           <none>
                web-2   0/1     Pending   0          {age}   <none>   <none>   <none>           <none>
                """);
    }

    @Test
    void getOfAMissingObjectIsNotFound() throws Exception {
        Kubectl.Result r = cluster.run("get", "pod", "nope", "-n", ns);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Error from server (NotFound): pods \"nope\" not found\n");
    }

    @Test
    void getOfAnUnknownResourceTypeSaysSo() throws Exception {
        Kubectl.Result r = cluster.run("get", "widgets");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: the server doesn't have a resource type \"widgets\"\n");
    }

    @Test
    void getOutputNameJsonpathAndCustomColumns() throws Exception {
        assertThat(cluster.ok("get", "pods", "-n", ns, "-o", "name")).isEqualTo("pod/db\npod/web-1\npod/web-2\n");
        assertThat(cluster.ok("get", "pods", "-n", ns, "-o", "jsonpath={.items[*].metadata.name}"))
                .isEqualTo("db web-1 web-2");
        assertThat(cluster.ok("get", "pods", "-n", ns, "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.spec.containers[0].image}{\"\\n\"}{end}"))
                .isEqualTo("db=redis:7\nweb-1=nginx:2\nweb-2=nginx:1\n");
        assertTable(cluster.ok("get", "pods", "-n", ns, "-o",
                "custom-columns=NAME:.metadata.name,APP:.metadata.labels.app,TIER:.metadata.labels.tier,"
                        + "IMAGE:.spec.containers[0].image"), """
                NAME    APP   TIER     IMAGE
                db      db    <none>   redis:7
                web-1   web   fe       nginx:2
                web-2   web   <none>   nginx:1
                """);
    }

    @Test
    void getYamlOfOneObjectAndOfAList() throws Exception {
        // The scheduler marks the pod unschedulable (PodScheduled=False) once it has tried it; Go writes the
        // condition's unset lastProbeTime as null.
        String one = await().atMost(Duration.ofSeconds(30)).until(
                () -> cluster.ok("get", "pod", "db", "-n", ns, "-o", "yaml"), y -> y.contains("type: PodScheduled"));
        String list = cluster.ok("get", "pods", "-n", ns, "-o", "yaml");

        assertThat(one).startsWith("apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"")
                .contains("\n  name: db\n  namespace: " + ns + "\n")
                .containsPattern("\n  resourceVersion: \"\\d+\"\n  uid: [0-9a-f-]{36}\n")
                .containsPattern("\nstatus:\n  conditions:\n  - lastProbeTime: null\n"
                        + "    lastTransitionTime: \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"\n"
                        + "    message: no nodes available to schedule pods\n    reason: Unschedulable\n"
                        + "    status: \"False\"\n    type: PodScheduled\n  phase: Pending\n  qosClass: BestEffort\n$");
        assertThat(list).startsWith("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n")
                .endsWith("\nkind: List\nmetadata:\n  resourceVersion: \"\"\n");
    }

    @Test
    void getJsonShowsTheDefaultsAndAdmissionTheServerApplied() throws Exception {
        JsonNode pod = cluster.json("get", "pod", "web-1", "-n", ns);

        assertThat(pod.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(pod.get("kind").asText()).isEqualTo("Pod");
        JsonNode spec = pod.get("spec");
        assertThat(spec.get("restartPolicy").asText()).isEqualTo("Always");
        assertThat(spec.get("dnsPolicy").asText()).isEqualTo("ClusterFirst");
        assertThat(spec.get("schedulerName").asText()).isEqualTo("default-scheduler");
        assertThat(spec.get("terminationGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(spec.get("serviceAccountName").asText()).isEqualTo("default");
        assertThat(spec.get("priority").asInt()).isZero();
        assertThat(spec.at("/containers/0/imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        assertThat(spec.at("/containers/0/terminationMessagePath").asText()).isEqualTo("/dev/termination-log");
        List<String> tolerations = new ArrayList<>();
        spec.get("tolerations").forEach(t -> tolerations.add(t.get("key").asText() + ":" + t.get("effect").asText()
                + ":" + t.get("operator").asText() + ":" + t.get("tolerationSeconds").asInt()));
        assertThat(tolerations).containsExactly("node.kubernetes.io/not-ready:NoExecute:Exists:300",
                "node.kubernetes.io/unreachable:NoExecute:Exists:300");
        assertThat(pod.at("/status/phase").asText()).isEqualTo("Pending");
        assertThat(pod.at("/status/qosClass").asText()).isEqualTo("BestEffort");
    }

    @Test
    void getFiltersByLabelSelector() throws Exception {
        assertThat(cluster.ok("get", "pods", "-n", ns, "-l", "app=web", "-o", "name"))
                .isEqualTo("pod/web-1\npod/web-2\n");
        assertThat(cluster.ok("get", "pods", "-n", ns, "-l", "app in (db, cache)", "-o", "name"))
                .isEqualTo("pod/db\n");
        assertThat(cluster.ok("get", "pods", "-n", ns, "-l", "app=web,!tier", "-o", "name"))
                .isEqualTo("pod/web-2\n");
        assertThat(cluster.ok("get", "pods", "-n", ns, "-l", "app!=web", "-o", "name")).isEqualTo("pod/db\n");
    }

    @Test
    void getFiltersByFieldSelector() throws Exception {
        assertThat(cluster.ok("get", "pods", "-n", ns, "--field-selector", "metadata.name=web-2", "-o", "name"))
                .isEqualTo("pod/web-2\n");
        assertThat(cluster.ok("get", "pods", "-n", ns, "--field-selector", "status.phase=Pending,metadata.name!=db",
                "-o", "name")).isEqualTo("pod/web-1\npod/web-2\n");

        Kubectl.Result none = cluster.run("get", "pods", "-n", ns, "--field-selector", "status.phase=Running");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).isEqualTo("No resources found in " + ns + " namespace.\n");
    }

    @Test
    void getWithAnUnsupportedFieldSelectorIsABadRequest() throws Exception {
        Kubectl.Result r = cluster.run("get", "pods", "-n", ns, "--field-selector", "spec.image=x");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" "
                + "that match label selector \"\", field selector \"spec.image=x\": field label not supported: "
                + "spec.image\n");
    }

    @Test
    void getAcrossAllNamespacesAddsTheNamespaceColumn() throws Exception {
        assertTable(cluster.ok("get", "pods", "-A", "-l", "suite=" + ns), """
                NAMESPACE   NAME    READY   STATUS    RESTARTS   AGE
                %1$s       db      0/1     Pending   0          {age}
                %1$s       web-1   0/1     Pending   0          {age}
                %1$s       web-2   0/1     Pending   0          {age}
                """.formatted(ns));
    }

    @Test
    void getShowLabelsAddsALabelsColumn() throws Exception {
        assertTable(cluster.ok("get", "pods", "-n", ns, "--show-labels"), """
                NAME    READY   STATUS    RESTARTS   AGE     LABELS
                db      0/1     Pending   0          {age}   app=db,suite=%1$s
                web-1   0/1     Pending   0          {age}   app=web,suite=%1$s,tier=fe
                web-2   0/1     Pending   0          {age}   app=web,suite=%1$s
                """.formatted(ns));
        assertTable(cluster.ok("get", "pods", "-n", ns, "-L", "tier"), """
                NAME    READY   STATUS    RESTARTS   AGE     TIER
                db      0/1     Pending   0          {age}
                web-1   0/1     Pending   0          {age}   fe
                web-2   0/1     Pending   0          {age}
                """);
    }

    @Test
    void getSortByOrdersRowsByTheGivenField() throws Exception {
        assertTable(cluster.ok("get", "pods", "-n", ns, "--sort-by=.spec.containers[0].image"), """
                NAME    READY   STATUS    RESTARTS   AGE
                web-2   0/1     Pending   0          {age}
                web-1   0/1     Pending   0          {age}
                db      0/1     Pending   0          {age}
                """);
        assertThat(cluster.ok("get", "pods", "-n", ns, "--sort-by=.spec.containers[0].image", "-o", "name"))
                .isEqualTo("pod/web-2\npod/web-1\npod/db\n");
    }

    @Test
    void getNamespacesListsTheSystemNamespaces() throws Exception {
        String out = cluster.ok("get", "namespaces", "default", "kube-system", "kube-public", "kube-node-lease", ns);

        assertTable(out, """
                NAME              STATUS   AGE
                default           Active   {age}
                kube-system       Active   {age}
                kube-public       Active   {age}
                kube-node-lease   Active   {age}
                %s             Active   {age}
                """.formatted(ns));
    }

    @Test
    void getOfTheDefaultKubernetesService() throws Exception {
        assertTable(cluster.ok("get", "svc", "kubernetes", "-n", "default", "-o", "wide"), """
                NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE     SELECTOR
                kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   {age}   <none>
                """);
    }
}
