package dev.tugboat.e2e.kubectl;

import static dev.tugboat.e2e.kubectl.Tables.assertTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tugboat.api.meta.Json;
import dev.tugboat.e2e.Kubectl;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What kubectl learns about the server: version, API groups and resources, cluster-info and explain. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DiscoveryTest {

    private Cluster cluster;

    @BeforeAll
    void startServer() throws Exception {
        cluster = Cluster.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void versionShowsTheServerAndTheDispatcherPicksTheMatchingKubectl() throws Exception {
        String out = cluster.ok("version");

        assertThat(out).matches("""
                Client Version: v1\\.33\\.\\d+
                Kustomize Version: v\\S+
                Server Version: v1\\.33\\.0\\+tugboat
                """);
        JsonNode json = Json.MAPPER.readTree(cluster.ok("version", "-o", "json"));
        assertThat(json.at("/serverVersion/major").asText()).isEqualTo("1");
        assertThat(json.at("/serverVersion/minor").asText()).isEqualTo("33");
        assertThat(json.at("/serverVersion/gitVersion").asText()).isEqualTo("v1.33.0+tugboat");
        assertThat(json.at("/serverVersion/platform").asText()).isEqualTo("linux/amd64");
    }

    @Test
    void apiVersionsListsEveryServedGroupVersionSorted() throws Exception {
        List<String> versions = cluster.ok("api-versions").lines().toList();

        assertThat(versions).isSorted().doesNotHaveDuplicates().contains("v1", "apps/v1", "batch/v1",
                "autoscaling/v1", "autoscaling/v2", "networking.k8s.io/v1", "policy/v1",
                "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1", "coordination.k8s.io/v1",
                "discovery.k8s.io/v1", "events.k8s.io/v1", "scheduling.k8s.io/v1", "apiextensions.k8s.io/v1");
    }

    @Test
    void apiResourcesOfOneGroupAsATable() throws Exception {
        assertTable(cluster.ok("api-resources", "--api-group=apps"), """
                NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND
                controllerrevisions                apps/v1      true         ControllerRevision
                daemonsets            ds           apps/v1      true         DaemonSet
                deployments           deploy       apps/v1      true         Deployment
                replicasets           rs           apps/v1      true         ReplicaSet
                statefulsets          sts          apps/v1      true         StatefulSet
                """);
    }

    @Test
    void apiResourcesWideShowsVerbsAndCategories() throws Exception {
        assertTable(cluster.ok("api-resources", "--api-group=batch", "-o", "wide"), """
                NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND      VERBS                                                        CATEGORIES
                cronjobs   cj           batch/v1     true         CronJob   create,delete,deletecollection,get,list,patch,update,watch   all
                jobs                    batch/v1     true         Job       create,delete,deletecollection,get,list,patch,update,watch   all
                """);
    }

    @Test
    void apiResourcesOfTheCoreGroupCarryTheUsualShortNames() throws Exception {
        String out = cluster.ok("api-resources", "--api-group=");

        assertThat(Tables.cells(out).getFirst()).containsExactly("NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED",
                "KIND");
        assertThat(out).containsPattern("(?m)^pods +po +v1 +true +Pod$")
                .containsPattern("(?m)^services +svc +v1 +true +Service$")
                .containsPattern("(?m)^namespaces +ns +v1 +false +Namespace$")
                .containsPattern("(?m)^configmaps +cm +v1 +true +ConfigMap$")
                .containsPattern("(?m)^nodes +no +v1 +false +Node$")
                .containsPattern("(?m)^bindings +v1 +true +Binding$");
    }

    @Test
    void apiResourcesByScopeAndVerbAsNames() throws Exception {
        List<String> clusterScoped = cluster.ok("api-resources", "--namespaced=false", "-o", "name").lines().toList();
        List<String> listable = cluster.ok("api-resources", "--verbs=list", "--api-group=apps", "-o", "name")
                .lines().toList();

        assertThat(clusterScoped).contains("namespaces", "nodes", "persistentvolumes",
                "customresourcedefinitions.apiextensions.k8s.io", "clusterroles.rbac.authorization.k8s.io",
                "storageclasses.storage.k8s.io", "priorityclasses.scheduling.k8s.io")
                .doesNotContain("pods", "deployments.apps");
        assertThat(listable).containsExactly("controllerrevisions.apps", "daemonsets.apps", "deployments.apps",
                "replicasets.apps", "statefulsets.apps");
    }

    @Test
    void shortNamesAndCategoriesResolve() throws Exception {
        String ns = cluster.newNamespace("names");
        cluster.ok("create", "deployment", "web", "--image=nginx", "-n", ns);
        cluster.ok("create", "service", "clusterip", "web", "--tcp=80:80", "-n", ns);

        assertThat(cluster.ok("get", "deploy,svc", "-n", ns, "-o", "name"))
                .isEqualTo("deployment.apps/web\nservice/web\n");
        // "all" also takes in what the Deployment made: its ReplicaSet (web-<pod-template-hash>) and that
        // one's pod, in discovery order (core before apps), as upstream kubectl lists them.
        String rs = await().atMost(Duration.ofSeconds(30)).until(
                () -> cluster.run("get", "replicasets", "-n", ns, "-o", "name").out(), out -> !out.isEmpty()).strip();
        assertThat(rs).matches("replicaset\\.apps/web-[bcdfghjklmnpqrstvwxz2456789]{1,10}");
        String rsName = rs.substring("replicaset.apps/".length());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                cluster.ok("get", "all", "-n", ns, "-o", "name")).matches("pod/" + rsName + "-[bcdfghjklmnpqrstvwxz2456789]{5}\n"
                        + "service/web\ndeployment\\.apps/web\n" + "replicaset\\.apps/" + rsName + "\n"));
    }

    @Test
    void clusterInfoNamesTheControlPlane() throws Exception {
        assertThat(cluster.ok("cluster-info")).isEqualTo("""
                Kubernetes control plane is running at %s

                To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.
                """.formatted(cluster.server().url()));
    }

    @Test
    void explainOfAFieldShowsItsTypeAndDescription() throws Exception {
        assertThat(cluster.ok("explain", "deployment.spec.replicas")).isEqualTo("""
                GROUP:      apps
                KIND:       Deployment
                VERSION:    v1

                FIELD: replicas <integer>


                DESCRIPTION:
                    Number of desired pods. This is a pointer to distinguish between explicit
                    zero and not specified. Defaults to 1.
                   \s

                """);
    }

    @Test
    void explainOfAKindListsItsFields() throws Exception {
        String out = cluster.ok("explain", "configmap");

        assertThat(out).startsWith("""
                KIND:       ConfigMap
                VERSION:    v1

                DESCRIPTION:
                    ConfigMap holds configuration data for pods to consume.
                   \s
                FIELDS:
                  apiVersion\t<string>
                """);
        assertThat(out).contains("\n  binaryData\t<map[string]string>\n", "\n  data\t<map[string]string>\n",
                "\n  immutable\t<boolean>\n", "\n  kind\t<string>\n", "\n  metadata\t<ObjectMeta>\n");
    }

    @Test
    void explainRecursiveWalksNestedTypes() throws Exception {
        String out = cluster.ok("explain", "service.spec", "--recursive");

        assertThat(out).startsWith("KIND:       Service\nVERSION:    v1\n\nFIELD: spec <ServiceSpec>\n")
                .contains("\n  ports\t<[]ServicePort>\n    appProtocol\t<string>\n    name\t<string>\n"
                        + "    nodePort\t<integer>\n    port\t<integer> -required-\n")
                .contains("\n    targetPort\t<IntOrString>\n")
                .contains("\n  type\t<string>\n");
    }

    @Test
    void explainOfAnUnknownFieldFails() throws Exception {
        Kubectl.Result r = cluster.run("explain", "pods.spec.nope");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: field \"nope\" does not exist\n");
    }

    @Test
    void explainOfAnUnknownTypeFails() throws Exception {
        Kubectl.Result r = cluster.run("explain", "widgets");

        // explain prints this discovery miss without the "error: " prefix (kubectl's own wording).
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("the server doesn't have a resource type \"widgets\"\n");
    }
}
